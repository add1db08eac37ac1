// Class-index losses for F: crossEntropy (with ignoreIndex and label smoothing) and nllLoss.
import { type Tensor, tensor } from "../core.ts";
import type { Reduction } from "./reduction.ts";
import { fmtShape } from "./shape-check.ts";

export interface CrossEntropyOptions {
  /** Targets equal to this class index contribute nothing (and are not counted by "mean"). */
  ignoreIndex?: number;
  /** Mix the one-hot target with the uniform distribution: (1−ε)·onehot + ε/C. */
  labelSmoothing?: number;
  reduction?: Reduction;
}

/**
 * crossEntropy like torch.nn.functional.cross_entropy with class-index targets.
 * logits (N, C) or (N, C, d1, ...) (classes on dim 1, as in torch); target int32 (N) or (N, d1, ...).
 * For (B, T, C) language-model logits, flatten first: `crossEntropy(logits.reshape(-1, C), ids.reshape(-1))`.
 */
export function crossEntropy(logits: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  return classLoss("crossEntropy", logits, target, opts, true);
}

/**
 * nllLoss like torch.nn.functional.nll_loss: `logProbs` already holds log-probabilities (e.g. from logSoftmax),
 * so −logProbs[n, target[n]] is averaged (ignoreIndex and reduction as in crossEntropy).
 */
export function nllLoss(logProbs: Tensor, target: Tensor, opts: Omit<CrossEntropyOptions, "labelSmoothing"> = {}): Tensor {
  return classLoss("nllLoss", logProbs, target, opts, false);
}

/** Shared body: −Σ_c dist[n, c]·logp[n, c] with dist the (smoothed) one-hot target, built as a constant. */
function classLoss(op: string, logits: Tensor, target: Tensor, opts: CrossEntropyOptions, normalise: boolean): Tensor {
  const ignoreIndex = opts.ignoreIndex ?? -100;
  const ls = opts.labelSmoothing ?? 0;
  const reduction = opts.reduction ?? "mean";
  if (logits.dim() < 2) {
    throw new Error(`${op}: logits must be (N, C) or (N, C, ...), got ${fmtShape(logits.shape)}`);
  }
  if (target.dtype !== "int32") {
    throw new Error(`${op}: target must hold int32 class indices, got dtype ${target.dtype}`);
  }
  if (!(ls >= 0 && ls <= 1)) throw new Error(`${op}: labelSmoothing must be in [0, 1], got ${ls}`);
  const C = logits.shape[1];
  const extra = logits.shape.slice(2);
  const expectTarget = [logits.shape[0], ...extra];
  if (target.shape.length !== expectTarget.length || target.shape.some((d, i) => d !== expectTarget[i])) {
    throw new Error(
      `${op}: target shape ${fmtShape(target.shape)} does not match logits ${fmtShape(logits.shape)} (expected ${fmtShape(expectTarget)})`,
    );
  }
  // Move classes last and flatten: (N, C, d...) → (N·d..., C).
  const classesLast = [0, ...extra.map((_, i) => i + 2), 1];
  const flat = extra.length === 0 ? logits : logits.permute(...classesLast).reshape(-1, C);
  const logp = normalise ? flat.logSoftmax(-1) : flat; // (M, C)
  const M = logp.shape[0];
  // The target distribution as a constant (M, C) matrix: ignored rows are all zero.
  const t = target.toFloat64Array();
  const w = new Float64Array(M * C);
  let valid = 0;
  for (let n = 0; n < M; n++) {
    const cls = t[n];
    if (cls === ignoreIndex) continue;
    if (!(cls >= 0 && cls < C)) {
      throw new Error(
        `${op}: target ${cls} at flat index ${n} is out of range for ${C} classes (valid: 0..${C - 1} or ignoreIndex ${ignoreIndex})`,
      );
    }
    valid++;
    for (let c = 0; c < C; c++) w[n * C + c] = ls / C;
    w[n * C + cls] += 1 - ls;
  }
  const dist = tensor(w, { shape: [M, C], dtype: "float64" }).to(logp.dtype);
  const perSample = logp.mul(dist).sum(-1).neg(); // (M,)
  if (reduction === "none") return perSample.reshape(...expectTarget);
  if (reduction === "sum") return perSample.sum();
  if (reduction === "mean") return perSample.sum().div(valid); // torch: mean over non-ignored targets
  throw new Error(`${op}: reduction must be "mean", "sum" or "none", got ${JSON.stringify(reduction)}`);
}
