// tensor-parallel lab: the tests shown to the learner — sharded MLP, attention and block equal the engine's single-device modules; all-reduces counted.
import { copyToParallel, reduceFromParallel, shardBlock, shardLinear, shardMlp, tpBlock, tpMlp } from "learner";
import { manualSeed, nn, randn, stack, type Tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectThrows, test } from "llmpath/testing";

/** Simulated all-reduce among N ranks: sums in rank order, counts calls and the bytes a ring all-reduce sends per rank. */
class CountingComm {
  calls = 0;
  readonly bytesSent: number[];
  constructor(readonly size: number) {
    this.bytesSent = new Array(size).fill(0);
  }
  allReduce(parts: Float32Array[]): Float32Array[] {
    if (parts.length !== this.size) throw new Error(`allReduce: expected ${this.size} parts, got ${parts.length}`);
    const len = parts[0]!.length;
    const sum = new Float32Array(len);
    for (const p of parts) {
      if (p.length !== len) throw new Error(`allReduce: parts have different lengths (${p.length} vs ${len})`);
      for (let i = 0; i < len; i++) sum[i] = sum[i]! + p[i]!;
    }
    const n = this.size;
    const chunk = (c: number) => Math.floor(((c + 1) * len) / n) - Math.floor((c * len) / n);
    for (let r = 0; r < n; r++) this.bytesSent[r]! += 4 * (len - chunk(r) + len - chunk((r + 1) % n));
    this.calls++;
    return parts.map(() => sum.slice());
  }
}

/** N copies of x stacked: (N, ...), a leaf that requires grad (each rank's replica of the activations). */
const replicate = (x: Tensor, n: number): Tensor => stack(Array.from({ length: n }, () => x.detach()), 0).requiresGrad_();

test("shardLinear: column-parallel splits output rows and the bias, row-parallel splits input columns", () => {
  manualSeed(1);
  const lin = new nn.Linear(4, 6);
  const col = shardLinear(lin.weight, lin.bias, 2, "column");
  expectShape(col[1]!.weight, [3, 4], "column shard weight");
  expectClose(col[1]!.weight, lin.weight.slice(0, 3, 6), { atol: 0, rtol: 0, label: "rank 1's rows" });
  expectClose(col[1]!.bias!, lin.bias!.slice(0, 3, 6), { atol: 0, rtol: 0, label: "rank 1's bias" });
  const row = shardLinear(lin.weight, lin.bias, 2, "row");
  expectShape(row[0]!.weight, [6, 2], "row shard weight");
  expectClose(row[0]!.bias!, lin.bias!, { atol: 0, rtol: 0, label: "row-parallel bias (full copy)" });
  expectEqual(col[0]!.weight.requiresGrad && col[0]!.weight.isLeaf, true, "shards are leaves that require grad");
  expectThrows(() => shardLinear(lin.weight, lin.bias, 4, "column"), /divisible/);
}, { taskId: "task-1" });

test("f and g: copyToParallel is the identity forward and all-reduces in backward; reduceFromParallel the reverse", () => {
  const comm = new CountingComm(2);
  const xs = replicate(randn([3]), 2);
  const y = copyToParallel(comm, xs);
  expectClose(y, xs.detach(), { atol: 0, rtol: 0, label: "f forward" });
  expectEqual(comm.calls, 0, "all-reduces in f's forward");
  y.backward(randn([2, 3]));
  expectEqual(comm.calls, 1, "all-reduces after f's backward");
  expectClose(xs.grad!.select(0, 0), xs.grad!.select(0, 1), { atol: 0, rtol: 0, label: "f backward: both ranks hold the summed gradient" });
  const ps = randn([2, 3]).requiresGrad_();
  const comm2 = new CountingComm(2);
  const z = reduceFromParallel(comm2, ps);
  expectClose(z.select(0, 1), ps.detach().sum(0), { atol: 1e-6, rtol: 0, label: "g forward: every rank holds the sum" });
  const g = randn([2, 3]);
  z.backward(g);
  expectClose(ps.grad!, g, { atol: 0, rtol: 0, label: "g backward: identity" });
  expectEqual(comm2.calls, 1, "g: one all-reduce in forward, none in backward");
}, { taskId: "task-2" });

