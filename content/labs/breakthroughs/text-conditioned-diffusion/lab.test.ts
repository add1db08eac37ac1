// Text-conditioned diffusion: the tests shown to the learner — schedule, closed-form forward process, joint training, sampling, the judge.
import {
  classify,
  diffusionLoss,
  drawPicture,
  linearSchedule,
  makeDataset,
  PROMPTS,
  qSample,
  reverseStep,
  sample,
  TextToImage,
  timeEmbedding,
  train,
  trainClassifier,
} from "learner";
import { manualSeed, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectShape, expectThrows, expectTrue, test } from "llmpath/testing";

interface Model {
  text: { emb: { weight: Tensor }; forward(prompts: string[]): Tensor };
  eps: { forward(xt: Tensor, t: number[], text: Tensor): Tensor };
  predictNoise(xt: Tensor, t: number[], prompts: string[]): Tensor;
}
interface Classifier {
  forward(x: Tensor): Tensor;
}

const EXACT = { atol: 1e-12, rtol: 0 };

let trained: { model: Model; losses: number[]; before: number[] } | undefined;
/** One model trained with the defaults (T = 50, 400 steps, seed 0), shared by the tests below. */
function trainedModel(): { model: Model; losses: number[]; before: number[] } {
  if (!trained) {
    manualSeed(0);
    const model: Model = new TextToImage();
    const before = [...model.text.emb.weight.toFloat32Array()];
    const losses: number[] = train(model, linearSchedule(50), { seed: 0 });
    trained = { model, losses, before };
  }
  return trained;
}

test("linearSchedule(5, 0.1, 0.5): β = 0.1 … 0.5, ᾱ = 0.9, 0.72, 0.504, 0.3024, 0.1512", () => {
  const s = linearSchedule(5, 0.1, 0.5);
  expectClose(s.betas, [0.1, 0.2, 0.3, 0.4, 0.5], { ...EXACT, label: "betas" });
  expectClose(s.alphas, [0.9, 0.8, 0.7, 0.6, 0.5], { ...EXACT, label: "alphas" });
  expectClose(s.alphaBars, [0.9, 0.72, 0.504, 0.3024, 0.1512], { ...EXACT, label: "alphaBars" });
}, { taskId: "task-1" });

test("the default schedule (T = 50, β from 0.001 to 0.2) ends almost at pure noise: ᾱ_50 < 0.01", () => {
  const s = linearSchedule(50);
  expectClose(s.betas[0], 1e-3, { ...EXACT, label: "β_1" });
  expectClose(s.betas[49], 0.2, { ...EXACT, label: "β_50" });
  expectTrue(s.alphaBars[49]! < 0.01 && s.alphaBars[49]! > 0, `ᾱ_50 = ${s.alphaBars[49]} is in (0, 0.01)`);
}, { taskId: "task-1" });

test("qSample is √ᾱ_t·x0 + √(1−ᾱ_t)·ε, row by row with each row's own step", () => {
  const s = linearSchedule(5, 0.1, 0.5);
  const x0 = tensor([[1, -1], [1, -1]]);
  const noise = tensor([[0.5, 2], [0.5, 2]]);
  const xt = qSample(s, x0, [3, 5], noise);
  const r3 = [Math.sqrt(0.504) + 0.5 * Math.sqrt(0.496), -Math.sqrt(0.504) + 2 * Math.sqrt(0.496)];
  const r5 = [Math.sqrt(0.1512) + 0.5 * Math.sqrt(0.8488), -Math.sqrt(0.1512) + 2 * Math.sqrt(0.8488)];
  expectClose(xt, [r3, r5], { atol: 1e-6, rtol: 0, label: "x_3 and x_5" });
  expectThrows(() => qSample(s, x0, [0, 6], noise), /qSample/);
}, { taskId: "task-2" });

test("the closed form equals T single steps: √ᾱ_t = ∏√α_k and 1 − ᾱ_t = the variance built up step by step", () => {
  const s = linearSchedule(50);
  let mean = 1; // coefficient of x0 after composing x_k = √α_k x_{k−1} + √β_k ε_k
  let variance = 0;
  for (let t = 1; t <= 50; t++) {
    mean *= Math.sqrt(1 - s.betas[t - 1]!);
    variance = (1 - s.betas[t - 1]!) * variance + s.betas[t - 1]!;
    expectClose(Math.sqrt(s.alphaBars[t - 1]!), mean, { ...EXACT, label: `√ᾱ_${t}` });
    expectClose(1 - s.alphaBars[t - 1]!, variance, { atol: 1e-12, rtol: 1e-12, label: `1 − ᾱ_${t}` });
  }
}, { taskId: "task-2" });

