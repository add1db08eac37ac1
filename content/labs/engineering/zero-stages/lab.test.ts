// zero-stages lab: the tests shown to the learner — config parsing, ZeRO-0..3 equal single-process Adam, per-rank memory and traffic measured.
import { buckets, parseZeroConfig, shardRange, trainZero } from "learner";
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

const bytesOf = (arrays: Float32Array[]): number => arrays.reduce((a, x) => a + x.byteLength, 0);

function run(stage: 0 | 1 | 2 | 3, extra: Record<string, unknown> = {}, steps = 3) {
  const p = makeProblem(steps, 5);
  const comm = new CountingComm(4, PSI);
  const config = parseZeroConfig({ train_batch_size: 20, zero_optimization: { stage, reduce_bucket_size: 64, stage3_param_persistence_threshold: 0, ...extra } });
  const result = trainZero({ problem: p.problem, comm, config, batches: p.batches, adam: ADAM });
  return { p, comm, result };
}

test("parseZeroConfig reads DeepSpeed's names, fills defaults, and lists every problem at once", () => {
  const c = parseZeroConfig({ zero_optimization: { stage: 3, overlap_comm: true, reduce_bucket_size: 5e8, stage3_prefetch_bucket_size: 1000 } });
  expectEqual(c, { stage: 3, overlapComm: true, reduceBucketSize: 500000000, stage3PrefetchBucketSize: 1000, stage3ParamPersistenceThreshold: 100000 }, "parsed config");
  const e = expectThrows(() => parseZeroConfig({ zero_optimization: { stage: 4, reduce_bucket_sise: 10, overlap_comm: "yes" } })) as Error;
  for (const part of ["zero_optimization.stage", "reduce_bucket_sise", "did you mean reduce_bucket_size?", "zero_optimization.overlap_comm"]) {
    expectTrue(e.message.includes(part), `the error should mention ${JSON.stringify(part)}; it was:\n${e.message}`);
  }
  expectThrows(() => parseZeroConfig({ zero_optimization: { reduce_bucket_size: "auto" } }), /reduce_bucket_size/);
}, { taskId: "task-1" });

test("shardRange and buckets", () => {
  expectEqual([0, 1, 2, 3].map((r) => shardRange(163, 4, r)), [[0, 40], [40, 81], [81, 122], [122, 163]], "shards of 163 among 4");
  expectEqual(buckets(163, 64), [[0, 64], [64, 128], [128, 163]], "buckets of 64");
}, { taskId: "task-2" });

for (const stage of [0, 1, 2, 3] as const) {
  test(`ZeRO-${stage} on 4 ranks ends with the weights of single-process Adam`, () => {
    const { p, result } = run(stage);
    expectClose(result.params, singleProcess(p), { atol: 1e-5, rtol: 1e-4, label: `ZeRO-${stage} vs single process after 3 steps` });
  }, { taskId: stage === 0 ? "task-3" : stage === 3 ? "task-5" : "task-4" });
}

test("per-rank memory, measured from what each rank holds: 16Ψ → 8Ψ + 8Ψ/N → 4Ψ + 12Ψ/N → 16Ψ/N bytes", () => {
  const expect = (stage: number, own: number) => [16 * PSI, 8 * PSI + 8 * own, 4 * PSI + 12 * own, 16 * own][stage]!;
  const totals: number[] = [];
  for (const stage of [0, 1, 2, 3] as const) {
    const { result } = run(stage, {}, 1);
    result.ranks.forEach((rank: RankBytes, r: number) => {
      const [lo, hi] = shardRange(PSI, 4, r);
      const measured = bytesOf(rank.params) + bytesOf(rank.grads) + bytesOf(rank.optimizer);
      expectEqual(measured, expect(stage, hi - lo), `ZeRO-${stage}, rank ${r}: params + grads + Adam bytes`);
    });
    totals.push(bytesOf(result.ranks[0]!.params) + bytesOf(result.ranks[0]!.grads) + bytesOf(result.ranks[0]!.optimizer));
  }
  expectTrue(totals[0]! > totals[1]! && totals[1]! > totals[2]! && totals[2]! > totals[3]!, `memory falls with every stage (rank 0: ${totals.join(" → ")} bytes)`);
}, { taskId: "task-4" });

test("communication per step, measured: ZeRO-1/2 move what plain data parallelism moves, ZeRO-3 1.5×", () => {
  const bytes = ([0, 1, 2, 3] as const).map((stage) => run(stage, {}, 2).comm.totalBytes());
  expectEqual(bytes[0], 2 * 2 * 3 * PSI * 4, "ZeRO-0 total bytes over 2 steps = 2 steps · 2(N−1)Ψ · 4");
  expectEqual([bytes[1], bytes[2]], [bytes[0], bytes[0]], "ZeRO-1 and ZeRO-2 vs ZeRO-0");
  expectClose(bytes[3]! / bytes[0]!, 1.5, { atol: 0, rtol: 1e-12, label: "ZeRO-3 / data-parallel traffic" });
}, { taskId: "task-5" });

test("reduce_bucket_size sets the number of gradient collectives; overlap_comm doubles the bucket buffer", () => {
  const small = run(2, { reduce_bucket_size: 16 }, 1);
  expectEqual(small.comm.calls.reduceScatter, Math.ceil(PSI / 16), "reduce-scatter calls with buckets of 16");
  const big = run(2, { reduce_bucket_size: 1000 }, 1);
  expectEqual(big.comm.calls.reduceScatter, 1, "reduce-scatter calls with one bucket");
  expectEqual(small.comm.totalBytes(), big.comm.totalBytes(), "bucket size changes the number of messages, not the bytes");
  expectEqual(small.result.bucketBufferBytes, 16 * 4, "bucket buffer, no overlap");
  expectEqual(run(2, { reduce_bucket_size: 16, overlap_comm: true }, 1).result.bucketBufferBytes, 2 * 16 * 4, "bucket buffer with overlap_comm");
}, { taskId: "task-6" });