test("tensor-parallel MLP on 2 ranks equals the engine's MLP: outputs and gradients", () => {
  manualSeed(2);
  const mlp = new nn.MLP(8, 32);
  const x = randn([2, 3, 8]);
  const xr = x.detach().requiresGrad_();
  const y = mlp.forward(xr);
  const u = randn([2, 3, 8]);
  y.backward(u);
  const comm = new CountingComm(2);
  const shards = shardMlp(mlp, 2);
  const xs = replicate(x, 2);
  const ys = tpMlp(comm, shards, xs);
  for (let r = 0; r < 2; r++) expectClose(ys.select(0, r), y.detach(), { atol: 1e-5, rtol: 1e-5, label: `rank ${r}'s output` });
  expectEqual(comm.calls, 1, "all-reduces in the MLP's forward");
  ys.backward(stack([u, u], 0));
  expectEqual(comm.calls, 2, "all-reduces after backward");
  for (let r = 0; r < 2; r++) {
    expectClose(xs.grad!.select(0, r), xr.grad!, { atol: 1e-5, rtol: 1e-4, label: `rank ${r}'s input gradient` });
    expectClose(shards[r]!.fc.weight.grad!, mlp.fc.weight.grad!.slice(0, 16 * r, 16 * (r + 1)), { atol: 1e-5, rtol: 1e-4, label: `rank ${r}'s fc weight grad` });
    expectClose(shards[r]!.proj.weight.grad!, mlp.proj.weight.grad!.slice(1, 16 * r, 16 * (r + 1)), { atol: 1e-5, rtol: 1e-4, label: `rank ${r}'s proj weight grad` });
    expectClose(shards[r]!.proj.bias!.grad!, mlp.proj.bias!.grad!, { atol: 1e-5, rtol: 1e-4, label: `rank ${r}'s proj bias grad` });
  }
}, { taskId: "task-3" });

test("a transformer block on 4 ranks equals nn.TransformerBlock; 2 all-reduces forward, 2 backward, 2(N−1)/N·B·T·E·4 bytes each", () => {
  manualSeed(3);
  const [B, T, E, H, N] = [2, 5, 16, 4, 4];
  const block = new nn.TransformerBlock(E, H);
  const x = randn([B, T, E]);
  const xr = x.detach().requiresGrad_();
  const y = block.forward(xr);
  const u = randn([B, T, E]);
  y.backward(u);
  const comm = new CountingComm(N);
  const shards = shardBlock(block, N);
  const xs = replicate(x, N);
  const ys = tpBlock(comm, shards, xs);
  expectShape(ys, [N, B, T, E], "output");
  expectEqual(comm.calls, 2, "all-reduces in the forward pass");
  const forwardBytes = comm.bytesSent[0]!;
  expectEqual(forwardBytes, 2 * 2 * ((N - 1) / N) * B * T * E * 4, "bytes rank 0 sent in the forward pass");
  for (let r = 0; r < N; r++) expectClose(ys.select(0, r), y.detach(), { atol: 1e-5, rtol: 1e-4, label: `rank ${r}'s output` });
  ys.backward(stack(Array.from({ length: N }, () => u), 0));
  expectEqual(comm.calls, 4, "all-reduces after backward");
  const per = E / N;
  for (let r = 0; r < N; r++) {
    const s = shards[r]!;
    expectClose(xs.grad!.select(0, r), xr.grad!, { atol: 1e-5, rtol: 1e-4, label: `rank ${r}'s input gradient` });
    expectClose(s.attn.q.weight.grad!, block.attn.qProj.weight.grad!.slice(0, per * r, per * (r + 1)), { atol: 1e-5, rtol: 1e-4, label: `rank ${r}: q weight grad` });
    expectClose(s.attn.out.weight.grad!, block.attn.outProj.weight.grad!.slice(1, per * r, per * (r + 1)), { atol: 1e-5, rtol: 1e-4, label: `rank ${r}: out weight grad` });
    expectClose(s.ln1.weight.grad!, block.ln1.weight!.grad!, { atol: 1e-5, rtol: 1e-4, label: `rank ${r}: ln1 weight grad (replicated)` });
  }
}, { taskId: "task-5" });
