// Initialisation and gradient flow lab: reference solution — init schemes, per-layer statistics of a 20-layer MLP, a diagnosis.
import { manualSeed, randn, type Tensor } from "llmpath/tensor";

export type Scheme = "naive" | "xavier" | "kaiming";
export type Activation = "tanh" | "relu";
export type Diagnosis = "vanishing" | "exploding" | "healthy";

/** Task 1: the standard deviation each scheme gives a weight of shape (fanOut, fanIn). */
export function initStd(scheme: Scheme, fanIn: number, fanOut: number): number {
  switch (scheme) {
    case "naive":
      return 1; // N(0, 1), whatever the layer size
    case "xavier":
      return Math.sqrt(2 / (fanIn + fanOut)); // Glorot & Bengio 2010: keeps variance in both directions for linear/tanh
    case "kaiming":
      return Math.sqrt(2 / fanIn); // He et al. 2015: the 2 makes up for ReLU zeroing half the inputs
    default:
      throw new Error(`initStd: unknown scheme "${String(scheme)}"; use "naive", "xavier" or "kaiming"`);
  }
}

/** Task 1: a (fanOut, fanIn) float32 weight drawn from N(0, initStd²) with the engine's generator. */
export function initWeight(scheme: Scheme, fanIn: number, fanOut: number): Tensor {
  return randn([fanOut, fanIn]).mul(initStd(scheme, fanIn, fanOut));
}

export interface LayerStats {
  /** actStd[l]: standard deviation of h_{l+1}, the output of layer l+1 (after the activation), l = 0 … depth−1. */
  actStd: number[];
  /** gradStd[l]: standard deviation of dL/dh_{l+1}. */
  gradStd: number[];
}

/** Population standard deviation (divide by N) of all elements, in float64. */
function std(t: Tensor): number {
  const d = t.toFloat64Array();
  let mean = 0;
  for (const v of d) mean += v;
  mean /= d.length;
  let ss = 0;
  for (const v of d) ss += (v - mean) ** 2;
  return Math.sqrt(ss / d.length);
}

/**
 * Task 2: forward a batch through `depth` bias-free layers h ← act(h·Wᵀ) and send a random upstream gradient back.
 * Draws, in this order after manualSeed(seed): W_1 … W_depth (initWeight(scheme, width, width)), x = randn([batch, width]),
 * g = randn([batch, width]); then hDepth.backward(g).
 */
export function layerStats(scheme: Scheme, activation: Activation, opts: { depth?: number; width?: number; batch?: number; seed?: number } = {}): LayerStats {
  const { depth = 20, width = 64, batch = 64, seed = 0 } = opts;
  manualSeed(seed);
  const weights = Array.from({ length: depth }, () => initWeight(scheme, width, width));
  let h = randn([batch, width]); // (B, width)
  const g = randn([batch, width]); // (B, width): the upstream gradient dL/dh_depth
  const hs: Tensor[] = [];
  for (const W of weights) {
    W.requiresGrad_();
    const z = h.matmul(W.transpose(0, 1)); // (B, width)
    h = activation === "tanh" ? z.tanh() : z.relu();
    h.retainGrad();
    hs.push(h);
  }
  h.backward(g);
  return { actStd: hs.map(std), gradStd: hs.map((t) => std(t.grad!)) };
}

/** Thresholds of Task 3 on r = gradStd[0] / gradStd[last]. */
export const VANISHING_BELOW = 1e-2;
export const EXPLODING_ABOVE = 1e2;

/**
 * Task 3: "vanishing" if r < 1e-2 (or the first layer's gradient is exactly 0), "exploding" if r > 1e2 or any statistic
 * is not finite, else "healthy". r = gradStd[0] / gradStd[last]: how much the backward signal shrank or grew on its
 * way from the last layer to the first.
 */
export function diagnose(stats: LayerStats): Diagnosis {
  const g = stats.gradStd;
  if (g.length < 2) throw new Error(`diagnose: need the gradient statistics of at least 2 layers, got ${g.length}`);
  if (![...g, ...stats.actStd].every(Number.isFinite)) return "exploding";
  const first = g[0]!;
  const last = g[g.length - 1]!;
  if (last === 0) throw new Error("diagnose: the last layer's gradient std is 0; nothing flows back to compare with");
  const r = first / last;
  if (r < VANISHING_BELOW) return "vanishing";
  if (r > EXPLODING_ABOVE) return "exploding";
  return "healthy";
}
