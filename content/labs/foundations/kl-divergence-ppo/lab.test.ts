// KL-divergence and PPO lab: the tests shown to the learner.
import { adaptiveBeta, fitGaussianToMixture, gaussianKl, klDivergence, klEstimators, momentMatch, ppoClipObjective, trainBanditPpo } from "learner";
import { manualSeed, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectTrue, test } from "llmpath/testing";

const klRef = (p: number[], q: number[]) => p.reduce((s, pi, i) => (pi > 0 ? s + pi * Math.log(pi / q[i]) : s), 0);

/** Mean and sample standard deviation of a tensor's entries, in float64. */
function stats(t: Tensor): { mean: number; std: number; min: number } {
  const a = t.toFloat64Array();
  const mean = a.reduce((s: number, v: number) => s + v, 0) / a.length;
  const std = Math.sqrt(a.reduce((s: number, v: number) => s + (v - mean) ** 2, 0) / (a.length - 1));
  return { mean, std, min: a.reduce((m: number, v: number) => Math.min(m, v), Infinity) };
}

test("KL(P‖Q) per row, and it is not symmetric", () => {
  const p = [0.5, 0.5];
  const q = [0.9, 0.1];
  const kl = klDivergence(tensor([p, q]), tensor([q, p]));
  expectShape(kl, [2]);
  expectClose(kl, [klRef(p, q), klRef(q, p)], { atol: 1e-6, rtol: 1e-5 }); // 0.5108 vs 0.3681 nats
  expectClose(klDivergence(tensor([0.2, 0.3, 0.5]), tensor([0.2, 0.3, 0.5])).item(), 0, { atol: 1e-7, rtol: 0, label: "KL(P‖P) = 0" });
  expectClose(klDivergence(tensor([1, 0]), tensor([0.5, 0.5])).item(), Math.LN2, { atol: 1e-6, rtol: 0, label: "0·log 0 = 0" });
}, { taskId: "task-1" });

test("closed-form KL between two Gaussians", () => {
  expectClose(gaussianKl(0, 1, 0, 1), 0, { atol: 1e-12, rtol: 0 });
  expectClose(gaussianKl(0, 1, 1, 1), 0.5, { atol: 1e-12, rtol: 0, label: "unit variances: (Δμ)²/2" });
  expectClose(gaussianKl(0, 1, 0, 2), Math.log(2) + 1 / 8 - 0.5, { atol: 1e-12, rtol: 0 });
  expectClose(gaussianKl(0, 2, 0, 1), Math.log(0.5) + 2 - 0.5, { atol: 1e-12, rtol: 0, label: "swapping the arguments changes the value" });
}, { taskId: "task-2" });

const BIMODAL = { weights: [0.5, 0.5], mus: [-3, 3], sigmas: [0.8, 0.8] };

test("forward KL (mass-covering) matches the mixture's mean and variance", () => {
  const mm = momentMatch(BIMODAL);
  expectClose([mm.mu, mm.sigma], [0, Math.sqrt(0.64 + 9)], { atol: 1e-9, rtol: 0, label: "momentMatch" });
  const fit = fitGaussianToMixture(BIMODAL, "forward", { mu: 1, sigma: 1 });
  expectClose(fit.mu, 0, { atol: 0.02, rtol: 0, label: "μ sits between the modes" });
  expectClose(fit.sigma, mm.sigma, { atol: 0.02, rtol: 0, label: "σ spans both modes" });
}, { taskId: "task-2" });

test("reverse KL (mode-seeking) locks onto the mode it starts near", () => {
  const right = fitGaussianToMixture(BIMODAL, "reverse", { mu: 2, sigma: 1 });
  expectClose(right.mu, 3, { atol: 0.05, rtol: 0, label: "μ from a start at +2" });
  expectClose(right.sigma, 0.8, { atol: 0.05, rtol: 0, label: "σ ≈ one component's σ" });
  const left = fitGaussianToMixture(BIMODAL, "reverse", { mu: -2, sigma: 1 });
  expectClose(left.mu, -3, { atol: 0.05, rtol: 0, label: "μ from a start at −2" });
  // Covering one mode of weight ½ exactly costs KL(q‖p) ≈ −log ½.
  expectClose(right.kl, Math.LN2, { atol: 0.01, rtol: 0, label: "reverse KL at the optimum" });
}, { taskId: "task-2" });

