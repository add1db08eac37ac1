// tensor-parallel lab (reference): Megatron-LM tensor parallelism on simulated ranks — column/row-parallel MLP, attention split by heads.
import { defineOp, F, type nn, stack, type Tensor, tensor } from "llmpath/tensor";

/** The simulated collective the tests hand you: sums one Float32Array per rank, returns the sum to every rank, counts bytes. */
export interface Comm {
  readonly size: number;
  allReduce(parts: Float32Array[]): Float32Array[];
}

/** One rank's slice of a Linear layer (weight (out, in) like torch). */
export interface LinearShard {
  weight: Tensor;
  bias: Tensor | null;
}

/**
 * Task 1: split a Linear layer among n ranks. "column": rank r gets output rows [r·out/n, (r+1)·out/n) of the weight and
 * the same slice of the bias. "row": rank r gets input columns [r·in/n, (r+1)·in/n); the bias is not split (every rank keeps
 * a full copy and adds it once, after the all-reduce). The shards are new leaves that require grad.
 */
export function shardLinear(weight: Tensor, bias: Tensor | null, n: number, mode: "column" | "row"): LinearShard[] {
  const [out, inF] = weight.shape as [number, number];
  const dim = mode === "column" ? out : inF;
  if (dim % n !== 0) throw new Error(`shardLinear: ${mode}-parallel split needs ${mode === "column" ? "out" : "in"} features ${dim} divisible by ${n} ranks`);
  const w = weight.detach();
  const size = dim / n;
  return Array.from({ length: n }, (_, r) => {
    const ws = mode === "column" ? w.slice(0, r * size, (r + 1) * size) : w.slice(1, r * size, (r + 1) * size);
    let bs: Tensor | null = null;
    if (bias) bs = mode === "column" ? bias.detach().slice(0, r * size, (r + 1) * size) : bias.detach();
    return { weight: ws.contiguous().clone().requiresGrad_(), bias: bs ? bs.contiguous().clone().requiresGrad_() : null };
  });
}

/** All-reduce the N slices of a (N, ...) tensor through comm: every slice becomes the sum of all slices. */
function allReduceSlices(comm: Comm, t: Tensor): Tensor {
  const n = t.shape[0]!;
  if (n !== comm.size) throw new Error(`all-reduce: the leading dim ${n} must equal the number of ranks ${comm.size}`);
  const flat = t.contiguous().toFloat32Array();
  const len = flat.length / n;
  const parts = Array.from({ length: n }, (_, r) => flat.slice(r * len, (r + 1) * len));
  const summed = comm.allReduce(parts);
  const out = new Float32Array(flat.length);
  summed.forEach((s, r) => {
    out.set(s, r * len);
  });
  return tensor(out, { shape: [...t.shape] });
}

/** Task 2: Megatron's f — identity in forward; in backward the ranks' input gradients are all-reduced. xs is (N, ...). */
export function copyToParallel(comm: Comm, xs: Tensor): Tensor {
  return defineOp("copyToParallel", {
    forward: (_ctx, x: Tensor) => x.clone(),
    backward: (_ctx, g) => [allReduceSlices(comm, g)],
  })(xs);
}

/** Task 2: Megatron's g — all-reduce the ranks' partial outputs in forward; identity in backward. partials is (N, ...). */
export function reduceFromParallel(comm: Comm, partials: Tensor): Tensor {
  return defineOp("reduceFromParallel", {
    forward: (_ctx, p: Tensor) => allReduceSlices(comm, p),
    backward: (_ctx, g) => [g],
  })(partials);
}

/** Task 3: the MLP of one rank: fc column-parallel, GELU, proj row-parallel. */
export interface MlpShard {
  fc: LinearShard;
  proj: LinearShard;
}

/** Task 3: split an engine MLP: fc column-parallel, proj row-parallel. */
export function shardMlp(mlp: nn.MLP, n: number): MlpShard[] {
  const fc = shardLinear(mlp.fc.weight, mlp.fc.bias, n, "column");
  const proj = shardLinear(mlp.proj.weight, mlp.proj.bias, n, "row");
  return fc.map((f, r) => ({ fc: f, proj: proj[r]! }));
}

/** Adds rank r's copy of a replicated bias to slice r of a (N, ..., E) tensor. */
function addPerRank(xs: Tensor, biases: (Tensor | null)[]): Tensor {
  if (biases.some((b) => b === null)) return xs;
  const b = stack(biases as Tensor[], 0); // (N, E)
  return xs.add(b.reshape(b.shape[0]!, ...xs.shape.slice(1, -1).map(() => 1), b.shape[1]!));
}

/** Task 3: xs (N, B, T, E), replicated → (N, B, T, E), replicated: f, per-rank fc + GELU + partial proj, g, + bias. One all-reduce. */
export function tpMlp(comm: Comm, shards: MlpShard[], xs: Tensor): Tensor {
  const x = copyToParallel(comm, xs);
  const partials = shards.map((s, r) => {
    const h = F.gelu(F.linear(x.select(0, r), s.fc.weight, s.fc.bias)); // (B, T, 4E/N)
    return F.linear(h, s.proj.weight); // (B, T, E), partial sum
  });
  return addPerRank(reduceFromParallel(comm, stack(partials, 0)), shards.map((s) => s.proj.bias));
}

