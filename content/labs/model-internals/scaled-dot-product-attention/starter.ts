// Scaled dot-product attention: your file — scores, masks, and a softmax that survives fully masked rows.
// Build everything from tensor methods (matmul, transpose, div, maskedFill, amax, exp, sum, ...), not from F.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
import type { Tensor } from "llmpath/tensor"; // tasks 2 and 3 also need `tensor` from here

/** Task 1: scores = q kᵀ / √D for q (..., Tq, D) and k (..., Tk, D); returns (..., Tq, Tk).
 * Throw a clear error when q and k end in different sizes. */
export function attentionScores(q: Tensor, k: Tensor): Tensor {
  throw new Error("TODO: task 1 — multiply q by k transposed over the last two dims, then divide by √D");
}

/** Task 2: a bool (Tq, Tk) mask, true where query i may look at key j, i.e. j ≤ i (top-left aligned). */
export function causalMask(Tq: number, Tk: number): Tensor {
  // Hint: fill a Uint8Array of Tq·Tk zeros and ones, then tensor(array, { shape: [Tq, Tk], dtype: "bool" }).
  throw new Error("TODO: task 2 — build the lower-triangular bool mask");
}

/** Task 3: a bool (B, 1, T) mask, true where key j of sequence b is a real token (j < lengths[b]).
 * Throw a clear error for a length outside 0..T. */
export function paddingMask(lengths: readonly number[], T: number): Tensor {
  throw new Error("TODO: task 3 — one row of T flags per sequence, with a size-1 query axis in the middle");
}

/**
 * Task 4: softmax over the last dim that only looks at allowed positions (bool, broadcastable, true = keep).
 * Masked positions get exactly 0; a row with nothing allowed returns all zeros and passes a zero gradient.
 */
export function maskedSoftmax(scores: Tensor, allowed?: Tensor | null): Tensor {
  throw new Error("TODO: task 4 — fill masked scores with −∞, subtract a safe row max, exp, and divide by a safe sum");
}

export interface AttentionOptions {
  /** bool, broadcastable to (..., Tq, Tk); true = this query may attend this key. */
  mask?: Tensor | null;
  /** Also apply causalMask(Tq, Tk). */
  causal?: boolean;
}

/** Task 5a: the attention weights softmax(q kᵀ/√D) under the masks; returns (..., Tq, Tk). */
export function attentionWeights(q: Tensor, k: Tensor, opts: AttentionOptions = {}): Tensor {
  throw new Error("TODO: task 5 — combine the masks (a key must pass both), then maskedSoftmax(attentionScores(q, k), mask)");
}

/** Task 5b: softmax(q kᵀ/√D) v for q (..., Tq, D), k (..., Tk, D), v (..., Tk, Dv); returns (..., Tq, Dv). */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: AttentionOptions = {}): Tensor {
  throw new Error("TODO: task 5 — multiply the attention weights by v");
}
