// KL-divergence and PPO lab: reference solution (KL asymmetry, Gaussian KL, k1/k2/k3 estimators, clipped PPO with adaptive β).
import { manualSeed, optim, rand, stack, type Tensor, tensor, zeros } from "llmpath/tensor";

/** Task 1: KL(P‖Q) = Σ p·(log p − log q) over the last dim, with 0·log(0/q) = 0. p, q (..., C) → (...). */
export function klDivergence(p: Tensor, q: Tensor): Tensor {
  const zero = p.eq(0);
  const logp = p.maskedFill(zero, 1).log(); // log 1 = 0 where p = 0, so the term vanishes
  return p.mul(logp.sub(q.log())).sum(-1);
}

/** Task 2: closed form KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²)) = log(σ₂/σ₁) + (σ₁² + (μ₁ − μ₂)²) / (2σ₂²) − ½. */
export function gaussianKl(mu1: number, sigma1: number, mu2: number, sigma2: number): number {
  return Math.log(sigma2 / sigma1) + (sigma1 ** 2 + (mu1 - mu2) ** 2) / (2 * sigma2 ** 2) - 0.5;
}

/** A mixture of 1-D Gaussians: Σ_k w_k N(μ_k, σ_k²). */
export interface Mixture {
  weights: number[];
  mus: number[];
  sigmas: number[];
}

/** Task 2: the single Gaussian with the mixture's mean and variance (the forward-KL optimum). */
export function momentMatch(mix: Mixture): { mu: number; sigma: number } {
  const mu = mix.weights.reduce((s, w, k) => s + w * mix.mus[k], 0);
  const second = mix.weights.reduce((s, w, k) => s + w * (mix.sigmas[k] ** 2 + mix.mus[k] ** 2), 0);
  return { mu, sigma: Math.sqrt(second - mu * mu) };
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** log N(x; μ, σ²) on a grid; mu, logSigma may be tensors that require grad. */
function gaussianLogPdf(x: Tensor, mu: Tensor | number, logSigma: Tensor | number): Tensor {
  const ls = typeof logSigma === "number" ? tensor(logSigma, { dtype: "float64" }) : logSigma;
  const z = x.sub(mu).div(ls.exp()); // (G,)
  return z.square().mul(-0.5).sub(ls).sub(HALF_LOG_2PI);
}

/**
 * Task 2: fit one Gaussian q to the mixture p on a grid by minimising KL(p‖q) ("forward", mass-covering)
 * or KL(q‖p) ("reverse", mode-seeking) with autograd; returns the fitted μ, σ and the final KL.
 */
export function fitGaussianToMixture(
  mix: Mixture,
  objective: "forward" | "reverse",
  init: { mu: number; sigma: number },
  opts: { steps?: number; lr?: number } = {},
): { mu: number; sigma: number; kl: number } {
  const steps = opts.steps ?? 800;
  const lo = -15;
  const hi = 15;
  const G = 1501;
  const dx = (hi - lo) / (G - 1);
  const x = tensor(Float64Array.from({ length: G }, (_, i) => lo + i * dx)); // (G,)
  // log p(x) = logsumexp_k [log w_k + log N(x; μ_k, σ_k²)], stable far out in the tails.
  const comps = mix.weights.map((w, k) => gaussianLogPdf(x, mix.mus[k], Math.log(mix.sigmas[k])).add(Math.log(w)));
  const logp = stack(comps, 0).logsumexp(0); // (K, G) → (G,)
  const pMass = logp.exp().mul(dx); // probability of each grid cell
  const mu = tensor(init.mu, { dtype: "float64", requiresGrad: true });
  const logSigma = tensor(Math.log(init.sigma), { dtype: "float64", requiresGrad: true });
  const opt = new optim.Adam([mu, logSigma], { lr: opts.lr ?? 0.05 });
  const klOf = (): Tensor => {
    const logq = gaussianLogPdf(x, mu, logSigma); // (G,)
    return objective === "forward"
      ? pMass.mul(logp.sub(logq)).sum() // E_p[log p − log q]
      : logq.exp().mul(dx).mul(logq.sub(logp)).sum(); // E_q[log q − log p]
  };
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    klOf().backward();
    opt.step();
  }
  return { mu: mu.item(), sigma: Math.exp(logSigma.item()), kl: klOf().item() };
}

