// Low-rank inference: fill in each TODO (README.en.md / README.zh.md has one task per function).
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
// biome-ignore-all lint/correctness/noUnusedImports: the imports are what the solution needs
// biome-ignore-all lint/style/useImportType: nn is used as a value once factorLinear is written
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
  throw new Error("TODO: factorLinear");
}

/** Task 2: what a rank-k factorisation of an (out, in) layer costs, and its speed-up in multiply-adds over the dense layer. */
export function lowRankCost(outFeatures: number, inFeatures: number, k: number, bias = true): { params: number; multiplyAdds: number; speedup: number } {
  // TODO: this counts the dense layer, i.e. what you get if you multiply the factors back together before using them.
  return { params: outFeatures * inFeatures + (bias ? outFeatures : 0), multiplyAdds: outFeatures * inFeatures, speedup: 1 };
}

/** Task 3: the fraction of rows of logits (N, C) whose argmax equals the label (N, int32). */
export function accuracy(logits: Tensor, labels: Tensor): number {
  throw new Error("TODO: accuracy");
}

/**
 * Task 4: for each k, swap model[name] for factorLinear(original, k), measure accuracy on (X, y), and put the original
 * layer back — also when something throws.
 */
export function lowRankTable<K extends string>(model: Layer & Record<K, Layer>, name: K, ks: readonly number[], X: Tensor, y: Tensor): Row[] {
  // const slots: Record<string, Layer> = model;  — then slots[name] reads and writes the layer
  // 1. check slots[name] is an nn.Linear; 2. baseline accuracy under noGrad; 3. one row per k; 4. restore in `finally`
  throw new Error("TODO: lowRankTable");
}

/** Task 5: the smallest k whose accuracy is at most `margin` below the original (delta ≥ −margin); null if none is. */
export function kneeRank(rows: readonly Row[], margin: number): number | null {
  throw new Error("TODO: kneeRank");
}
