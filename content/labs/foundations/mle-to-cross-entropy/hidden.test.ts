// MLE-to-cross-entropy lab: tests run at grading only (gradients, the CE = H + KL identity, other data, edge cases).
import { categoricalMle, categoricalNll, crossEntropyOf, entropy, fitCategorical, fitGaussian, gaussianMle, gaussianNll } from "learner";
import { F, manualSeed, randint, randn, tensor } from "llmpath/tensor";
import { expectClose, expectThrows, expectTrue, test } from "llmpath/testing";

function softmaxRef(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

test("categoricalMle rejects a sample that is not a class", () => {
  // The message must name the offending sample.
  expectThrows(() => categoricalMle([0, 1, 3], 3), "3");
  expectThrows(() => categoricalMle([0, -1], 3), "-1");
}, { taskId: "task-1" });

test("the gradient of the categorical NLL is softmax(z) − p̂", () => {
  const samples = [4, 1, 1, 0, 4, 4, 2, 1, 4, 3, 4, 0];
  const z = [0.3, -0.7, 1.1, 0.05, -0.4];
  const logits = tensor(z, { requiresGrad: true });
  categoricalNll(logits, samples).backward();
  const q = softmaxRef(z);
  const pHat = categoricalMle(samples, 5);
  expectClose(logits.grad, q.map((qk, k) => qk - pHat[k]), { atol: 1e-6, rtol: 1e-5 });
}, { taskId: "task-1" });

test("NLL == cross-entropy on 1000 seeded samples over 12 classes", () => {
  manualSeed(2024);
  const samples = randint(0, 12, [1000]).tolist() as number[];
  const logits = randn([12]).mul(1.5);
  const nll = categoricalNll(logits, samples).item();
  expectClose(crossEntropyOf(categoricalMle(samples, 12), logits).item(), nll, { atol: 1e-5, rtol: 1e-5 });
  expectClose(F.crossEntropy(logits.unsqueeze(0).expand(1000, 12), tensor(Int32Array.from(samples))).item(), nll, { atol: 1e-5, rtol: 1e-5, label: "F.crossEntropy" });
}, { taskId: "task-1" });

test("cross-entropy = entropy + KL, and the KL part is what training can reduce", () => {
  const p = [0.5, 0.3, 0.2, 0]; // a zero entry must not produce NaN
  const z = [1.2, -0.3, 0.4, 2];
  const logits = tensor(z);
  const ce = crossEntropyOf(p, logits).item();
  const kl = F.klDiv(logits.logSoftmax(-1), tensor(p), { reduction: "sum" }).item();
  expectTrue(Number.isFinite(ce), `H(p, q) should be finite, got ${ce}`);
  expectClose(ce, entropy(p) + kl, { atol: 1e-5, rtol: 1e-6, label: "H(p, q) = H(p) + KL(p‖q)" });
  expectTrue(kl > 0.1, `KL(p‖q) should be clearly positive here, got ${kl}`);
  const atMle = crossEntropyOf(p, tensor(p.map((v) => Math.log(Math.max(v, 1e-30))))).item();
  expectClose(atMle, entropy(p), { atol: 1e-5, rtol: 0, label: "q = p gives H(p, p) = H(p)" });
}, { taskId: "task-1" });

test("fitCategorical over 10 classes, one of them never observed", () => {
  manualSeed(11);
  const samples = randint(0, 9, [400]).tolist() as number[]; // class 9 never appears
  const pHat = categoricalMle(samples, 10);
  const { probs } = fitCategorical(samples, 10);
  expectClose(probs.reduce((s: number, v: number) => s + v, 0), 1, { atol: 1e-5, rtol: 0, label: "probabilities sum to 1" });
  expectClose(probs.slice(0, 9), pHat.slice(0, 9), { atol: 5e-3, rtol: 0, label: "observed classes" });
  expectTrue(probs[9] < 0.01, `the unseen class should be driven towards 0, got ${probs[9]}`);
}, { taskId: "task-2" });

test("the Gaussian NLL's gradients: dμ = −(x̄ − μ)/σ², dσ = 1/σ − mean((x − μ)²)/σ³", () => {
  const xs = [1.5, -0.5, 2.25, 0.75, 3, -1];
  const mu = tensor(0.3, { requiresGrad: true });
  const sigma = tensor(1.7, { requiresGrad: true });
  gaussianNll(tensor(xs), mu, sigma).backward();
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const msd = xs.reduce((s, x) => s + (x - 0.3) ** 2, 0) / n;
  expectClose(mu.grad, -(mean - 0.3) / 1.7 ** 2, { atol: 1e-5, rtol: 1e-5, label: "dNLL/dμ" });
  expectClose(sigma.grad, 1 / 1.7 - msd / 1.7 ** 3, { atol: 1e-5, rtol: 1e-5, label: "dNLL/dσ" });
}, { taskId: "task-3" });

test("gaussianMle on seeded data recovers the generating parameters roughly", () => {
  manualSeed(5);
  const xs = randn([4000]).mul(0.5).add(-2).tolist() as number[];
  const { mu, sigma } = gaussianMle(xs);
  expectClose(mu, -2, { atol: 0.03, rtol: 0, label: "μ̂ (4 standard errors)" });
  expectClose(sigma, 0.5, { atol: 0.03, rtol: 0, label: "σ̂" });
}, { taskId: "task-3" });

test("fitGaussian on a narrow, negative-mean sample matches the closed form", () => {
  manualSeed(11);
  const xs = randn([500]).mul(0.4).add(-1.5).tolist() as number[];
  const closed = gaussianMle(xs);
  const fit = fitGaussian(xs);
  expectClose(fit.mu, closed.mu, { atol: 1e-3, rtol: 0, label: "μ" });
  expectClose(fit.sigma, closed.sigma, { atol: 1e-3, rtol: 0, label: "σ" });
  const minNll = 0.5 * Math.log(2 * Math.PI * closed.sigma ** 2) + 0.5;
  expectClose(fit.losses[fit.losses.length - 1], minNll, { atol: 1e-4, rtol: 0, label: "final loss vs the minimum NLL" });
}, { taskId: "task-4" });
