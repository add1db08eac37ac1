// MLE-to-cross-entropy lab: the tests shown to the learner.
import { categoricalMle, categoricalNll, crossEntropyOf, entropy, fitCategorical, fitGaussian, gaussianMle, gaussianNll } from "learner";
import { F, manualSeed, randn, tensor } from "llmpath/tensor";
import { expectClose, expectShape, expectTrue, test } from "llmpath/testing";

const SAMPLES = [0, 2, 2, 1, 2, 3, 3, 2, 0, 2, 1, 2, 2, 3, 0, 2, 1, 2, 2, 2]; // counts 3, 3, 11, 3 over 4 classes

/** Plain float64 mean −log softmax(z)[x_i], the independent reference. */
function refNll(z: number[], xs: number[]): number {
  const m = Math.max(...z);
  const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
  return xs.reduce((s, x) => s + (lse - z[x]), 0) / xs.length;
}

function meanStd(xs: number[]): { mu: number; sigma: number } {
  const mu = xs.reduce((s, x) => s + x, 0) / xs.length;
  return { mu, sigma: Math.sqrt(xs.reduce((s, x) => s + (x - mu) ** 2, 0) / xs.length) };
}

test("categoricalMle is the vector of relative frequencies", () => {
  expectClose(categoricalMle([0, 2, 2, 1, 2], 3), [0.2, 0.2, 0.6], { atol: 1e-12, rtol: 0 });
  expectClose(categoricalMle(SAMPLES, 4), [0.15, 0.15, 0.55, 0.15], { atol: 1e-12, rtol: 0 });
  expectClose(categoricalMle([1, 1], 3), [0, 1, 0], { atol: 1e-12, rtol: 0, label: "an unseen class gets 0" });
}, { taskId: "task-1" });

test("categoricalNll is the mean negative log-probability of the samples", () => {
  const z = [0.5, -1, 2, 0.25];
  const nll = categoricalNll(tensor(z), SAMPLES);
  expectShape(nll, []);
  expectClose(nll.item(), refNll(z, SAMPLES), { atol: 1e-5, rtol: 1e-6 });
}, { taskId: "task-1" });

test("the NLL of a categorical model equals the cross-entropy from the empirical distribution", () => {
  const pHat = categoricalMle(SAMPLES, 4);
  for (const z of [[0.5, -1, 2, 0.25], [0, 0, 0, 0], [3, -2, 1, 0.7]]) {
    const logits = tensor(z);
    const nll = categoricalNll(logits, SAMPLES).item();
    expectClose(crossEntropyOf(pHat, logits).item(), nll, { atol: 1e-5, rtol: 1e-6, label: `H(p̂, softmax(${z}))` });
    // The same number from the engine's F.crossEntropy with one row of logits per sample.
    const rows = logits.unsqueeze(0).expand(SAMPLES.length, 4);
    expectClose(F.crossEntropy(rows, tensor(Int32Array.from(SAMPLES))).item(), nll, { atol: 1e-5, rtol: 1e-6, label: "F.crossEntropy" });
  }
}, { taskId: "task-1" });

test("entropy in nats", () => {
  expectClose(entropy([0.5, 0.5]), Math.LN2, { atol: 1e-12, rtol: 0 });
  expectClose(entropy([1, 0, 0]), 0, { atol: 1e-12, rtol: 0, label: "0·log 0 counts as 0" });
  expectClose(entropy([0.25, 0.25, 0.25, 0.25]), Math.log(4), { atol: 1e-12, rtol: 0 });
}, { taskId: "task-1" });

test("gradient descent on the NLL finds the relative frequencies", () => {
  const { probs, losses } = fitCategorical(SAMPLES, 4);
  const pHat = categoricalMle(SAMPLES, 4);
  expectClose(probs, pHat, { atol: 2e-3, rtol: 0, label: "fitted softmax(logits) vs counts / N" });
  expectTrue(losses.length >= 2 && losses[0] > losses[losses.length - 1], "losses should record every step and go down");
  // At the optimum the NLL equals the entropy of the empirical distribution (the KL term is 0).
  expectClose(losses[losses.length - 1], entropy(pHat), { atol: 1e-4, rtol: 0, label: "final loss vs H(p̂)" });
}, { taskId: "task-2" });

test("gaussianMle: the mean and the standard deviation with 1/N", () => {
  const { mu, sigma } = gaussianMle([1, 2, 3, 4]);
  expectClose(mu, 2.5, { atol: 1e-12, rtol: 0 });
  expectClose(sigma, Math.sqrt(1.25), { atol: 1e-12, rtol: 0, label: "σ̂ divides by N (= 4), not N − 1" });
}, { taskId: "task-3" });

test("gaussianNll matches the formula, and with σ = 1 it is half the MSE plus a constant", () => {
  const xs = [0.3, -1.2, 2.5, 0.9, 1.7];
  const x = tensor(xs);
  const expected = xs.reduce((s, v) => s + Math.log(1.5) + 0.5 * Math.log(2 * Math.PI) + (v - 0.4) ** 2 / (2 * 1.5 ** 2), 0) / xs.length;
  expectClose(gaussianNll(x, tensor(0.4), tensor(1.5)).item(), expected, { atol: 1e-5, rtol: 1e-6 });
  const mse = xs.reduce((s, v) => s + (v - 0.4) ** 2, 0) / xs.length;
  expectClose(gaussianNll(x, tensor(0.4), tensor(1)).item(), 0.5 * mse + 0.5 * Math.log(2 * Math.PI), { atol: 1e-5, rtol: 1e-6, label: "NLL = MSE/2 + log(2π)/2" });
  const mle = meanStd(xs);
  expectClose(gaussianNll(x, tensor(mle.mu), tensor(mle.sigma)).item(), 0.5 * Math.log(2 * Math.PI * mle.sigma ** 2) + 0.5, { atol: 1e-5, rtol: 1e-6, label: "minimum NLL" });
}, { taskId: "task-3" });

test("gradient descent on the Gaussian NLL finds the closed-form μ̂ and σ̂", () => {
  manualSeed(7);
  const xs = randn([300]).mul(2).add(3).tolist() as number[]; // 300 draws from N(3, 2²)
  const ref = meanStd(xs);
  const closed = gaussianMle(xs);
  expectClose([closed.mu, closed.sigma], [ref.mu, ref.sigma], { atol: 1e-9, rtol: 0, label: "gaussianMle" });
  const fit = fitGaussian(xs);
  expectClose(fit.mu, ref.mu, { atol: 1e-3, rtol: 0, label: "μ by gradient descent" });
  expectClose(fit.sigma, ref.sigma, { atol: 1e-3, rtol: 0, label: "σ by gradient descent" });
  expectTrue(fit.losses.length >= 2 && fit.losses[0] > fit.losses[fit.losses.length - 1], "losses should record every step and go down");
}, { taskId: "task-4" });
