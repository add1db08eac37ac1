// Scaled dot-product attention for F, with a masked softmax that returns zeros (not NaN) for fully masked rows.
import { type Tensor, isGradEnabled, noGrad, tensor } from "../core.ts";
import { fusedAttention } from "../kernels/attention.ts";
import { dropout } from "./activations.ts";
import { fmtShape } from "./shape-check.ts";

/** A (Tq, Tk) bool mask, true where query i may attend key j (top-left aligned, like torch's isCausal). */
export function causalMask(Tq: number, Tk: number): Tensor {
  const m = new Uint8Array(Tq * Tk);
  for (let i = 0; i < Tq; i++) for (let j = 0; j <= Math.min(i, Tk - 1); j++) m[i * Tk + j] = 1;
  return tensor(m, { shape: [Tq, Tk], dtype: "bool" });
}

/**
 * Softmax over the last dim where `allowed` (bool, broadcastable; true = keep) and −∞ scores are excluded.
 * A row with nothing allowed yields all zeros and passes a zero gradient (torch's plain softmax gives NaN).
 */
export function maskedSoftmax(scores: Tensor, allowed?: Tensor | null): Tensor {
  const s = allowed ? scores.maskedFill(allowed.logicalNot(), Number.NEGATIVE_INFINITY) : scores;
  // (..., 1) a constant shift (softmax is shift-invariant), computed without a graph so nothing is retained for it;
  // fully masked rows get shift 0
  const shift = noGrad(() => {
    const rowMax = s.amax(-1, true);
    return rowMax.maskedFill(rowMax.eq(Number.NEGATIVE_INFINITY), 0);
  });
  const e = s.sub(shift).exp(); // (..., Tk), exactly 0 where masked
  const denom = e.sum(-1, true); // (..., 1)
  return e.div(denom.maskedFill(denom.eq(0), 1)); // 0 / 1 = 0 for fully masked rows
}

export interface AttentionOptions {
  /** bool (true = attend, torch convention) or an additive float mask (e.g. 0 / −∞, or a position bias). */
  attnMask?: Tensor | null;
  /** An extra additive float bias (e.g. a relative-position bias), applied together with a bool attnMask. */
  attnBias?: Tensor | null;
  /** Apply a top-left aligned causal mask (query i sees keys 0..i). */
  isCausal?: boolean;
  /** Dropout on the attention weights (only when training). */
  dropoutP?: number;
  /** Multiplier of q·kᵀ; default 1/√Dh. */
  scale?: number;
  /** Whether dropout is active; default true, like torch's functional call. */
  training?: boolean;
}

/** Attention returning both the output (..., Tq, Dv) and the weights (..., Tq, Tk). */
export function attentionWithWeights(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  opts: AttentionOptions = {},
): { out: Tensor; weights: Tensor } {
  if (q.dim() < 2 || k.dim() < 2 || v.dim() < 2) {
    throw new Error(
      `scaledDotProductAttention: q, k, v must be (..., T, D), got q ${fmtShape(q.shape)}, k ${fmtShape(k.shape)}, v ${fmtShape(v.shape)}`,
    );
  }
  const D = q.shape[q.dim() - 1];
  const Tq = q.shape[q.dim() - 2];
  const Tk = k.shape[k.dim() - 2];
  if (k.shape[k.dim() - 1] !== D || v.shape[v.dim() - 2] !== Tk) {
    throw new Error(
      `scaledDotProductAttention: q ${fmtShape(q.shape)}, k ${fmtShape(k.shape)}, v ${fmtShape(v.shape)} do not fit (need q (..., Tq, D), k (..., Tk, D), v (..., Tk, Dv))`,
    );
  }
  const scale = opts.scale ?? 1 / Math.sqrt(D);
  let scores = q.matmul(k.transpose(-2, -1)).mul(scale); // (..., Tq, Tk)
  let allowed: Tensor | null = opts.isCausal ? causalMask(Tq, Tk) : null;
  const m = opts.attnMask;
  if (m) {
    if (m.dtype === "bool") allowed = allowed ? allowed.logicalAnd(m) : m;
    else scores = scores.add(m);
  }
  if (opts.attnBias) scores = scores.add(opts.attnBias);
  let weights = maskedSoftmax(scores, allowed); // (..., Tq, Tk)
  const p = opts.dropoutP ?? 0;
  if (p > 0) weights = dropout(weights, p, opts.training ?? true);
  return { out: weights.matmul(v), weights }; // (..., Tq, Dv)
}

/**
 * scaledDotProductAttention like torch: softmax(q kᵀ · scale + mask) v. Fully masked query rows give zeros.
 * Without gradients, masks or dropout, float32 inputs take the fused tiled kernel (no (Tq, Tk) buffer).
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: AttentionOptions = {}): Tensor {
  const needsGrad = isGradEnabled() && (q.requiresGrad || k.requiresGrad || v.requiresGrad);
  const dropout = (opts.dropoutP ?? 0) > 0 && (opts.training ?? true);
  if (!needsGrad && !dropout && !opts.attnMask && !opts.attnBias && q.dim() >= 2 && q.shape[q.dim() - 1] === k.shape[k.dim() - 1]) {
    const D = q.shape[q.dim() - 1];
    const fused = fusedAttention(q, k, v, { scale: opts.scale ?? 1 / Math.sqrt(D), isCausal: opts.isCausal ?? false });
    if (fused) return fused;
  }
  return attentionWithWeights(q, k, v, opts).out;
}
