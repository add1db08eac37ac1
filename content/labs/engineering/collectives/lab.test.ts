// collectives lab: the tests shown to the learner — ring reduce-scatter, all-gather and all-reduce on simulated ranks, exact sums, bytes per rank.
import { chunkBounds, naiveAllReduce, ringAllGather, ringAllReduce, ringBytesPerRank, ringReduceScatter } from "learner";
import { expectClose, expectEqual, expectThrows, expectTrue, test } from "llmpath/testing";

/** Lock-step network of N simulated ranks: copies messages, delivers them at step(), counts what every rank sends. */
class SimNetwork {
  readonly bytesSent: number[];
  readonly messagesSent: number[];
  /** Every (src → dst) edge used, as "src>dst". */
  readonly edges = new Set<string>();
  rounds = 0;
  private inFlight: { src: number; dst: number; data: Float32Array }[] = [];
  private readonly mailbox = new Map<string, Float32Array[]>();
  constructor(readonly size: number) {
    this.bytesSent = new Array(size).fill(0);
    this.messagesSent = new Array(size).fill(0);
  }
  private check(rank: number, role: string): void {
    if (!Number.isInteger(rank) || rank < 0 || rank >= this.size) throw new Error(`SimNetwork: ${role} rank ${rank} is not in 0..${this.size - 1}`);
  }
  send(src: number, dst: number, data: Float32Array): void {
    this.check(src, "source");
    this.check(dst, "destination");
    if (src === dst) throw new Error(`SimNetwork: rank ${src} sent a message to itself; keep local data local`);
    this.inFlight.push({ src, dst, data: Float32Array.from(data) });
    this.bytesSent[src]! += data.byteLength;
    this.messagesSent[src]!++;
    this.edges.add(`${src}>${dst}`);
  }
  step(): void {
    for (const m of this.inFlight) {
      const key = `${m.src}>${m.dst}`;
      const box = this.mailbox.get(key) ?? [];
      box.push(m.data);
      this.mailbox.set(key, box);
    }
    this.inFlight = [];
    this.rounds++;
  }
  recv(dst: number, src: number): Float32Array {
    const box = this.mailbox.get(`${src}>${dst}`);
    const m = box?.shift();
    if (!m) throw new Error(`SimNetwork: rank ${dst} waits for a message from rank ${src}, but none was delivered (send it, then call step())`);
    return m;
  }
  /** Messages delivered but never received. */
  undelivered(): number {
    let n = this.inFlight.length;
    for (const box of this.mailbox.values()) n += box.length;
    return n;
  }
}

/** Rank r's vector: small integers, so float32 sums are exact in any order. */
function intBuffers(n: number, len: number, seed: number): Float32Array[] {
  return Array.from({ length: n }, (_, r) => Float32Array.from({ length: len }, (_, i) => ((i * 7 + r * 13 + seed) % 23) - 11));
}

function sumOf(bufs: Float32Array[]): Float32Array {
  const out = new Float32Array(bufs[0]!.length);
  for (const b of bufs) for (let i = 0; i < b.length; i++) out[i] = out[i]! + b[i]!;
  return out;
}

test("chunkBounds splits 10 elements among 4 ranks as floor(i·10/4)", () => {
  expectEqual(chunkBounds(10, 4), [[0, 2], [2, 5], [5, 7], [7, 10]], "chunkBounds(10, 4)");
  expectEqual(chunkBounds(8, 4), [[0, 2], [2, 4], [4, 6], [6, 8]], "chunkBounds(8, 4)");
  expectThrows(() => chunkBounds(8, 0), /n/);
}, { taskId: "task-1" });

test("ringBytesPerRank is the textbook (N−1)/N·size per phase", () => {
  expectClose(ringBytesPerRank("allReduce", 1000, 4), 2 * (3 / 4) * 1000 * 4, { atol: 0, rtol: 1e-12, label: "all-reduce, N = 4, 1000 floats" });
  expectClose(ringBytesPerRank("reduceScatter", 1000, 4), (3 / 4) * 1000 * 4, { atol: 0, rtol: 1e-12, label: "reduce-scatter" });
  expectClose(ringBytesPerRank("allGather", 600, 3, 2), (2 / 3) * 600 * 2, { atol: 0, rtol: 1e-12, label: "all-gather, 2-byte values" });
}, { taskId: "task-1" });

