// tensor-parallel lab: hidden tests — attention alone, every parameter gradient, two stacked blocks, uneven head splits refused.
import { shardAttention, shardBlock, tpAttention, tpBlock } from "learner";
import { manualSeed, nn, randn, stack, type Tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectThrows, test } from "llmpath/testing";

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

const tol = { atol: 2e-5, rtol: 1e-4 };

test("attention split by heads (2 ranks × 3 heads) equals nn.MultiheadAttention with a causal mask", () => {
  manualSeed(7);
  const attn = new nn.MultiheadAttention(12, 6);
  const x = randn([3, 4, 12]);
  const xr = x.detach().requiresGrad_();
  const y = attn.forward(xr, { causal: true });
  const u = randn([3, 4, 12]);
  y.backward(u);
  const comm = new CountingComm(2);
  const shards = shardAttention(attn, 2);
  expectEqual(shards.map((s: { heads: number }) => s.heads), [3, 3], "heads per rank");
  const xs = replicate(x, 2);
  const ys = tpAttention(comm, shards, xs);
  expectEqual(comm.calls, 1, "all-reduces in attention's forward");
  for (let r = 0; r < 2; r++) expectClose(ys.select(0, r), y.detach(), { ...tol, label: `rank ${r}'s output` });
  ys.backward(stack([u, u], 0));
  expectEqual(comm.calls, 2, "all-reduces after backward");
  for (let r = 0; r < 2; r++) {
    const rows = (t: Tensor) => t.slice(0, 6 * r, 6 * (r + 1));
    expectClose(shards[r]!.k.weight.grad!, rows(attn.kProj.weight.grad!), { ...tol, label: `rank ${r}: k weight grad` });
    expectClose(shards[r]!.v.bias!.grad!, rows(attn.vProj.bias!.grad!), { ...tol, label: `rank ${r}: v bias grad` });
    expectClose(shards[r]!.out.bias!.grad!, attn.outProj.bias!.grad!, { ...tol, label: `rank ${r}: out bias grad` });
    expectClose(xs.grad!.select(0, r), xr.grad!, { ...tol, label: `rank ${r}: input grad` });
  }
}, { taskId: "task-4" });

test("uneven head splits are refused", () => {
  expectThrows(() => shardAttention(new nn.MultiheadAttention(12, 3), 2), /heads/);
}, { taskId: "task-4" });

test("two stacked blocks on 2 ranks: 4 all-reduces forward and 4 backward, every parameter gradient matches", () => {
  manualSeed(8);
  const [B, T, E, H, N] = [2, 3, 8, 2, 2];
  const blocks = [new nn.TransformerBlock(E, H), new nn.TransformerBlock(E, H)];
  const x = randn([B, T, E]);
  const xr = x.detach().requiresGrad_();
  const y = blocks[1]!.forward(blocks[0]!.forward(xr));
  const u = randn([B, T, E]);
  y.backward(u);
  const comm = new CountingComm(N);
  const shards = blocks.map((b) => shardBlock(b, N));
  const xs = replicate(x, N);
  const ys = tpBlock(comm, shards[1]!, tpBlock(comm, shards[0]!, xs));
  expectEqual(comm.calls, 4, "all-reduces in the forward pass of 2 layers");
  for (let r = 0; r < N; r++) expectClose(ys.select(0, r), y.detach(), { ...tol, label: `rank ${r}'s output` });
  ys.backward(stack([u, u], 0));
  expectEqual(comm.calls, 8, "all-reduces after backward");
  const bytesPerCall = 2 * ((N - 1) / N) * B * T * E * 4;
  expectEqual(comm.bytesSent, [8 * bytesPerCall, 8 * bytesPerCall], "bytes per rank over forward and backward");
  const half = (t: Tensor, dim: number, r: number) => t.slice(dim, (t.shape[dim]! / N) * r, (t.shape[dim]! / N) * (r + 1));
  blocks.forEach((b, l) => {
    for (let r = 0; r < N; r++) {
      const s = shards[l]![r]!;
      const label = (what: string) => ({ ...tol, label: `layer ${l}, rank ${r}: ${what}` });
      expectClose(s.ln1.bias.grad!, b.ln1.bias!.grad!, label("ln1 bias"));
      expectClose(s.ln2.weight.grad!, b.ln2.weight!.grad!, label("ln2 weight"));
      expectClose(s.attn.q.bias!.grad!, half(b.attn.qProj.bias!.grad!, 0, r), label("q bias"));
      expectClose(s.attn.v.weight.grad!, half(b.attn.vProj.weight.grad!, 0, r), label("v weight"));
      expectClose(s.mlp.fc.bias!.grad!, half(b.mlp.fc.bias!.grad!, 0, r), label("fc bias"));
      expectClose(s.mlp.proj.weight.grad!, half(b.mlp.proj.weight.grad!, 1, r), label("proj weight"));
      expectClose(s.mlp.proj.bias!.grad!, b.mlp.proj.bias!.grad!, label("proj bias"));
    }
  });
}, { taskId: "task-5" });
