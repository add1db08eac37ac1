// collectives lab: ring reduce-scatter, all-gather and all-reduce among N simulated ranks that only talk through a network.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write

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
  throw new Error("TODO: chunkBounds (Task 1)");
}

/** Task 1: bytes one rank sends in the textbook ring algorithm (even chunks): (N−1)/N·size per phase, two phases for all-reduce. */
export function ringBytesPerRank(op: "reduceScatter" | "allGather" | "allReduce", length: number, n: number, bytesPerElement = 4): number {
  throw new Error("TODO: ringBytesPerRank (Task 1)");
}

/**
 * Task 2: ring reduce-scatter. bufs[r] is rank r's full vector; returns, for every rank r, the sum over ranks of chunk r.
 * N−1 rounds; in round t rank r sends its running sum of chunk (r − t − 1) mod N to rank r + 1, which adds its own values.
 * Leave the input buffers unchanged.
 */
export function ringReduceScatter(net: Network, bufs: Float32Array[]): Float32Array[] {
  throw new Error("TODO: ringReduceScatter (Task 2)");
}

/**
 * Task 3: ring all-gather. chunks[r] is chunk r (chunkBounds(length, N)[r]) held by rank r; returns every rank's full vector.
 * N−1 rounds; in round t rank r forwards chunk (r − t) mod N to rank r + 1.
 */
export function ringAllGather(net: Network, chunks: Float32Array[], length: number): Float32Array[] {
  throw new Error("TODO: ringAllGather (Task 3)");
}

/** Task 4: ring all-reduce = reduce-scatter then all-gather; every rank ends with the same full sum. */
export function ringAllReduce(net: Network, bufs: Float32Array[]): Float32Array[] {
  throw new Error("TODO: ringAllReduce (Task 4)");
}

/** Task 4: the naive all-reduce to compare with: everyone sends everything to rank 0, rank 0 sums and sends the sum back. */
export function naiveAllReduce(net: Network, bufs: Float32Array[]): Float32Array[] {
  throw new Error("TODO: naiveAllReduce (Task 4)");
}