test("ring reduce-scatter on 4 ranks: rank r holds the exact sum of chunk r after 3 rounds", () => {
  const n = 4;
  const len = 16;
  const net = new SimNetwork(n);
  const bufs = intBuffers(n, len, 1);
  const before = bufs.map((b) => b.slice());
  const out = ringReduceScatter(net, bufs);
  const sum = sumOf(before);
  const bounds = chunkBounds(len, n);
  for (let r = 0; r < n; r++) expectEqual(Array.from(out[r]!), Array.from(sum.slice(bounds[r]![0], bounds[r]![1])), `rank ${r}'s chunk`);
  expectEqual(bufs.map((b) => Array.from(b)), before.map((b) => Array.from(b)), "the input buffers (leave them unchanged)");
  expectEqual(net.rounds, n - 1, "rounds (step() calls)");
  expectEqual(net.undelivered(), 0, "messages sent but never received");
}, { taskId: "task-2" });

test("ring reduce-scatter only talks to the right-hand neighbour, one message per rank per round", () => {
  const n = 5;
  const net = new SimNetwork(n);
  ringReduceScatter(net, intBuffers(n, 20, 3));
  expectEqual([...net.edges].sort(), Array.from({ length: n }, (_, r) => `${r}>${(r + 1) % n}`).sort(), "edges used");
  expectEqual(net.messagesSent, new Array(n).fill(n - 1), "messages per rank");
}, { taskId: "task-2" });

test("ring all-gather on 3 ranks: every rank ends with every chunk", () => {
  const n = 3;
  const len = 9;
  const full = Float32Array.from({ length: len }, (_, i) => i * 1.5 - 4);
  const bounds = chunkBounds(len, n);
  const net = new SimNetwork(n);
  const out = ringAllGather(net, bounds.map(([s, e]: [number, number]) => full.slice(s, e)), len);
  for (let r = 0; r < n; r++) expectEqual(Array.from(out[r]!), Array.from(full), `rank ${r}'s vector`);
  expectEqual(net.rounds, n - 1, "rounds");
}, { taskId: "task-3" });

test("ring all-reduce on 4 ranks is exact and sends 2(N−1)/N·size bytes per rank", () => {
  const n = 4;
  const len = 64;
  const net = new SimNetwork(n);
  const bufs = intBuffers(n, len, 5);
  const out = ringAllReduce(net, bufs);
  const sum = Array.from(sumOf(bufs));
  for (let r = 0; r < n; r++) expectEqual(Array.from(out[r]!), sum, `rank ${r}'s result`);
  expectEqual(net.rounds, 2 * (n - 1), "rounds");
  for (let r = 0; r < n; r++) expectEqual(net.bytesSent[r], ringBytesPerRank("allReduce", len, n), `bytes sent by rank ${r}`);
  expectEqual(net.bytesSent[0], 2 * ((n - 1) / n) * len * 4, "bytes sent by rank 0 vs 2(N−1)/N·size");
}, { taskId: "task-4" });

test("the naive all-reduce is exact too, but rank 0 sends (N−1)·size: ring wins for N ≥ 3", () => {
  const n = 4;
  const len = 64;
  const naive = new SimNetwork(n);
  const bufs = intBuffers(n, len, 2);
  const out = naiveAllReduce(naive, bufs);
  const sum = Array.from(sumOf(bufs));
  for (let r = 0; r < n; r++) expectEqual(Array.from(out[r]!), sum, `naive: rank ${r}'s result`);
  const ring = new SimNetwork(n);
  ringAllReduce(ring, bufs);
  expectEqual(Math.max(...naive.bytesSent), (n - 1) * len * 4, "naive: the busiest rank's bytes");
  expectTrue(Math.max(...ring.bytesSent) < Math.max(...naive.bytesSent), `ring's busiest rank (${Math.max(...ring.bytesSent)} B) sends less than naive's (${Math.max(...naive.bytesSent)} B)`);
}, { taskId: "task-4" });
