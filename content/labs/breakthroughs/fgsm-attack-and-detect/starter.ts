// FGSM lab: seven-segment digit data, an MLP, FGSM, two detectors with ROC-AUC, adversarial training.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
// biome-ignore-all lint/correctness/noUnusedImports: the imports are there for you to use
// biome-ignore-all lint/correctness/noUnusedVariables: helpers are there for you to use
import { F, manualSeed, nn, noGrad, optim, type Tensor, tensor } from "llmpath/tensor";

/** Given: a seeded uniform generator in [0, 1) (mulberry32). */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Given: a standard normal draw from a uniform generator (Box–Muller). */
export function gaussian(rand: () => number): number {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Segments a…g of a seven-segment display, each lit by which digits. */
export const SEGMENTS_OF_DIGIT = ["abcdef", "bc", "abdeg", "abcdg", "bcfg", "acdfg", "acdefg", "abc", "abcdefg", "abcdfg"];

/** Task 1: the clean 8×8 bitmap (row-major, 64 values of 0 or 1) of a digit, shifted right by `shift` columns (−1, 0, 1). */
export function segmentBitmap(digit: number, shift = 0): number[] {
  throw new Error("TODO: segmentBitmap (Task 1)");
}

/** Task 1: n noisy digits: label = i mod 10, random shift, stroke brightness U(0.6, 1), N(0, noise²) per pixel, clipped to [0, 1]. */
export function makeDigits(n: number, seed: number, noise = 0.15): { x: Tensor; y: Tensor } {
  throw new Error("TODO: makeDigits (Task 1)");
}

/** Anything that maps images (N, 64) to logits (N, 10). */
export interface Classifier {
  forward(x: Tensor): Tensor;
}

/** Task 2: 64 → hidden → 10 with ReLU. */
export class DigitMLP extends nn.Module {
  fc1: nn.Linear;
  fc2: nn.Linear;
  constructor(hidden = 32) {
    super();
    throw new Error("TODO: DigitMLP constructor (Task 2)");
  }
  forward(x: Tensor): Tensor {
    throw new Error("TODO: DigitMLP.forward (Task 2)");
  }
}

/** Task 2: fraction of rows whose argmax equals the label. */
export function accuracy(model: Classifier, x: Tensor, y: Tensor): number {
  throw new Error("TODO: accuracy (Task 2)");
}

/** Task 3: the gradient of the mean cross-entropy with respect to the input, and that loss. */
export function inputGradient(model: Classifier, x: Tensor, y: Tensor): { grad: Tensor; loss: number } {
  throw new Error("TODO: inputGradient (Task 3)");
}

/** Task 3: x + eps·sign(∇ₓ loss), clipped to [clip[0], clip[1]] unless clip is null. Parameters' .grad are left untouched. */
export function fgsm(model: Classifier, x: Tensor, y: Tensor, eps: number, clip: [number, number] | null = [0, 1]): Tensor {
  throw new Error("TODO: fgsm (Task 3)");
}

/** Task 3: accuracy on FGSM examples at each eps (eps = 0 is the clean accuracy). */
export function robustAccuracy(model: Classifier, x: Tensor, y: Tensor, epsList: readonly number[]): number[] {
  throw new Error("TODO: robustAccuracy (Task 3)");
}

/** Task 2 and 5: full-batch Adam training; with advEps > 0 each step trains on half clean, half FGSM(advEps) loss. */
export function trainClassifier(x: Tensor, y: Tensor, opts: { steps?: number; lr?: number; seed?: number; hidden?: number; advEps?: number } = {}): DigitMLP {
  throw new Error("TODO: trainClassifier (Tasks 2 and 5)");
}

/** Task 4: bit-depth reduction: round(x·(2^bits − 1)) / (2^bits − 1). */
export function reduceBitDepth(x: Tensor, bits: number): Tensor {
  throw new Error("TODO: reduceBitDepth (Task 4)");
}

/** Task 4: 3×3 median filter on each 8×8 image (N, 64), edges replicated. */
export function medianSmooth(x: Tensor): Tensor {
  throw new Error("TODO: medianSmooth (Task 4)");
}

/** Task 4: feature squeezing score per row: ‖softmax(f(x)) − softmax(f(squeeze(x)))‖₁ (0 … 2). */
export function squeezeScores(model: Classifier, x: Tensor, squeeze: (x: Tensor) => Tensor): number[] {
  throw new Error("TODO: squeezeScores (Task 4)");
}

/** Task 4: low-confidence score per row: 1 − max softmax probability. */
export function confidenceScores(model: Classifier, x: Tensor): number[] {
  throw new Error("TODO: confidenceScores (Task 4)");
}

/** Task 4: ROC-AUC of scores for labels (1 = positive/adversarial): P(score⁺ > score⁻) + ½P(tie), via average ranks. */
export function rocAuc(scores: readonly number[], labels: readonly number[]): number {
  throw new Error("TODO: rocAuc (Task 4)");
}
