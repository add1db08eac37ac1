// linalg.qr: Householder QR of a matrix or a batch of matrices (no gradient).
import type { Tensor } from "../core.ts";
import { BatchOutput, matrixBatch } from "./batch.ts";
import { qrKernel } from "./qr-kernel.ts";

export type QrModeOption = "reduced" | "complete" | "r";

/**
 * A = Q R, like torch.linalg.qr. mode "reduced" (default): Q (…, m, k), R (…, k, n), k = min(m, n);
 * "complete": Q (…, m, m), R (…, m, n); "r": R only (Q is an empty tensor, as in torch).
 * Computed in float64, returned in the input's dtype. R's diagonal may be negative (LAPACK's
 * convention). Not differentiable: the results do not track gradients.
 */
export function qr(A: Tensor, opts: { mode?: QrModeOption } = {}): { Q: Tensor; R: Tensor } {
  const mode = opts.mode ?? "reduced";
  if (mode !== "reduced" && mode !== "complete" && mode !== "r") {
    throw new Error(`linalg.qr: unknown mode ${JSON.stringify(mode)}; use "reduced", "complete" or "r"`);
  }
  const { batchShape, batch, m, n } = matrixBatch("linalg.qr", A);
  const k = Math.min(m, n);
  const qCols = mode === "complete" ? m : k;
  const rRows = mode === "complete" ? m : k;
  const values = A.toFloat64Array();
  const Q = new BatchOutput(mode === "r" ? [0] : [...batchShape, m, qCols], mode === "r" ? 0 : m * qCols, batch);
  const R = new BatchOutput([...batchShape, rRows, n], rRows * n, batch);
  for (let b = 0; b < batch; b++) {
    const f = qrKernel(values.subarray(b * m * n, (b + 1) * m * n), m, n, mode === "complete" ? "complete" : "reduced");
    if (mode !== "r") Q.put(b, f.Q);
    R.put(b, f.R);
  }
  return { Q: Q.toTensor(A.dtype), R: R.toTensor(A.dtype) };
}
