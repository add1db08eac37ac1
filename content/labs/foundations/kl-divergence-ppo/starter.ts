// KL-divergence and PPO lab: implement each function with llmpath/tensor (see README, tasks 1–4).
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
import type { Tensor } from "llmpath/tensor";

/** Task 1: KL(P‖Q) = Σ p·(log p − log q) over the last dim, with 0·log(0/q) = 0. p, q (..., C) → (...). */
export function klDivergence(p: Tensor, q: Tensor): Tensor {
  throw new Error("TODO: implement klDivergence (task 1)");
}

/** Task 2: closed form KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²)). */
export function gaussianKl(mu1: number, sigma1: number, mu2: number, sigma2: number): number {
  throw new Error("TODO: implement gaussianKl (task 2)");
}

/** A mixture of 1-D Gaussians: Σ_k w_k N(μ_k, σ_k²). */
export interface Mixture {
  weights: number[];
  mus: number[];
  sigmas: number[];
}

/** Task 2: the single Gaussian with the mixture's mean and variance (the forward-KL optimum). */
export function momentMatch(mix: Mixture): { mu: number; sigma: number } {
  throw new Error("TODO: implement momentMatch (task 2)");
}

/**
 * Task 2: fit one Gaussian q to the mixture p on a grid by minimising KL(p‖q) ("forward") or KL(q‖p) ("reverse")
 * with autograd, starting from `init`; return the fitted μ, σ and the final KL.
 */
export function fitGaussianToMixture(
  mix: Mixture,
  objective: "forward" | "reverse",
  init: { mu: number; sigma: number },
  opts: { steps?: number; lr?: number } = {},
): { mu: number; sigma: number; kl: number } {
  throw new Error("TODO: implement fitGaussianToMixture (task 2)");
}

/**
 * Task 3: per-sample estimators of KL(q‖p) from samples x ~ q, given log q(x) and log p(x); log r = log p − log q.
 * k1 = −log r, k2 = ½(log r)², k3 = (r − 1) − log r.
 */
export function klEstimators(logq: Tensor, logp: Tensor): { k1: Tensor; k2: Tensor; k3: Tensor } {
  throw new Error("TODO: implement klEstimators (task 3)");
}

/** Task 4: PPO's clipped surrogate, mean_i min(r_i A_i, clip(r_i, 1 − ε, 1 + ε) A_i) with r_i = exp(logpNew − logpOld). */
export function ppoClipObjective(logpNew: Tensor, logpOld: Tensor, advantages: Tensor, clipEps: number): Tensor {
  throw new Error("TODO: implement ppoClipObjective (task 4)");
}

/** Task 4: PPO's adaptive KL coefficient: halve β when KL < target/1.5, double it when KL > 1.5·target. */
export function adaptiveBeta(beta: number, kl: number, targetKl: number): number {
  throw new Error("TODO: implement adaptiveBeta (task 4)");
}

export interface BanditConfig {
  rewards: number[];
  iterations: number;
  batchSize: number;
  epochs: number;
  lr: number;
  clipEps: number;
  beta0: number;
  targetKl: number;
  seed: number;
}

export interface BanditHistory {
  /** The final policy softmax(θ). */
  probs: number[];
  /** kl[t] = KL(π_old ‖ π_new) of iteration t (exact, over all arms). */
  kl: number[];
  /** beta[t] = the β used during iteration t; beta[0] = beta0. */
  beta: number[];
  /** expectedReward[t] = Σ_a π_new(a)·rewards[a] after iteration t. */
  expectedReward: number[];
}

/** Task 4: PPO on a K-armed bandit with a softmax policy: clipped surrogate − β·KL(π_old‖π_θ), β adapted each iteration. */
export function trainBanditPpo(cfg: BanditConfig): BanditHistory {
  // Sampling tip: manualSeed(cfg.seed) once, then draw uniforms with rand([n]) and walk the cumulative probabilities.
  throw new Error("TODO: implement trainBanditPpo (task 4)");
}
