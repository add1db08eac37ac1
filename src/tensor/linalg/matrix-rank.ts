// linalg.matrixRank: numerical rank = number of singular values above a tolerance (no gradient).
import { type Tensor, tensor } from "../core.ts";
import { matrixBatch } from "./batch.ts";
import { svd } from "./svd.ts";

/**
 * Like torch.linalg.matrix_rank: counts σ_i > tol with tol = max(atol, rtol · σ_max), where the
 * default rtol is eps(dtype) · max(m, n) when neither tolerance is given. Returns int32 (…,).
 */
export function matrixRank(A: Tensor, opts: { atol?: number; rtol?: number } = {}): Tensor {
  const { batchShape, batch, m, n } = matrixBatch("linalg.matrixRank", A);
  const eps = A.dtype === "float64" ? 2 ** -52 : 2 ** -23;
  const atol = opts.atol ?? 0;
  const rtol = opts.rtol ?? (opts.atol === undefined ? eps * Math.max(m, n) : 0);
  const k = Math.min(m, n);
  const S = svd(A).S.toFloat64Array();
  const out = new Int32Array(batch);
  for (let b = 0; b < batch; b++) {
    const s = S.subarray(b * k, (b + 1) * k);
    const tol = Math.max(atol, rtol * (s[0] ?? 0));
    out[b] = s.filter((v) => v > tol).length;
  }
  return tensor(out, { shape: batchShape, dtype: "int32" });
}
