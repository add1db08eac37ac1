// MLE-to-cross-entropy lab: implement each function with llmpath/tensor (see README, tasks 1–4).
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
import type { Tensor } from "llmpath/tensor";

/** Task 1: closed-form MLE of a categorical distribution: p̂_k = count(k) / N. Throw for a sample outside 0..C−1. */
export function categoricalMle(samples: number[], numClasses: number): number[] {
  throw new Error("TODO: implement categoricalMle (task 1)");
}

/** Task 1: mean negative log-likelihood −(1/N) Σ_i log softmax(logits)[x_i], one term per sample. logits: (C,). */
export function categoricalNll(logits: Tensor, samples: number[]): Tensor {
  throw new Error("TODO: implement categoricalNll (task 1)");
}

/** Task 1: cross-entropy H(p, q) = −Σ_k p_k log q_k with q = softmax(logits). p: a distribution over the C classes. */
export function crossEntropyOf(p: number[], logits: Tensor): Tensor {
  throw new Error("TODO: implement crossEntropyOf (task 1)");
}

/** Task 1: entropy H(p) = −Σ_k p_k log p_k in nats, with 0·log 0 = 0. */
export function entropy(p: number[]): number {
  throw new Error("TODO: implement entropy (task 1)");
}

export interface FitOptions {
  steps?: number;
  lr?: number;
}

/** Task 2: fit logits by gradient descent on categoricalNll; return softmax(logits) and the loss of every step. */
export function fitCategorical(samples: number[], numClasses: number, opts: FitOptions = {}): { probs: number[]; losses: number[] } {
  throw new Error("TODO: implement fitCategorical (task 2)");
}

/** Task 3: closed-form Gaussian MLE: μ̂ = mean, σ̂ = sqrt of the mean squared deviation (divide by N, not N − 1). */
export function gaussianMle(xs: number[]): { mu: number; sigma: number } {
  throw new Error("TODO: implement gaussianMle (task 3)");
}

/** Task 3: mean Gaussian NLL, (1/N) Σ [log σ + ½ log 2π + (x − μ)² / (2σ²)]. x (N,), mu and sigma 0-d tensors. */
export function gaussianNll(x: Tensor, mu: Tensor, sigma: Tensor): Tensor {
  throw new Error("TODO: implement gaussianNll (task 3)");
}

/** Task 4: fit μ and log σ by gradient descent on gaussianNll; return the fitted μ, σ and the loss of every step. */
export function fitGaussian(xs: number[], opts: FitOptions = {}): { mu: number; sigma: number; losses: number[] } {
  throw new Error("TODO: implement fitGaussian (task 4)");
}
