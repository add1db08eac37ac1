// Low-rank inference: reference solution — factor a trained Linear layer by SVD and tabulate cost against accuracy.
import { linalg, nn, noGrad, type Tensor } from "llmpath/tensor";

/** Anything with a forward: an nn.Linear, the nn.Sequential that replaces it, a whole model. */
export interface Layer {
  forward(x: Tensor): Tensor;
}

/** One row of the table: a rank, what the factored layer costs, and what it does to accuracy. */
export interface Row {
  k: number;
  /** Parameters of the factored layer: k·(in + out), plus out for the bias. */
  params: number;
  /** Multiply-adds of the factored layer for one input row: k·(in + out). */
  multiplyAdds: number;
  /** Dense multiply-adds over factored ones: in·out / (k·(in + out)). Below 1 means slower than the dense layer. */
  speedup: number;
  /** Accuracy of the whole model with the layer replaced. */
  accuracy: number;
  /** accuracy − the original model's accuracy (negative = worse). */
  delta: number;
  /** Optional: measured milliseconds of one forward pass over X. Informative only; no test reads it. */
  ms?: number;
}

/**
 * Task 1: replace `layer` (weight (out, in), optional bias) by two Linear maps through a rank-k bottleneck:
 * first (in → k, no bias) with weight Vh_k, then (k → out) with weight U_k diag(S_k) and a copy of the bias.
 */
export function factorLinear(layer: nn.Linear, k: number): nn.Sequential {
  const [out, inp] = layer.weight.shape as [number, number];
  const r = Math.min(out, inp);
  if (!Number.isInteger(k) || k < 1 || k > r) {
    throw new RangeError(`factorLinear: rank k must be an integer in [1, ${r}] for a (${out}, ${inp}) weight, got ${k}`);
  }
  return noGrad(() => {
    const { U, S, Vh } = linalg.svd(layer.weight.detach()); // U (out, r), S (r), Vh (r, in)
    const first = new nn.Linear(inp, k, { bias: false });
    const second = new nn.Linear(k, out, { bias: layer.bias !== null });
    first.weight = nn.Parameter(Vh.narrow(0, 0, k).clone()); // (k, in)
    second.weight = nn.Parameter(U.narrow(1, 0, k).mul(S.narrow(0, 0, k)).clone()); // (out, k): column i scaled by σ_i
    if (layer.bias !== null) second.bias = nn.Parameter(layer.bias.detach().clone()); // (out)
    return new nn.Sequential(first, second);
  });
}

/** Task 2: what a rank-k factorisation of an (out, in) layer costs, and its speed-up in multiply-adds over the dense layer. */
export function lowRankCost(outFeatures: number, inFeatures: number, k: number, bias = true): { params: number; multiplyAdds: number; speedup: number } {
  const multiplyAdds = k * (inFeatures + outFeatures);
  return {
    params: multiplyAdds + (bias ? outFeatures : 0),
    multiplyAdds,
    speedup: (inFeatures * outFeatures) / multiplyAdds,
  };
}

/** Task 3: the fraction of rows of logits (N, C) whose argmax equals the label (N, int32). */
export function accuracy(logits: Tensor, labels: Tensor): number {
  if (logits.dim() !== 2 || labels.dim() !== 1 || labels.shape[0] !== logits.shape[0]) {
    throw new Error(`accuracy: expected logits (N, C) and labels (N), got [${logits.shape}] and [${labels.shape}]`);
  }
  const predicted = logits.argmax(1).toFloat64Array();
  const truth = labels.toFloat64Array();
  let right = 0;
  for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) right++;
  return right / truth.length;
}

const now = (): number | undefined => (typeof performance === "undefined" ? undefined : performance.now());

/**
 * Task 4: for each k, swap model[name] for factorLinear(original, k), measure accuracy on (X, y), and put the original
 * layer back — also when something throws.
 */
export function lowRankTable<K extends string>(model: Layer & Record<K, Layer>, name: K, ks: readonly number[], X: Tensor, y: Tensor): Row[] {
  const slots: Record<string, Layer> = model; // model[name] is read and written
  const original = slots[name];
  if (!(original instanceof nn.Linear)) throw new TypeError(`lowRankTable: model.${name} must be an nn.Linear to factor it, got ${original?.constructor?.name ?? typeof original}`);
  const [out, inp] = original.weight.shape as [number, number];
  const baseline = noGrad(() => accuracy(model.forward(X), y));
  const rows: Row[] = [];
  try {
    for (const k of ks) {
      slots[name] = factorLinear(original, k);
      const t0 = now();
      const logits = noGrad(() => model.forward(X));
      const t1 = now();
      const acc = accuracy(logits, y);
      const row: Row = { k, ...lowRankCost(out, inp, k, original.bias !== null), accuracy: acc, delta: acc - baseline };
      if (t0 !== undefined && t1 !== undefined) row.ms = t1 - t0;
      rows.push(row);
    }
  } finally {
    slots[name] = original;
  }
  return rows;
}

/** Task 5: the smallest k whose accuracy is at most `margin` below the original (delta ≥ −margin); null if none is. */
export function kneeRank(rows: readonly Row[], margin: number): number | null {
  if (!(margin >= 0)) throw new RangeError(`kneeRank: margin must be a number ≥ 0 (an accuracy drop such as 0.01), got ${margin}`);
  let best: number | null = null;
  for (const r of rows) if (r.delta >= -margin && (best === null || r.k < best)) best = r.k;
  return best;
}