/**
 * Task 3: per-sample KL estimators for KL(q‖p) from samples x ~ q, with log r = log p(x) − log q(x):
 * k1 = −log r (unbiased, can be negative), k2 = ½(log r)² (biased, low variance), k3 = (r − 1) − log r (unbiased, ≥ 0).
 */
export function klEstimators(logq: Tensor, logp: Tensor): { k1: Tensor; k2: Tensor; k3: Tensor } {
  const logr = logp.sub(logq);
  return { k1: logr.neg(), k2: logr.square().mul(0.5), k3: logr.exp().sub(1).sub(logr) };
}

/** Task 4: PPO's clipped surrogate, mean_i min(r_i A_i, clip(r_i, 1 − ε, 1 + ε) A_i) with r_i = exp(logpNew − logpOld). */
export function ppoClipObjective(logpNew: Tensor, logpOld: Tensor, advantages: Tensor, clipEps: number): Tensor {
  const ratio = logpNew.sub(logpOld.detach()).exp(); // (N,)
  const unclipped = ratio.mul(advantages);
  const clipped = ratio.clamp(1 - clipEps, 1 + clipEps).mul(advantages);
  return unclipped.minimum(clipped).mean();
}

/** Task 4: PPO's adaptive KL coefficient: halve β when KL < target/1.5, double it when KL > 1.5·target. */
export function adaptiveBeta(beta: number, kl: number, targetKl: number): number {
  if (kl < targetKl / 1.5) return beta / 2;
  if (kl > targetKl * 1.5) return beta * 2;
  return beta;
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

/** Draw n arms from probs by inverse CDF on seeded uniforms. */
function sampleArms(probs: number[], n: number): number[] {
  const u = rand([n]).tolist() as number[];
  return u.map((v) => {
    let acc = 0;
    for (let a = 0; a < probs.length; a++) {
      acc += probs[a];
      if (v < acc) return a;
    }
    return probs.length - 1;
  });
}

/** Task 4: PPO on a K-armed bandit with a softmax policy: clipped surrogate − β·KL(π_old‖π_θ), β adapted each iteration. */
export function trainBanditPpo(cfg: BanditConfig): BanditHistory {
  manualSeed(cfg.seed);
  const K = cfg.rewards.length;
  const theta = zeros([K], { requiresGrad: true }); // uniform policy
  const opt = new optim.Adam([theta], { lr: cfg.lr });
  let beta = cfg.beta0;
  const history: BanditHistory = { probs: [], kl: [], beta: [], expectedReward: [] };
  for (let it = 0; it < cfg.iterations; it++) {
    history.beta.push(beta);
    const logOld = theta.detach().logSoftmax(-1); // (K,)
    const pOld = logOld.exp();
    const actions = sampleArms(pOld.tolist() as number[], cfg.batchSize);
    const r = actions.map((a) => cfg.rewards[a]);
    const baseline = r.reduce((s, v) => s + v, 0) / r.length;
    const adv = tensor(r.map((v) => v - baseline)); // (N,)
    const idx = tensor(Int32Array.from(actions)); // (N,)
    const logOldA = logOld.gather(0, idx);
    for (let e = 0; e < cfg.epochs; e++) {
      opt.zeroGrad();
      const logNew = theta.logSoftmax(-1); // (K,)
      const surrogate = ppoClipObjective(logNew.gather(0, idx), logOldA, adv, cfg.clipEps);
      const penalty = klDivergence(pOld, logNew.exp());
      surrogate.neg().add(penalty.mul(beta)).backward();
      opt.step();
    }
    const pNew = theta.detach().softmax(-1);
    const kl = klDivergence(pOld, pNew).item();
    history.kl.push(kl);
    history.expectedReward.push(pNew.mul(tensor(cfg.rewards)).sum().item());
    beta = adaptiveBeta(beta, kl, cfg.targetKl);
  }
  history.probs = theta.detach().softmax(-1).tolist() as number[];
  return history;
}
