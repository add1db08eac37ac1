// Loss functions for F: KL divergence, MSE and BCE-with-logits, composed from primitives.
import type { Tensor } from "../core.ts";
import { type Reduction, reduce } from "./reduction.ts";

export interface KlDivOptions {
  /** "batchmean" (sum / batch size) is the mathematically correct KL; "mean" averages over all elements. */
  reduction?: "mean" | "batchmean" | "sum" | "none";
  /** When true, `target` holds log P instead of P. */
  logTarget?: boolean;
}

/**
 * klDiv like torch.nn.functional.kl_div: `input` is log Q, `target` is P; the result is KL(P‖Q)
 * = Σ P·(log P − log Q), with 0·log 0 = 0.
 */
export function klDiv(input: Tensor, target: Tensor, opts: KlDivOptions = {}): Tensor {
  const reduction = opts.reduction ?? "mean";
  let pointwise: Tensor;
  if (opts.logTarget) {
    pointwise = target.exp().mul(target.sub(input));
  } else {
    const safe = target.maskedFill(target.eq(0), 1); // log(1) = 0 where P = 0
    pointwise = target.mul(safe.log()).sub(target.mul(input));
  }
  if (reduction === "batchmean") {
    const batch = input.dim() === 0 ? 1 : input.shape[0];
    return pointwise.sum().div(batch);
  }
  if (reduction === "mean" || reduction === "sum" || reduction === "none") return reduce("klDiv", pointwise, reduction);
  throw new Error(`klDiv: reduction must be "mean", "batchmean", "sum" or "none", got ${JSON.stringify(reduction)}`);
}

/** mseLoss like torch: (a − b)², reduced. */
export function mseLoss(a: Tensor, b: Tensor, opts: { reduction?: Reduction } = {}): Tensor {
  return reduce("mseLoss", a.sub(b).square(), opts.reduction);
}

/**
 * binaryCrossEntropyWithLogits like torch, stable for large |x|:
 * (1 − y)·x + m + log(e^(−m) + e^(−x−m)) with m = max(−x, 0) held constant (it cancels exactly),
 * so the gradient is exactly sigmoid(x) − y.
 */
export function binaryCrossEntropyWithLogits(
  logits: Tensor,
  target: Tensor,
  opts: { reduction?: Reduction } = {},
): Tensor {
  const m = logits.neg().relu().detach();
  const lse = m.neg().exp().add(logits.neg().sub(m).exp()).log().add(m); // log(1 + e^(−x)), stable
  const loss = target.neg().add(1).mul(logits).add(lse);
  return reduce("binaryCrossEntropyWithLogits", loss, opts.reduction);
}
