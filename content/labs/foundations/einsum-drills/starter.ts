// einsum drills: write each function below as ONE einsum call (README.en.md / README.zh.md has one task per function).
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
import { einsum, type Tensor } from "llmpath/tensor";

/** Worked example (already done): the matrix product A (m, k) @ B (k, n) -> (m, n). Labels shared by the inputs
 * but missing from the output (here k) are summed over. */
export function matmul(A: Tensor, B: Tensor): Tensor {
  return einsum("ik,kj->ij", A, B); // (m, k), (k, n) -> (m, n)
}

/** Task 1: the trace of a square matrix A (n, n): the sum of its diagonal; returns a 0-d tensor. */
export function trace(A: Tensor): Tensor {
  throw new Error("TODO: implement trace with one einsum call");
}

/** Task 2: the diagonal of a square matrix A (n, n); returns (n). */
export function diagonal(A: Tensor): Tensor {
  throw new Error("TODO: implement diagonal with one einsum call");
}

/** Task 3: the transpose of A (m, n); returns (n, m). */
export function transpose(A: Tensor): Tensor {
  throw new Error("TODO: implement transpose with one einsum call");
}

/** Task 4: the sum of each row of A (m, n); returns (m). */
export function rowSums(A: Tensor): Tensor {
  throw new Error("TODO: implement rowSums with one einsum call");
}

/** Task 5: one matrix product per batch entry: A (b, m, k) times B (b, k, n); returns (b, m, n). */
export function batchedMatmul(A: Tensor, B: Tensor): Tensor {
  throw new Error("TODO: implement batchedMatmul with one einsum call");
}

/** Task 6: the outer product of u (m) and v (n); returns (m, n) with out[i][j] = u[i]·v[j]. */
export function outer(u: Tensor, v: Tensor): Tensor {
  throw new Error("TODO: implement outer with one einsum call");
}

/** Task 7: xᵀ A y for every batch row: x (b, m), A (m, n), y (b, n); returns (b). */
export function bilinear(x: Tensor, A: Tensor, y: Tensor): Tensor {
  throw new Error("TODO: implement bilinear with one einsum call");
}

/** Task 8: unscaled attention scores q·k for every head: q (b, h, i, d), k (b, h, j, d); returns (b, h, i, j). */
export function attentionScores(q: Tensor, k: Tensor): Tensor {
  throw new Error("TODO: implement attentionScores with one einsum call");
}

/** Task 9: which equation? Each string is an einsum equation for the operation named by its key. */
export const EQUATIONS = {
  /** W (m, n) times a vector x (n) -> (m). */
  matVec: "TODO",
  /** The Gram matrix XᵀX of X (n, d), called as einsum(gram, X, X) -> (d, d). */
  gram: "TODO",
  /** Σᵢⱼ A[i,j]·B[i,j] for two (m, n) matrices -> a 0-d tensor. */
  frobeniusInner: "TODO",
  /** A Linear layer without bias on a sequence: x (B, T, in), W (out, in) -> x Wᵀ (B, T, out). */
  linear: "TODO",
  /** Attention weights P (B, H, Tq, Tk) applied to values V (B, H, Tk, D) -> (B, H, Tq, D). */
  weightedValues: "TODO",
  /** A (m, k) times B (k, n) in implicit mode: no "->", the output labels are inferred. */
  matmulImplicit: "TODO",
};