test("timeEmbedding(t, 4) = [sin t, sin(t/100), cos t, cos(t/100)]", () => {
  expectClose(timeEmbedding([0, 1], 4), [[0, 0, 1, 1], [Math.sin(1), Math.sin(0.01), Math.cos(1), Math.cos(0.01)]], { atol: 1e-6, rtol: 0, label: "embedding" });
}, { taskId: "task-3" });

test("the ε-network returns (B, 36) and the loss sends gradients into the text encoder too", () => {
  manualSeed(4);
  const model: Model = new TextToImage();
  const s = linearSchedule(50);
  const { x } = makeDataset(3, 1);
  expectShape(model.predictNoise(x, [1, 25, 50], ["a square", "a cross", "a vertical line"]), [3, 36], "ε̂");
  const loss: Tensor = diffusionLoss(model, s, x, ["a square", "a cross", "a vertical line"], [1, 25, 50], randn([3, 36]));
  loss.backward();
  const g = model.text.emb.weight.grad;
  expectTrue(g !== null && g.abs().sum().item() > 0, "the text encoder's embedding table receives a gradient from the diffusion loss");
}, { taskId: "task-3" });

test("joint training: the loss falls below 0.3 (it starts near 1) and the text encoder's weights move", () => {
  const { model, losses, before } = trainedModel();
  expectTrue(losses.length === 400, `one loss per step (got ${losses.length})`);
  const tail = losses.slice(-50).reduce((a, b) => a + b, 0) / 50;
  expectTrue(tail < 0.3, `mean of the last 50 losses ${tail.toFixed(4)} < 0.3`);
  const after = model.text.emb.weight.toFloat32Array();
  const moved = before.reduce((m, v, i) => Math.max(m, Math.abs(v - after[i]!)), 0);
  expectTrue(moved > 1e-3, `the text encoder was trained together with the denoiser (max weight change ${moved.toExponential(2)})`);
}, { taskId: "task-4" });

test("reverseStep: mean (x_t − β_t/√(1−ᾱ_t)·ε̂)/√α_t plus √β_t·z, no noise at t = 1", () => {
  const s = linearSchedule(5, 0.1, 0.5);
  const xt = tensor([[1, 2]]);
  const eps = tensor([[0.5, -1]]);
  const z = tensor([[1, 1]]);
  const mean = (t: number) => [1, 2].map((v, i) => (v - (s.betas[t - 1]! / Math.sqrt(1 - s.alphaBars[t - 1]!)) * [0.5, -1][i]!) / Math.sqrt(1 - s.betas[t - 1]!));
  expectClose(reverseStep(s, xt, 3, eps, z), [mean(3).map((m) => m + Math.sqrt(0.3))], { atol: 1e-6, rtol: 0, label: "t = 3" });
  expectClose(reverseStep(s, xt, 1, eps, z), [mean(1)], { atol: 1e-6, rtol: 0, label: "t = 1 (no noise)" });
}, { taskId: "task-5" });

test("the judge: a classifier trained on clean pictures gets ≥ 0.98 on 200 new ones", () => {
  const clf: Classifier = trainClassifier({ seed: 0 });
  const { x, labels } = makeDataset(200, 321);
  const pred: number[] = classify(clf, x);
  const acc = pred.filter((p, i) => p === labels[i]).length / 200;
  expectTrue(acc >= 0.98, `classifier accuracy on clean pictures ${acc.toFixed(3)} ≥ 0.98`);
}, { taskId: "task-6" });

test("samples match their prompts: the judge labels ≥ 0.85 of 80 samples with the prompt that made them (chance 0.25)", () => {
  const { model } = trainedModel();
  const clf: Classifier = trainClassifier({ seed: 0 });
  const prompts = Array.from({ length: 80 }, (_, i) => PROMPTS[i % 4]!);
  const xs: Tensor = sample(model, linearSchedule(50), prompts, 5);
  expectShape(xs, [80, 36], "samples");
  const pred: number[] = classify(clf, xs);
  const acc = pred.filter((p, i) => p === i % 4).length / 80;
  expectTrue(acc >= 0.85, `fraction of samples the judge assigns to their own prompt: ${acc.toFixed(3)} ≥ 0.85`);
  expectTrue(drawPicture(0).length === 36, "pictures are 36 pixels");
}, { taskId: "task-6" });
