// zero-stages lab: hidden tests — persistence threshold, prefetch buckets, config errors, more steps, every rank's bytes.
import { parseZeroConfig, shardRange, trainZero } from "learner";
import { cat, F, manualSeed, optim, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectThrows, expectTrue, test } from "llmpath/testing";

/** Collectives among N simulated ranks on full-length buffers; counts calls and the bytes a ring algorithm sends per rank. */
class CountingComm {
  readonly bytesSent: number[];
  readonly calls = { allReduce: 0, reduceScatter: 0, allGather: 0 };
  constructor(readonly size: number, private readonly psi: number) {
    this.bytesSent = new Array(size).fill(0);
  }
  private owner(i: number): number {
    for (let r = 0; r < this.size; r++) if (i < Math.floor(((r + 1) * this.psi) / this.size)) return r;
    throw new Error(`index ${i} is outside the ${this.psi} parameters`);
  }
  private check(bufs: Float32Array[], s: number, e: number, op: string): void {
    if (bufs.length !== this.size) throw new Error(`${op}: expected ${this.size} buffers, got ${bufs.length}`);
    if (bufs.some((b) => b.length !== this.psi)) throw new Error(`${op}: every buffer must hold all ${this.psi} values`);
    if (!(Number.isInteger(s) && Number.isInteger(e) && 0 <= s && s <= e && e <= this.psi)) throw new Error(`${op}: bad range [${s}, ${e})`);
  }
  /** Elements of [s, e) in rank r's shard. */
  private part(r: number, s: number, e: number): number {
    const lo = Math.floor((r * this.psi) / this.size);
    const hi = Math.floor(((r + 1) * this.psi) / this.size);
    return Math.max(0, Math.min(e, hi) - Math.max(s, lo));
  }
  private sum(bufs: Float32Array[], i: number): number {
    const acc = new Float32Array(1);
    for (const b of bufs) acc[0] = acc[0]! + b[i]!;
    return acc[0]!;
  }
  allReduce(bufs: Float32Array[], s: number, e: number): void {
    this.check(bufs, s, e, "allReduce");
    for (let i = s; i < e; i++) {
      const v = this.sum(bufs, i);
      for (const b of bufs) b[i] = v;
    }
    const L = e - s;
    const n = this.size;
    const c = (r: number) => Math.floor(((r + 1) * L) / n) - Math.floor((r * L) / n);
    for (let r = 0; r < n; r++) this.bytesSent[r]! += 4 * (L - c(r) + L - c((r + 1) % n));
    this.calls.allReduce++;
  }
  reduceScatter(bufs: Float32Array[], s: number, e: number): void {
    this.check(bufs, s, e, "reduceScatter");
    const sums = Float32Array.from({ length: e - s }, (_, j) => this.sum(bufs, s + j));
    for (let i = s; i < e; i++) bufs[this.owner(i)]![i] = sums[i - s]!;
    for (let r = 0; r < this.size; r++) this.bytesSent[r]! += 4 * (e - s - this.part(r, s, e));
    this.calls.reduceScatter++;
  }
  allGather(bufs: Float32Array[], s: number, e: number): void {
    this.check(bufs, s, e, "allGather");
    for (let i = s; i < e; i++) {
      const v = bufs[this.owner(i)]![i]!;
      for (const b of bufs) b[i] = v;
    }
    for (let r = 0; r < this.size; r++) this.bytesSent[r]! += 4 * (e - s - this.part((r + 1) % this.size, s, e));
    this.calls.allGather++;
  }
  totalBytes(): number {
    return this.bytesSent.reduce((a, b) => a + b, 0);
  }
}

const SHAPES = [[16, 6], [16], [3, 16], [3]];
const PSI = 16 * 6 + 16 + 3 * 16 + 3; // 163: not divisible by 4, so shards are uneven
const ADAM = { lr: 0.01, betas: [0.9, 0.999] as [number, number], eps: 1e-8 };

/** A 2-layer MLP regression problem, 4 ranks × 5 examples per step. */
function makeProblem(steps: number, seed: number) {
  manualSeed(seed);
  const init = randn([PSI]).mul(0.3).toFloat32Array();
  const loss = (p: Tensor[], b: { x: Tensor; y: Tensor }): Tensor => {
    const h = F.linear(b.x, p[0]!, p[1]!).relu(); // (5, 16)
    return F.mseLoss(F.linear(h, p[2]!, p[3]!), b.y); // mean over the micro-batch
  };
  const batches = Array.from({ length: steps }, () => Array.from({ length: 4 }, () => ({ x: randn([5, 6]), y: randn([5, 3]) })));
  return { problem: { shapes: SHAPES, init, loss }, batches };
}

