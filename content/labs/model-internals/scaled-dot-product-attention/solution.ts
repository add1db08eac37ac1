// Scaled dot-product attention: reference solution — scores, masks, a softmax that survives fully masked rows.
import { type Tensor, tensor } from "llmpath/tensor";

/** Task 1: scores = q kᵀ / √D for q (..., Tq, D) and k (..., Tk, D); returns (..., Tq, Tk). */
export function attentionScores(q: Tensor, k: Tensor): Tensor {
  const D = q.shape[q.dim() - 1]!;
  if (k.shape[k.dim() - 1] !== D) {
    throw new Error(`attentionScores: q has head size ${D} but k has ${k.shape[k.dim() - 1]}; both must end in the same D`);
  }
  return q.matmul(k.transpose(-2, -1)).div(Math.sqrt(D)); // (..., Tq, D) @ (..., D, Tk) -> (..., Tq, Tk)
}

/** Task 2: a bool (Tq, Tk) mask, true where query i may look at key j, i.e. j ≤ i (top-left aligned). */
export function causalMask(Tq: number, Tk: number): Tensor {
  const allowed = new Uint8Array(Tq * Tk);
  for (let i = 0; i < Tq; i++) for (let j = 0; j <= Math.min(i, Tk - 1); j++) allowed[i * Tk + j] = 1;
  return tensor(allowed, { shape: [Tq, Tk], dtype: "bool" }); // (Tq, Tk)
}

/** Task 3: a bool (B, 1, T) mask, true where key j of sequence b is a real token (j < lengths[b]). */
export function paddingMask(lengths: readonly number[], T: number): Tensor {
  const allowed = new Uint8Array(lengths.length * T);
  lengths.forEach((len, b) => {
    if (!Number.isInteger(len) || len < 0 || len > T) {
      throw new Error(`paddingMask: lengths[${b}] = ${len} must be an integer between 0 and T = ${T}`);
    }
    allowed.fill(1, b * T, b * T + len);
  });
  return tensor(allowed, { shape: [lengths.length, 1, T], dtype: "bool" }); // (B, 1, T)
}

/**
 * Task 4: softmax over the last dim that only looks at allowed positions (bool, broadcastable, true = keep).
 * Masked positions get exactly 0; a row with nothing allowed returns all zeros and passes a zero gradient.
 */
export function maskedSoftmax(scores: Tensor, allowed?: Tensor | null): Tensor {
  const s = allowed ? scores.maskedFill(allowed.logicalNot(), Number.NEGATIVE_INFINITY) : scores; // (..., Tk)
  const rowMax = s.amax(-1, true).detach(); // (..., 1): a constant shift, softmax does not change
  const shift = rowMax.maskedFill(rowMax.eq(Number.NEGATIVE_INFINITY), 0); // fully masked row: shift by 0, not −∞
  const e = s.sub(shift).exp(); // (..., Tk), exactly 0 where masked
  const denom = e.sum(-1, true); // (..., 1), 0 only for a fully masked row
  return e.div(denom.maskedFill(denom.eq(0), 1)); // 0 / 1 = 0 instead of 0 / 0 = NaN
}

export interface AttentionOptions {
  /** bool, broadcastable to (..., Tq, Tk); true = this query may attend this key. */
  mask?: Tensor | null;
  /** Also apply causalMask(Tq, Tk). */
  causal?: boolean;
}

function combinedMask(Tq: number, Tk: number, opts: AttentionOptions): Tensor | null {
  const causal = opts.causal ? causalMask(Tq, Tk) : null;
  const m = opts.mask ?? null;
  if (m && m.dtype !== "bool") throw new Error(`attention: mask must be a bool tensor (true = attend), got ${m.dtype}`);
  if (causal && m) return causal.logicalAnd(m);
  return causal ?? m;
}

/** Task 5a: the attention weights softmax(q kᵀ/√D) under the masks; returns (..., Tq, Tk). */
export function attentionWeights(q: Tensor, k: Tensor, opts: AttentionOptions = {}): Tensor {
  const Tq = q.shape[q.dim() - 2]!;
  const Tk = k.shape[k.dim() - 2]!;
  return maskedSoftmax(attentionScores(q, k), combinedMask(Tq, Tk, opts)); // (..., Tq, Tk)
}

/** Task 5b: softmax(q kᵀ/√D) v for q (..., Tq, D), k (..., Tk, D), v (..., Tk, Dv); returns (..., Tq, Dv). */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: AttentionOptions = {}): Tensor {
  if (v.shape[v.dim() - 2] !== k.shape[k.dim() - 2]) {
    throw new Error(`scaledDotProductAttention: k has ${k.shape[k.dim() - 2]} keys but v has ${v.shape[v.dim() - 2]} values`);
  }
  return attentionWeights(q, k, opts).matmul(v); // (..., Tq, Tk) @ (..., Tk, Dv) -> (..., Tq, Dv)
}
