// Multi-head attention: your file — head split/merge, projections, clipped relative-position bias, RoPE.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
import { F, nn, type Tensor } from "llmpath/tensor"; // tasks 3 and 4 also need `tensor` and `cat` from here

/** Task 1a: (B, T, E) -> (B, H, T, E/H): the last dim is read as H heads of size Dh = E/H.
 * Throw a clear error when E is not divisible by numHeads. */
export function splitHeads(x: Tensor, numHeads: number): Tensor {
  throw new Error("TODO: task 1 — reshape to (B, T, H, Dh), then swap the T and H axes");
}

/** Task 1b: (B, H, T, Dh) -> (B, T, H·Dh), the inverse of splitHeads. */
export function mergeHeads(x: Tensor): Tensor {
  throw new Error("TODO: task 1 — swap H and T back, then reshape to (B, T, H·Dh)");
}

/**
 * Task 3: the clipped relative-position bias, bias[h, i, j] = table[h, clamp(j − i, −maxDistance, maxDistance) + maxDistance],
 * for table (H, 2·maxDistance + 1); returns (H, T, T). Gradients must flow back to table.
 */
export function relativePositionBias(table: Tensor, T: number, maxDistance: number): Tensor {
  throw new Error("TODO: task 3 — build a (T·T) int32 index of columns, indexSelect along dim 1, reshape to (H, T, T)");
}

/**
 * Task 4: rotary position embedding over the last dim of x (..., T, Dh), rotate-half convention: element i is paired
 * with i + Dh/2 and the pair at position t is rotated by the angle t · base^(−2i/Dh). Throw for an odd Dh.
 */
export function applyRope(x: Tensor, base = 10000): Tensor {
  throw new Error("TODO: task 4 — x·cos + rotateHalf(x)·sin with rotateHalf([x1, x2]) = [−x2, x1]");
}

export interface MhaOptions {
  /** Query i attends keys 0..i only. */
  causal?: boolean;
  /** bool (B, T), true = this key is padding: ignore it (PyTorch's key_padding_mask convention). */
  keyPaddingMask?: Tensor | null;
  /** Additive float bias broadcastable to (B, H, T, T), e.g. relativePositionBias(table, T, maxDistance). */
  attnBias?: Tensor | null;
  /** Rotate q and k with applyRope after the head split. */
  rope?: boolean;
}

/** Task 2: multi-head self-attention with four Linear(E, E) layers (weights (out, in), like PyTorch). */
export class MultiHeadAttention extends nn.Module {
  readonly numHeads: number;
  qProj!: nn.Linear;
  kProj!: nn.Linear;
  vProj!: nn.Linear;
  outProj!: nn.Linear;

  constructor(dModel: number, numHeads: number) {
    super();
    this.numHeads = numHeads;
    throw new Error("TODO: task 2 — check dModel % numHeads, create qProj, kProj, vProj, outProj = new nn.Linear(dModel, dModel)");
  }

  forward(x: Tensor, opts: MhaOptions = {}): Tensor {
    return this.forwardWithWeights(x, opts).out;
  }

  /** x (B, T, E) -> out (B, T, E) and the per-head attention weights attn (B, H, T, T). */
  forwardWithWeights(x: Tensor, opts: MhaOptions = {}): { out: Tensor; attn: Tensor } {
    // Project, split heads, (RoPE), build the bool mask (true = attend), attend, merge heads, project out.
    // F.attentionWithWeights(q, k, v, { attnMask, attnBias }) is the engine's version of the previous lab.
    void F;
    throw new Error("TODO: task 2 — forward pass");
  }
}
