// FGSM lab: the tests shown to the learner — digit data, the classifier, FGSM, two detectors with ROC-AUC, adversarial training.
import { accuracy, confidenceScores, fgsm, makeDigits, medianSmooth, reduceBitDepth, robustAccuracy, rocAuc, segmentBitmap, squeezeScores, trainClassifier } from "learner";
import { F, type Tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectTrue, test } from "llmpath/testing";

interface Model {
  forward(x: Tensor): Tensor;
}

/** Train once (seeded), reuse in every test below. */
let cache: { train: { x: Tensor; y: Tensor }; test: { x: Tensor; y: Tensor }; model: Model } | null = null;
function setup() {
  if (!cache) {
    const train = makeDigits(500, 1);
    const test = makeDigits(300, 2);
    cache = { train, test, model: trainClassifier(train.x, train.y, { steps: 100, seed: 0 }) };
  }
  return cache;
}

/** Reference ROC-AUC: over every (positive, negative) pair, 1 if the positive scores higher, ½ for a tie. */
function pairwiseAuc(scores: number[], labels: number[]): number {
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < scores.length; j++) {
      if (labels[j] !== 0) continue;
      sum += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
      pairs++;
    }
  }
  return sum / pairs;
}

const EPS = [0, 0.02, 0.05, 0.1, 0.15, 0.2];
const DETECT_EPS = 0.1;

test("segmentBitmap: lit pixel counts of 0…9 and the top row of a 7", () => {
  const counts = Array.from({ length: 10 }, (_, d) => segmentBitmap(d).reduce((s: number, v: number) => s + v, 0));
  expectEqual(counts, [18, 5, 17, 17, 11, 17, 20, 9, 22, 19], "lit pixels of digits 0…9");
  expectEqual(segmentBitmap(7).slice(0, 8), [0, 0, 1, 1, 1, 1, 0, 0], "row 0 of a 7");
  expectEqual(segmentBitmap(7, 1).slice(0, 8), [0, 0, 0, 1, 1, 1, 1, 0], "row 0 of a 7 shifted right");
}, { taskId: "task-1" });

test("makeDigits: shapes, labels i mod 10, pixels in [0, 1], same seed → same data", () => {
  const a = makeDigits(30, 5);
  expectShape(a.x, [30, 64], "x");
  expectEqual(a.y.tolist(), Array.from({ length: 30 }, (_, i) => i % 10), "labels");
  const px = a.x.toFloat32Array();
  expectTrue(px.every((v: number) => v >= 0 && v <= 1), "every pixel is in [0, 1]");
  expectEqual(Array.from(makeDigits(30, 5).x.toFloat32Array()), Array.from(px), "makeDigits(30, 5) twice");
}, { taskId: "task-1" });

test("trainClassifier: clean accuracy on 300 held-out digits ≥ 0.9", () => {
  const { test: t, model } = setup();
  const acc = accuracy(model, t.x, t.y);
  console.log(`clean test accuracy: ${acc.toFixed(3)}`);
  expectTrue(acc >= 0.9, `clean accuracy ${acc} ≥ 0.9`);
}, { taskId: "task-2" });

test("fgsm: ‖x_adv − x‖∞ ≤ ε, pixels stay in [0, 1], the loss goes up", () => {
  const { test: t, model } = setup();
  const xAdv = fgsm(model, t.x, t.y, 0.1);
  expectShape(xAdv, [300, 64], "x_adv");
  const a = xAdv.toFloat32Array();
  const x = t.x.toFloat32Array();
  let maxDiff = 0;
  for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i]! - x[i]!));
  expectTrue(maxDiff <= 0.1 + 1e-6, `max |x_adv − x| = ${maxDiff} ≤ 0.1`);
  expectTrue(a.every((v: number) => v >= 0 && v <= 1), "x_adv pixels in [0, 1]");
  const clean = F.crossEntropy(model.forward(t.x), t.y).item();
  const adv = F.crossEntropy(model.forward(xAdv), t.y).item();
  expectTrue(adv > clean + 0.5, `loss on x_adv (${adv}) exceeds the clean loss (${clean}) by more than 0.5`);
}, { taskId: "task-3" });