/** The same training in one process: full batch (the 4 micro-batches), the engine's Adam. */
function singleProcess(p: ReturnType<typeof makeProblem>): Float32Array {
  let o = 0;
  const params = SHAPES.map((s) => {
    const n = s.reduce((a, b) => a * b, 1);
    const t = tensor(p.problem.init.slice(o, o + n), { shape: s }).requiresGrad_();
    o += n;
    return t;
  });
  const opt = new optim.Adam(params, { lr: ADAM.lr, betas: ADAM.betas, eps: ADAM.eps });
  for (const step of p.batches) {
    opt.zeroGrad();
    p.problem.loss(params, { x: cat(step.map((b) => b.x), 0), y: cat(step.map((b) => b.y), 0) }).backward();
    opt.step();
  }
  return Float32Array.from(params.flatMap((t) => Array.from(t.toFloat32Array())));
}

interface RankBytes {
  params: Float32Array[];
  grads: Float32Array[];
  optimizer: Float32Array[];
}

function run(stage: 0 | 1 | 2 | 3, extra: Record<string, unknown> = {}, steps = 3) {
  const p = makeProblem(steps, 5);
  const comm = new CountingComm(4, PSI);
  const config = parseZeroConfig({ train_batch_size: 20, zero_optimization: { stage, reduce_bucket_size: 64, stage3_param_persistence_threshold: 0, ...extra } });
  const result = trainZero({ problem: p.problem, comm, config, batches: p.batches, adam: ADAM });
  return { p, comm, result };
}

test("config errors: missing section, wrong types, negative threshold, \"auto\"", () => {
  expectThrows(() => parseZeroConfig({ train_batch_size: 8 }), /zero_optimization/);
  expectThrows(() => parseZeroConfig(null), /object/);
  expectThrows(() => parseZeroConfig({ zero_optimization: { stage3_param_persistence_threshold: -1 } }), /stage3_param_persistence_threshold/);
  expectThrows(() => parseZeroConfig({ zero_optimization: { stage: 1.5 } }), /stage/);
  expectThrows(() => parseZeroConfig({ zero_optimization: { stage3_prefetch_bucket_size: "auto" } }), /auto/);
  const e = expectThrows(() => parseZeroConfig({ zero_optimization: { stage: "2", overlap_com: true } })) as Error;
  expectTrue(/stage/.test(e.message) && /overlap_comm\?/.test(e.message), `both problems listed, with a suggestion; got:\n${e.message}`);
  expectEqual(parseZeroConfig({ zero_optimization: {} }).stage, 0, "default stage");
}, { taskId: "task-1" });

test("ZeRO-3 with a persistence threshold of 16: biases stay whole, traffic is 3(N−1) per partitioned value and 2(N−1) per persistent one", () => {
  const { p, comm, result } = run(3, { stage3_param_persistence_threshold: 16 }, 2);
  expectClose(result.params, singleProcess(p), { atol: 1e-5, rtol: 1e-4, label: "weights vs single process" });
  const persistent = 16 + 3;
  const partitioned = PSI - persistent;
  expectEqual(comm.totalBytes(), 2 * 4 * 3 * (3 * partitioned + 2 * persistent), "total bytes over 2 steps");
  const dp = 2 * 2 * 3 * PSI * 4;
  const ratio = comm.totalBytes() / dp;
  expectTrue(ratio > 1 && ratio < 1.5, `the ratio to data parallelism (${ratio.toFixed(4)}) lies between 1 and 1.5`);
  result.ranks.forEach((rank: RankBytes, r: number) => {
    const [lo, hi] = shardRange(PSI, 4, r);
    const bytes = rank.params.reduce((a: number, x: Float32Array) => a + x.byteLength, 0);
    expectTrue(bytes >= 4 * (hi - lo) && bytes <= 4 * (hi - lo + persistent), `rank ${r} holds its shard and the persistent biases (${bytes} B)`);
  });
}, { taskId: "task-5" });

test("stage3_prefetch_bucket_size groups the parameter all-gathers: 2 groups → 4 calls a step, 1 group → 2", () => {
  const grouped = run(3, { stage3_prefetch_bucket_size: 100 }, 1);
  expectEqual(grouped.comm.calls.allGather, 4, "all-gathers with prefetch buckets of 100 (W1 | b1 W2 b2), forward + backward");
  const one = run(3, { stage3_prefetch_bucket_size: 1_000_000 }, 1);
  expectEqual(one.comm.calls.allGather, 2, "all-gathers with one prefetch bucket");
  expectEqual(grouped.comm.totalBytes(), one.comm.totalBytes(), "same bytes either way");
}, { taskId: "task-6" });

test("6 steps of every stage agree with each other and with the single process; per-rank bytes are balanced", () => {
  const ref = singleProcess(makeProblem(6, 5));
  for (const stage of [0, 1, 2, 3] as const) {
    const { comm, result } = run(stage, { reduce_bucket_size: 50 }, 6);
    expectClose(result.params, ref, { atol: 2e-5, rtol: 2e-4, label: `ZeRO-${stage} after 6 steps` });
    const max = Math.max(...comm.bytesSent);
    const min = Math.min(...comm.bytesSent);
    expectTrue(max - min <= 0.1 * max, `ZeRO-${stage}: every rank sends about the same (min ${min}, max ${max} bytes)`);
  }
}, { taskId: "task-4" });
