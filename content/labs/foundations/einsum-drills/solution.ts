// einsum drills: reference solution — every function is a single einsum call.
import { einsum, type Tensor } from "llmpath/tensor";

/** Worked example (already done): the matrix product A (m, k) @ B (k, n) -> (m, n). Labels shared by the inputs
 * but missing from the output (here k) are summed over. */
export function matmul(A: Tensor, B: Tensor): Tensor {
  return einsum("ik,kj->ij", A, B); // (m, k), (k, n) -> (m, n)
}

/** Task 1: the trace of a square matrix A (n, n): the sum of its diagonal; returns a 0-d tensor. */
export function trace(A: Tensor): Tensor {
  return einsum("ii->", A); // (n, n) -> ()
}

/** Task 2: the diagonal of a square matrix A (n, n); returns (n). */
export function diagonal(A: Tensor): Tensor {
  return einsum("ii->i", A); // (n, n) -> (n)
}

/** Task 3: the transpose of A (m, n); returns (n, m). */
export function transpose(A: Tensor): Tensor {
  return einsum("ij->ji", A); // (m, n) -> (n, m)
}

/** Task 4: the sum of each row of A (m, n); returns (m). */
export function rowSums(A: Tensor): Tensor {
  return einsum("ij->i", A); // (m, n) -> (m)
}

/** Task 5: one matrix product per batch entry: A (b, m, k) times B (b, k, n); returns (b, m, n). */
export function batchedMatmul(A: Tensor, B: Tensor): Tensor {
  return einsum("bik,bkj->bij", A, B); // (b, m, k) @ (b, k, n) -> (b, m, n)
}

/** Task 6: the outer product of u (m) and v (n); returns (m, n) with out[i][j] = u[i]·v[j]. */
export function outer(u: Tensor, v: Tensor): Tensor {
  return einsum("i,j->ij", u, v); // (m), (n) -> (m, n)
}

/** Task 7: xᵀ A y for every batch row: x (b, m), A (m, n), y (b, n); returns (b). */
export function bilinear(x: Tensor, A: Tensor, y: Tensor): Tensor {
  return einsum("bi,ij,bj->b", x, A, y); // (b, m), (m, n), (b, n) -> (b)
}

/** Task 8: unscaled attention scores q·k for every head: q (b, h, i, d), k (b, h, j, d); returns (b, h, i, j). */
export function attentionScores(q: Tensor, k: Tensor): Tensor {
  return einsum("bhid,bhjd->bhij", q, k); // (B, H, Tq, D), (B, H, Tk, D) -> (B, H, Tq, Tk)
}

/** Task 9: which equation? Each string is an einsum equation for the operation named by its key. */
export const EQUATIONS = {
  /** W (m, n) times a vector x (n) -> (m). */
  matVec: "ij,j->i",
  /** The Gram matrix XᵀX of X (n, d), called as einsum(gram, X, X) -> (d, d). */
  gram: "ni,nj->ij",
  /** Σᵢⱼ A[i,j]·B[i,j] for two (m, n) matrices -> a 0-d tensor. */
  frobeniusInner: "ij,ij->",
  /** A Linear layer without bias on a sequence: x (B, T, in), W (out, in) -> x Wᵀ (B, T, out). */
  linear: "bti,oi->bto",
  /** Attention weights P (B, H, Tq, Tk) applied to values V (B, H, Tk, D) -> (B, H, Tq, D). */
  weightedValues: "bhij,bhjd->bhid",
  /** A (m, k) times B (k, n) in implicit mode: no "->", the output labels are inferred. */
  matmulImplicit: "ij,jk",
};
