// linalg.svd: singular value decomposition of a matrix or a batch of matrices (no gradient).
import type { Tensor } from "../core.ts";
import { BatchOutput, matrixBatch } from "./batch.ts";
import { qrKernel } from "./qr-kernel.ts";
import { svdKernel } from "./svd-kernel.ts";

export interface SvdOptions {
  /** false (default): U (…, m, k), Vh (…, k, n) with k = min(m, n); true: U (…, m, m), Vh (…, n, n) */
  fullMatrices?: boolean;
}

/**
 * A = U diag(S) Vh, like torch.linalg.svd. Computed in float64 (Golub–Kahan–Reinsch), returned
 * in the input's dtype; S is descending. Each singular pair (U[:, i], Vh[i]) is unique only up to
 * sign. Not differentiable: the results do not track gradients (use them as data).
 */
export function svd(A: Tensor, opts: SvdOptions = {}): { U: Tensor; S: Tensor; Vh: Tensor } {
  const full = opts.fullMatrices ?? false;
  const { batchShape, batch, m, n } = matrixBatch("linalg.svd", A);
  const k = Math.min(m, n);
  const uCols = full ? m : k;
  const vRows = full ? n : k;
  const values = A.toFloat64Array();
  const U = new BatchOutput([...batchShape, m, uCols], m * uCols, batch);
  const S = new BatchOutput([...batchShape, k], k, batch);
  const Vh = new BatchOutput([...batchShape, vRows, n], vRows * n, batch);
  for (let b = 0; b < batch; b++) {
    const f = svdKernel(values.subarray(b * m * n, (b + 1) * m * n), m, n);
    S.put(b, f.S);
    U.put(b, full ? completeColumns(f.U, m, k) : f.U);
    Vh.put(b, full ? transposeOf(completeColumns(transposeOf(f.Vh, k, n), n, k), n, n) : f.Vh);
  }
  return { U: U.toTensor(A.dtype), S: S.toTensor(A.dtype), Vh: Vh.toTensor(A.dtype) };
}

/** Only the singular values (…, min(m, n)), descending, like torch.linalg.svdvals. */
export function svdvals(A: Tensor): Tensor {
  return svd(A).S;
}

function transposeOf(X: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = X[i * cols + j]!;
  return out;
}

/**
 * Extend X (rows×k, orthonormal columns) to a rows×rows orthogonal matrix: the last rows−k
 * columns of a complete QR of X span the orthogonal complement of X's columns.
 */
function completeColumns(X: Float64Array, rows: number, k: number): Float64Array {
  if (k === rows) return X;
  const { Q } = qrKernel(X, rows, k, "complete");
  const out = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < rows; j++) out[i * rows + j] = j < k ? X[i * k + j]! : Q[i * rows + j]!;
  }
  return out;
}
