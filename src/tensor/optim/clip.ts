// clipGradNorm: rescale all gradients together so their global norm is at most maxNorm (torch.nn.utils.clip_grad_norm_).
import { type Tensor, noGrad } from "../core.ts";

/**
 * total = ‖(‖g₁‖, ‖g₂‖, …)‖ (the norm of all gradients as one vector; normType 2 or Infinity);
 * every gradient is multiplied by min(1, maxNorm / (total + 1e-6)). Parameters without a gradient
 * are skipped. Returns the total norm before clipping, as a number.
 */
export function clipGradNorm(params: Iterable<Tensor>, maxNorm: number, normType = 2): number {
  if (!(maxNorm >= 0)) throw new Error(`clipGradNorm: maxNorm must be a non-negative number, got ${maxNorm}`);
  if (normType !== 2 && normType !== Number.POSITIVE_INFINITY) {
    throw new Error(`clipGradNorm: normType must be 2 or Infinity, got ${normType}`);
  }
  const grads = [...params].map((p) => p.grad).filter((g): g is Tensor => g !== null && g !== undefined);
  if (grads.length === 0) return 0;
  let total = 0;
  for (const g of grads) {
    const a = g.toFloat64Array();
    if (normType === 2) for (let i = 0; i < a.length; i++) total += a[i] * a[i];
    else for (let i = 0; i < a.length; i++) total = Math.max(total, Math.abs(a[i]));
  }
  if (normType === 2) total = Math.sqrt(total);
  const coef = Math.min(1, maxNorm / (total + 1e-6));
  noGrad(() => {
    for (const g of grads) g.mul_(coef);
  });
  return total;
}
