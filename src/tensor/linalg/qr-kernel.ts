// Pure float64 Householder QR kernel, no Tensor dependency: A (m×n) = Q R.
import { prescale } from "./prescale.ts";

export type QrMode = "reduced" | "complete";

export interface QrFactors {
  /** Q, row-major, m×m (complete) or m×min(m,n) (reduced); orthonormal columns */
  Q: Float64Array;
  /** R, row-major, m×n (complete) or min(m,n)×n (reduced); upper triangular */
  R: Float64Array;
  qCols: number;
  rRows: number;
}

/**
 * Householder QR of a row-major m×n matrix. Reflector j maps A[j.., j] onto α e₁ with
 * α = −sign(A[j,j])·‖A[j.., j]‖ (the sign choice that avoids cancellation), so R's diagonal
 * may be negative, as in LAPACK/PyTorch. The input is not modified.
 */
/** Euclidean norm of v[from..to), computed with scaling so squares neither overflow nor underflow. */
function scaledNorm(v: Float64Array, from: number, to: number): number {
  let scale = 0;
  for (let i = from; i < to; i++) scale = Math.max(scale, Math.abs(v[i]!));
  if (scale === 0) return 0;
  let ss = 0;
  for (let i = from; i < to; i++) ss += (v[i]! / scale) ** 2;
  return scale * Math.sqrt(ss);
}

export function qrKernel(a: ArrayLike<number>, m: number, n: number, mode: QrMode = "reduced"): QrFactors {
  if (a.length !== m * n) throw new Error(`qr: expected ${m * n} values for a ${m}×${n} matrix, got ${a.length}`);
  const k = Math.min(m, n);
  // Column-major working copy; the reflectors are kept in `vs` (column j holds v_j in rows j..m).
  const { scaled, factor } = prescale(a);
  const w = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) w[j * m + i] = scaled[i * n + j]!;
  const vs = new Float64Array(m * k);
  for (let j = 0; j < k; j++) {
    const cj = j * m;
    const norm = scaledNorm(w, cj + j, cj + m);
    if (norm === 0) continue; // column already zero on and below the diagonal: H_j = I
    const alpha = w[cj + j]! > 0 ? -norm : norm;
    // v = x − α e₁, normalised to unit length.
    const vj = j * m;
    for (let i = j; i < m; i++) vs[vj + i] = w[cj + i]!;
    vs[vj + j] = vs[vj + j]! - alpha;
    const vn = scaledNorm(vs, vj + j, vj + m);
    if (vn === 0) continue; // x is already α e₁
    for (let i = j; i < m; i++) vs[vj + i] = vs[vj + i]! / vn;
    // Apply H_j = I − 2 v vᵀ to columns j..n-1.
    for (let c = j; c < n; c++) {
      const cc = c * m;
      let t = 0;
      for (let i = j; i < m; i++) t += vs[vj + i]! * w[cc + i]!;
      t *= 2;
      for (let i = j; i < m; i++) w[cc + i] = w[cc + i]! - t * vs[vj + i]!;
    }
    for (let i = j + 1; i < m; i++) w[cj + i] = 0; // exactly zero below the diagonal
    w[cj + j] = alpha;
  }
  const qCols = mode === "complete" ? m : k;
  const rRows = mode === "complete" ? m : k;
  // Q = H_0 H_1 … H_{k-1} I[:, :qCols], built right to left on a column-major identity.
  const q = new Float64Array(m * qCols);
  for (let c = 0; c < qCols; c++) q[c * m + c] = 1;
  for (let j = k - 1; j >= 0; j--) {
    const vj = j * m;
    for (let c = 0; c < qCols; c++) {
      const cc = c * m;
      let t = 0;
      for (let i = j; i < m; i++) t += vs[vj + i]! * q[cc + i]!;
      if (t === 0) continue;
      t *= 2;
      for (let i = j; i < m; i++) q[cc + i] = q[cc + i]! - t * vs[vj + i]!;
    }
  }
  const Q = new Float64Array(m * qCols);
  for (let i = 0; i < m; i++) for (let c = 0; c < qCols; c++) Q[i * qCols + c] = q[c * m + i]!;
  const R = new Float64Array(rRows * n);
  for (let i = 0; i < Math.min(rRows, m); i++) for (let j = i; j < n; j++) R[i * n + j] = w[j * m + i]! * factor;
  return { Q, R, qCols, rRows };
}