test("robustAccuracy: falls as ε grows (monotone within 0.02), below 0.3 at ε = 0.2", () => {
  const { test: t, model } = setup();
  const acc = robustAccuracy(model, t.x, t.y, EPS);
  console.log(`accuracy at ε = ${EPS.join(", ")}: ${acc.map((a: number) => a.toFixed(3)).join(", ")}`);
  expectEqual(acc.length, EPS.length, "one accuracy per ε");
  expectClose(acc[0]!, accuracy(model, t.x, t.y), { atol: 0, rtol: 0, label: "ε = 0 is the clean accuracy" });
  for (let i = 1; i < acc.length; i++) expectTrue(acc[i]! <= acc[i - 1]! + 0.02, `accuracy at ε=${EPS[i]} (${acc[i]}) ≤ accuracy at ε=${EPS[i - 1]} (${acc[i - 1]}) + 0.02`);
  expectTrue(acc[acc.length - 1]! < 0.3, `accuracy at ε = 0.2 is ${acc[acc.length - 1]}, expected < 0.3`);
}, { taskId: "task-3" });

test("rocAuc agrees with the pairwise definition (random scores with ties), |Δ| ≤ 1e-12", () => {
  let s = 7;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const scores = Array.from({ length: 80 }, () => Math.round(rand() * 20) / 20);
  const labels = scores.map((v) => (rand() < 0.3 + 0.4 * v ? 1 : 0));
  expectClose(rocAuc(scores, labels), pairwiseAuc(scores, labels), { atol: 1e-12, rtol: 0, label: "rocAuc vs pairwise" });
  expectClose(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75, { atol: 1e-12, rtol: 0, label: "textbook example" });
}, { taskId: "task-4" });

test(`detectors at ε = ${DETECT_EPS}: 1-bit squeezing AUC ≥ 0.9, confidence AUC ≥ 0.8, median smoothing ≤ 0.7`, () => {
  const { test: t, model } = setup();
  const xAdv = fgsm(model, t.x, t.y, DETECT_EPS);
  const labels = [...new Array(300).fill(0), ...new Array(300).fill(1)];
  const bits = (x: Tensor) => reduceBitDepth(x, 1);
  const sq = rocAuc([...squeezeScores(model, t.x, bits), ...squeezeScores(model, xAdv, bits)], labels);
  const med = rocAuc([...squeezeScores(model, t.x, medianSmooth), ...squeezeScores(model, xAdv, medianSmooth)], labels);
  const conf = rocAuc([...confidenceScores(model, t.x), ...confidenceScores(model, xAdv)], labels);
  console.log(`ROC-AUC clean vs FGSM(ε=${DETECT_EPS}): 1-bit squeezing ${sq.toFixed(3)}, median smoothing ${med.toFixed(3)}, confidence ${conf.toFixed(3)}`);
  expectTrue(sq >= 0.9, `feature-squeezing AUC ${sq} ≥ 0.9`);
  expectTrue(conf >= 0.8, `confidence AUC ${conf} ≥ 0.8`);
  expectTrue(med <= 0.7, `median-smoothing AUC ${med} ≤ 0.7: a 3×3 median erases 1-pixel strokes, so it disturbs clean digits as much as attacked ones`);
}, { taskId: "task-4" });

test(`adversarial training (ε = ${DETECT_EPS}): robust accuracy up by ≥ 0.3, clean accuracy still ≥ 0.9`, () => {
  const { train, test: t, model } = setup();
  const robust = trainClassifier(train.x, train.y, { steps: 100, seed: 0, advEps: DETECT_EPS });
  const before = robustAccuracy(model, t.x, t.y, [DETECT_EPS])[0]!;
  const after = robustAccuracy(robust, t.x, t.y, [DETECT_EPS])[0]!;
  const clean = accuracy(robust, t.x, t.y);
  console.log(`accuracy under FGSM(ε=${DETECT_EPS}): standard ${before.toFixed(3)}, adversarially trained ${after.toFixed(3)}; clean ${clean.toFixed(3)}`);
  expectTrue(after >= before + 0.3, `robust accuracy ${after} ≥ ${before} + 0.3`);
  expectTrue(clean >= 0.9, `clean accuracy of the adversarially trained model ${clean} ≥ 0.9`);
}, { taskId: "task-5" });