test("k1 and k3 are unbiased, k2 is not: exact expectations on a small vocabulary", () => {
  const q = [0.5, 0.2, 0.15, 0.1, 0.05]; // the sampling policy
  const p = [0.3, 0.3, 0.1, 0.25, 0.05]; // the reference
  const { k1, k2, k3 } = klEstimators(tensor(q).log(), tensor(p).log()); // one value per token
  const expectation = (k: Tensor) => (k.tolist() as number[]).reduce((s, v, i) => s + q[i] * v, 0);
  const truth = klRef(q, p);
  expectClose(expectation(k1), truth, { atol: 1e-6, rtol: 0, label: "E_q[k1] = KL(q‖p)" });
  expectClose(expectation(k3), truth, { atol: 1e-6, rtol: 0, label: "E_q[k3] = KL(q‖p)" });
  expectTrue(Math.abs(expectation(k2) - truth) > 1e-3, `k2 should be biased here, got E[k2] = ${expectation(k2)} vs KL = ${truth}`);
  expectTrue(stats(k3).min >= 0 && stats(k1).min < 0, "k3 is never negative, while k1 can be");
}, { taskId: "task-3" });

test("Monte-Carlo: q = N(0, 1), p = N(0.1, 1), 100 000 seeded samples", () => {
  manualSeed(123);
  const x = randn([100000], { dtype: "float64" }); // samples from q
  const { k1, k2, k3 } = klEstimators(x.square().mul(-0.5), x.sub(0.1).square().mul(-0.5)); // log q, log p (constants cancel)
  const truth = 0.005; // (0.1)² / 2
  const [s1, s2, s3] = [stats(k1), stats(k2), stats(k3)];
  // Bound: 4 standard errors, std / √N.
  expectClose(s1.mean, truth, { atol: (4 * s1.std) / Math.sqrt(100000), rtol: 0, label: "mean k1" });
  expectClose(s3.mean, truth, { atol: (4 * s3.std) / Math.sqrt(100000), rtol: 0, label: "mean k3" });
  expectClose(s2.mean, truth, { atol: 1e-4, rtol: 0, label: "mean k2 (its bias is tiny when q ≈ p)" });
  expectTrue(s3.std * 10 < s1.std, `k3 should have far lower variance than k1 here: std k1 = ${s1.std}, std k3 = ${s3.std}`);
}, { taskId: "task-3" });

test("PPO clipped objective on hand-checked ratios", () => {
  const logOld = tensor([0, 0, 0, 0]);
  const logNew = tensor([Math.log(1.5), Math.log(0.5), Math.log(1.1), Math.log(0.7)], { requiresGrad: true });
  const adv = tensor([1, 1, -2, -1]);
  const obj = ppoClipObjective(logNew, logOld, adv, 0.2);
  // min(r·A, clip(r)·A): 1.2, 0.5, −2.2, −0.8 → mean −0.325
  expectClose(obj.item(), (1.2 + 0.5 - 2.2 - 0.8) / 4, { atol: 1e-6, rtol: 0 });
  obj.backward();
  // d/d logNew = r·A/N where the unclipped term is the min, 0 where the clipped one is.
  expectClose(logNew.grad, [0, 0.5 / 4, (1.1 * -2) / 4, 0], { atol: 1e-6, rtol: 0, label: "gradient" });
}, { taskId: "task-4" });

test("adaptive β: halve below target/1.5, double above 1.5·target", () => {
  expectEqual(adaptiveBeta(1, 0.001, 0.01), 0.5);
  expectEqual(adaptiveBeta(1, 0.02, 0.01), 2);
  expectEqual(adaptiveBeta(1, 0.01, 0.01), 1);
  expectEqual(adaptiveBeta(0.3, 0.014, 0.01), 0.3);
}, { taskId: "task-4" });

test("PPO with an adaptive KL penalty learns a 4-armed bandit", () => {
  const cfg = { rewards: [0.1, 0.5, 0.9, 0.3], iterations: 30, batchSize: 64, epochs: 8, lr: 0.05, clipEps: 0.2, beta0: 1, targetKl: 0.02, seed: 1 };
  const h = trainBanditPpo(cfg);
  expectEqual([h.kl.length, h.beta.length, h.expectedReward.length], [30, 30, 30], "one entry per iteration");
  expectEqual(h.beta[0], 1, "beta[0] = beta0");
  for (let t = 0; t + 1 < h.beta.length; t++) {
    expectEqual(h.beta[t + 1], adaptiveBeta(h.beta[t], h.kl[t], cfg.targetKl), `beta[${t + 1}] follows the adaptive rule`);
  }
  expectTrue(h.probs[2] > 0.9, `the best arm should end with probability > 0.9, got ${h.probs[2]}`);
  expectTrue(h.expectedReward[29] > 0.85, `expected reward should approach 0.9, got ${h.expectedReward[29]}`);
}, { taskId: "task-4" });