/** Task 4: one rank's attention heads: q, k, v column-parallel (its heads' rows), out projection row-parallel. */
export interface AttentionShard {
  q: LinearShard;
  k: LinearShard;
  v: LinearShard;
  out: LinearShard;
  /** Heads on this rank. */
  heads: number;
}

/** Task 4: split an engine MultiheadAttention by heads: rank r gets heads [r·H/N, (r+1)·H/N). */
export function shardAttention(attn: nn.MultiheadAttention, n: number): AttentionShard[] {
  if (attn.numHeads % n !== 0) throw new Error(`shardAttention: ${attn.numHeads} heads cannot be split evenly among ${n} ranks`);
  const q = shardLinear(attn.qProj.weight, attn.qProj.bias, n, "column");
  const k = shardLinear(attn.kProj.weight, attn.kProj.bias, n, "column");
  const v = shardLinear(attn.vProj.weight, attn.vProj.bias, n, "column");
  const out = shardLinear(attn.outProj.weight, attn.outProj.bias, n, "row");
  return q.map((_, r) => ({ q: q[r]!, k: k[r]!, v: v[r]!, out: out[r]!, heads: attn.numHeads / n }));
}

/** Task 4: causal self-attention, heads split among ranks; xs (N, B, T, E) → (N, B, T, E). One all-reduce. */
export function tpAttention(comm: Comm, shards: AttentionShard[], xs: Tensor): Tensor {
  const x = copyToParallel(comm, xs);
  const partials = shards.map((s, r) => {
    const xr = x.select(0, r); // (B, T, E)
    const [B, T] = xr.shape as [number, number, number];
    const local = s.q.weight.shape[0]!; // E/N
    const Dh = local / s.heads;
    const heads = (t: Tensor) => t.reshape(B, T, s.heads, Dh).transpose(1, 2); // (B, h, T, Dh)
    const q = heads(F.linear(xr, s.q.weight, s.q.bias));
    const k = heads(F.linear(xr, s.k.weight, s.k.bias));
    const v = heads(F.linear(xr, s.v.weight, s.v.bias));
    const o = F.scaledDotProductAttention(q, k, v, { isCausal: true }); // (B, h, T, Dh)
    return F.linear(o.transpose(1, 2).reshape(B, T, local), s.out.weight); // (B, T, E), partial sum
  });
  return addPerRank(reduceFromParallel(comm, stack(partials, 0)), shards.map((s) => s.out.bias));
}

/** Task 5: a whole block on one rank: replicated LayerNorms, its attention heads, its MLP slice. */
export interface BlockShard {
  ln1: { weight: Tensor; bias: Tensor };
  attn: AttentionShard;
  ln2: { weight: Tensor; bias: Tensor };
  mlp: MlpShard;
}

function copyLeaf(t: Tensor | null, what: string): Tensor {
  if (!t) throw new Error(`shardBlock: the block's ${what} is missing (LayerNorm without elementwise affine is not supported)`);
  return t.detach().clone().requiresGrad_();
}

/** Task 5: split an engine TransformerBlock; LayerNorm weights are copied to every rank. */
export function shardBlock(block: nn.TransformerBlock, n: number): BlockShard[] {
  const attn = shardAttention(block.attn, n);
  const mlp = shardMlp(block.mlp, n);
  return attn.map((a, r) => ({
    ln1: { weight: copyLeaf(block.ln1.weight, "ln1.weight"), bias: copyLeaf(block.ln1.bias, "ln1.bias") },
    attn: a,
    ln2: { weight: copyLeaf(block.ln2.weight, "ln2.weight"), bias: copyLeaf(block.ln2.bias, "ln2.bias") },
    mlp: mlp[r]!,
  }));
}

/** LayerNorm of every rank's slice with that rank's own copy of the weights. */
function perRankNorm(xs: Tensor, norms: { weight: Tensor; bias: Tensor }[]): Tensor {
  const E = xs.shape[xs.dim() - 1]!;
  return stack(norms.map((ln, r) => F.layerNorm(xs.select(0, r), E, ln.weight, ln.bias)), 0);
}

/** Task 5: pre-LN block x + attn(ln1(x)), then + mlp(ln2(x)); xs (N, B, T, E) replicated. Two all-reduces forward, two backward. */
export function tpBlock(comm: Comm, shards: BlockShard[], xs: Tensor): Tensor {
  const h = xs.add(tpAttention(comm, shards.map((s) => s.attn), perRankNorm(xs, shards.map((s) => s.ln1))));
  return h.add(tpMlp(comm, shards.map((s) => s.mlp), perRankNorm(h, shards.map((s) => s.ln2))));
}
