// collectives lab (reference): ring reduce-scatter, all-gather and all-reduce among N simulated ranks that only talk through a network.

/** The simulated network the tests hand you: ranks exchange copies of Float32Arrays in lock-step rounds. */
export interface Network {
  /** Number of ranks N. */
  readonly size: number;
  /** Rank `src` sends a copy of `data` to rank `dst`; it arrives when the round ends. */
  send(src: number, dst: number, data: Float32Array): void;
  /** Ends the round: every message sent since the last step() is delivered. */
  step(): void;
  /** Rank `dst` takes the oldest delivered message from rank `src` (throws if there is none). */
  recv(dst: number, src: number): Float32Array;
}

/** Task 1: chunk i of a vector of `length` elements split among n ranks is [floor(i·length/n), floor((i+1)·length/n)). */
export function chunkBounds(length: number, n: number): [number, number][] {
  if (!Number.isInteger(length) || length < 0) throw new RangeError(`chunkBounds: length must be a non-negative integer, got ${length}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`chunkBounds: n must be a positive integer, got ${n}`);
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) out.push([Math.floor((i * length) / n), Math.floor(((i + 1) * length) / n)]);
  return out;
}

/** Task 1: bytes one rank sends in the textbook ring algorithm (even chunks): (N−1)/N·size per phase, two phases for all-reduce. */
export function ringBytesPerRank(op: "reduceScatter" | "allGather" | "allReduce", length: number, n: number, bytesPerElement = 4): number {
  const phase = ((n - 1) / n) * length * bytesPerElement;
  return op === "allReduce" ? 2 * phase : phase;
}

function checkInputs(net: Network, bufs: Float32Array[], what: string): number {
  const n = net.size;
  if (bufs.length !== n) throw new Error(`${what}: expected one buffer per rank (${n}), got ${bufs.length}`);
  const len = bufs[0]!.length;
  bufs.forEach((b, r) => {
    if (b.length !== len) throw new Error(`${what}: rank ${r} has ${b.length} elements but rank 0 has ${len}; every rank must hold the same length`);
  });
  return len;
}

const mod = (a: number, n: number): number => ((a % n) + n) % n;

/**
 * Task 2: ring reduce-scatter. bufs[r] is rank r's full vector; returns, for every rank r, the sum over ranks of chunk r.
 * N−1 rounds; in round t rank r sends its running sum of chunk (r − t − 1) mod N to rank r + 1, which adds its own values.
 */
export function ringReduceScatter(net: Network, bufs: Float32Array[]): Float32Array[] {
  const n = net.size;
  const len = checkInputs(net, bufs, "ringReduceScatter");
  const bounds = chunkBounds(len, n);
  const work = bufs.map((b) => b.slice()); // each rank's private working copy
  for (let t = 0; t < n - 1; t++) {
    for (let r = 0; r < n; r++) {
      const [s, e] = bounds[mod(r - t - 1, n)]!;
      net.send(r, mod(r + 1, n), work[r]!.subarray(s, e));
    }
    net.step();
    for (let r = 0; r < n; r++) {
      const c = mod(r - 1 - t - 1, n); // the chunk rank r − 1 sent this round
      const [s] = bounds[c]!;
      const got = net.recv(r, mod(r - 1, n));
      const mine = work[r]!;
      for (let i = 0; i < got.length; i++) mine[s + i] = got[i]! + mine[s + i]!;
    }
  }
  return work.map((w, r) => w.slice(bounds[r]![0], bounds[r]![1]));
}

/**
 * Task 3: ring all-gather. chunks[r] is chunk r (chunkBounds(length, N)[r]) held by rank r; returns every rank's full vector.
 * N−1 rounds; in round t rank r forwards chunk (r − t) mod N to rank r + 1.
 */
export function ringAllGather(net: Network, chunks: Float32Array[], length: number): Float32Array[] {
  const n = net.size;
  if (chunks.length !== n) throw new Error(`ringAllGather: expected one chunk per rank (${n}), got ${chunks.length}`);
  const bounds = chunkBounds(length, n);
  chunks.forEach((c, r) => {
    const [s, e] = bounds[r]!;
    if (c.length !== e - s) throw new Error(`ringAllGather: rank ${r} holds ${c.length} elements but chunk ${r} of ${length} has ${e - s}`);
  });
  const full = chunks.map((c, r) => {
    const f = new Float32Array(length);
    f.set(c, bounds[r]![0]);
    return f;
  });
  for (let t = 0; t < n - 1; t++) {
    for (let r = 0; r < n; r++) {
      const [s, e] = bounds[mod(r - t, n)]!;
      net.send(r, mod(r + 1, n), full[r]!.subarray(s, e));
    }
    net.step();
    for (let r = 0; r < n; r++) {
      const [s] = bounds[mod(r - 1 - t, n)]!;
      full[r]!.set(net.recv(r, mod(r - 1, n)), s);
    }
  }
  return full;
}

/** Task 4: ring all-reduce = reduce-scatter then all-gather; every rank ends with the same full sum. */
export function ringAllReduce(net: Network, bufs: Float32Array[]): Float32Array[] {
  const len = checkInputs(net, bufs, "ringAllReduce");
  return ringAllGather(net, ringReduceScatter(net, bufs), len);
}

/** Task 4: the naive all-reduce to compare with: everyone sends everything to rank 0, rank 0 sums and sends the sum back. */
export function naiveAllReduce(net: Network, bufs: Float32Array[]): Float32Array[] {
  const n = net.size;
  const len = checkInputs(net, bufs, "naiveAllReduce");
  for (let r = 1; r < n; r++) net.send(r, 0, bufs[r]!);
  net.step();
  const sum = bufs[0]!.slice();
  for (let r = 1; r < n; r++) {
    const got = net.recv(0, r);
    for (let i = 0; i < len; i++) sum[i] = sum[i]! + got[i]!;
  }
  for (let r = 1; r < n; r++) net.send(0, r, sum);
  net.step();
  return bufs.map((_, r) => (r === 0 ? sum : net.recv(r, 0)));
}
