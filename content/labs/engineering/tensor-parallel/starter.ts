// tensor-parallel lab: Megatron-LM tensor parallelism on simulated ranks — column/row-parallel MLP, attention split by heads.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
// biome-ignore-all lint/correctness/noUnusedImports: the starter imports what the solution needs
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
  throw new Error("TODO: shardLinear (Task 1)");
}

/** Task 2: Megatron's f — identity in forward; in backward the ranks' input gradients are all-reduced. xs is (N, ...). */
export function copyToParallel(comm: Comm, xs: Tensor): Tensor {
  throw new Error("TODO: copyToParallel (Task 2)");
}

/** Task 2: Megatron's g — all-reduce the ranks' partial outputs in forward; identity in backward. partials is (N, ...). */
export function reduceFromParallel(comm: Comm, partials: Tensor): Tensor {
  throw new Error("TODO: reduceFromParallel (Task 2)");
}

/** Task 3: the MLP of one rank: fc column-parallel, GELU, proj row-parallel. */
export interface MlpShard {
  fc: LinearShard;
  proj: LinearShard;
}

/** Task 3: split an engine MLP: fc column-parallel, proj row-parallel. */
export function shardMlp(mlp: nn.MLP, n: number): MlpShard[] {
  throw new Error("TODO: shardMlp (Task 3)");
}

/** Task 3: xs (N, B, T, E), replicated → (N, B, T, E), replicated: f, per-rank fc + GELU + partial proj, g, + bias. One all-reduce. */
export function tpMlp(comm: Comm, shards: MlpShard[], xs: Tensor): Tensor {
  throw new Error("TODO: tpMlp (Task 3)");
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
  throw new Error("TODO: shardAttention (Task 4)");
}

/** Task 4: causal self-attention, heads split among ranks; xs (N, B, T, E) → (N, B, T, E). One all-reduce. */
export function tpAttention(comm: Comm, shards: AttentionShard[], xs: Tensor): Tensor {
  throw new Error("TODO: tpAttention (Task 4)");
}

/** Task 5: a whole block on one rank: replicated LayerNorms, its attention heads, its MLP slice. */
export interface BlockShard {
  ln1: { weight: Tensor; bias: Tensor };
  attn: AttentionShard;
  ln2: { weight: Tensor; bias: Tensor };
  mlp: MlpShard;
}


/** Task 5: split an engine TransformerBlock; LayerNorm weights are copied to every rank. */
export function shardBlock(block: nn.TransformerBlock, n: number): BlockShard[] {
  throw new Error("TODO: shardBlock (Task 5)");
}

/** Task 5: pre-LN block x + attn(ln1(x)), then + mlp(ln2(x)); xs (N, B, T, E) replicated. Two all-reduces forward, two backward. */
export function tpBlock(comm: Comm, shards: BlockShard[], xs: Tensor): Tensor {
  throw new Error("TODO: tpBlock (Task 5)");
}
