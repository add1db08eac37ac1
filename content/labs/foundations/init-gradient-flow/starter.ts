// Initialisation and gradient flow lab: init schemes, per-layer statistics of a 20-layer MLP, and a vanishing/exploding diagnosis.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
// biome-ignore-all lint/correctness/noUnusedImports: the imports are there for you to use
// biome-ignore-all lint/correctness/noUnusedVariables: std is a helper for Task 2
import { manualSeed, randn, type Tensor } from "llmpath/tensor";

export type Scheme = "naive" | "xavier" | "kaiming";
export type Activation = "tanh" | "relu";
export type Diagnosis = "vanishing" | "exploding" | "healthy";

/** Task 1: the standard deviation each scheme gives a weight of shape (fanOut, fanIn). */
export function initStd(scheme: Scheme, fanIn: number, fanOut: number): number {
  throw new Error("TODO: initStd (Task 1)");
}

/** Task 1: a (fanOut, fanIn) float32 weight drawn from N(0, initStd²) with the engine's generator. */
export function initWeight(scheme: Scheme, fanIn: number, fanOut: number): Tensor {
  throw new Error("TODO: initWeight (Task 1)");
}

export interface LayerStats {
  /** actStd[l]: standard deviation of h_{l+1}, the output of layer l+1 (after the activation), l = 0 … depth−1. */
  actStd: number[];
  /** gradStd[l]: standard deviation of dL/dh_{l+1}. */
  gradStd: number[];
}

/** Given: population standard deviation (divide by N) of all elements, in float64. */
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
  throw new Error("TODO: layerStats (Task 2)");
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
  throw new Error("TODO: diagnose (Task 3)");
}
