// Toy CLIP: the tests shown to the learner — InfoNCE by hand, encoders, training, zero-shot accuracy, cross-attention VQA.
import {
  answerColour,
  COLOURS,
  caption,
  clipLoss,
  ColourVQA,
  GatedCrossAttention,
  makeRng,
  makeVqaExamples,
  patchify,
  renderBatch,
  SHAPES,
  ToyClip,
  tokenize,
  trainClip,
  trainVqa,
  zeroShotClassify,
} from "learner";
import { manualSeed, noGrad, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectShape, expectThrows, expectTrue, test } from "llmpath/testing";

interface SceneObject {
  shape: string;
  colour: string;
  cell: number;
}
interface ClipModel {
  encodeImages(images: Tensor): Tensor;
  encodeTexts(ids: number[][]): Tensor;
  logitScale: Tensor;
}
interface VqaModel {
  forward(images: Tensor, questions: number[][]): { logits: Tensor; weights: Tensor };
}

const PROMPTS: string[] = SHAPES.flatMap((s: string) => COLOURS.map((c: string) => caption(s, c))); // 16 labels, "a red square" …

let clip: ClipModel | undefined;
let clipLosses: number[] = [];
/** One CLIP model trained with the defaults (150 steps, seed 0), shared by the tests below. */
function trainedClip(): ClipModel {
  if (!clip) {
    manualSeed(0);
    const model: ClipModel = new ToyClip();
    clipLosses = trainClip(model, { seed: 0 });
    clip = model;
  }
  return clip;
}

let vqa: VqaModel | undefined;
function trainedVqa(): VqaModel {
  if (!vqa) {
    manualSeed(0);
    const model: VqaModel = new ColourVQA();
    trainVqa(model, { seed: 0 });
    vqa = model;
  }
  return vqa;
}

test("clipLoss of two matching unit pairs at scale 1 is log(1 + e⁻¹) = 0.3132617", () => {
  const eye2 = tensor([[1, 0], [0, 1]]);
  expectClose(clipLoss(eye2, eye2, 1).item(), Math.log(1 + Math.exp(-1)), { atol: 1e-6, rtol: 0, label: "loss" });
}, { taskId: "task-1" });

test("clipLoss normalises first: the README's worked example gives 0.3700611", () => {
  // logits = 2·[[1/√2, 0], [1/√2, 1]]; image→text 0.3300847, text→image 0.4100376, mean 0.3700611 (computed by hand).
  const images = tensor([[3, 0], [0, 2]]);
  const texts = tensor([[1, 1], [0, 5]]);
  expectClose(clipLoss(images, texts, 2).item(), 0.37006112293079557, { atol: 1e-5, rtol: 0, label: "symmetric InfoNCE" });
}, { taskId: "task-1" });

test("clipLoss is symmetric in its two inputs and sends gradients to both", () => {
  manualSeed(1);
  const a = randn([5, 8], { requiresGrad: true });
  const b = randn([5, 8], { requiresGrad: true });
  const ab = clipLoss(a, b, 10);
  expectClose(ab.item(), clipLoss(b, a, 10).item(), { atol: 1e-5, rtol: 1e-5, label: "L(I, T) = L(T, I)" });
  ab.backward();
  expectTrue(a.grad !== null && b.grad !== null, "both embeddings receive a gradient");
  expectTrue((a.grad?.abs().sum().item() ?? 0) > 0, "the image-side gradient is not zero");
}, { taskId: "task-1" });

test("clipLoss rejects embeddings of different shapes", () => {
  expectThrows(() => clipLoss(randn([4, 8]), randn([3, 8]), 1), /clipLoss/); // 4 images against 3 captions
}, { taskId: "task-1" });

test("the encoders map into one 32-d space with unit-norm rows; the text side is a bag of tokens", () => {
  manualSeed(2);
  const model = new ToyClip();
  const img = noGrad(() => model.encodeImages(renderBatch([[{ shape: "square", colour: "red", cell: 0 }], [{ shape: "ring", colour: "blue", cell: 8 }]])));
  expectShape(img, [2, 32], "image embeddings");
  expectClose(img.pow(2).sum(-1), [1, 1], { atol: 1e-5, rtol: 0, label: "‖image embedding‖²" });
  const txt = noGrad(() => model.encodeTexts([tokenize("a red square"), tokenize("square red a"), tokenize("a blue ring")]));
  expectShape(txt, [3, 32], "text embeddings");
  expectClose(txt.pow(2).sum(-1), [1, 1, 1], { atol: 1e-5, rtol: 0, label: "‖text embedding‖²" });
  expectClose(txt.select(0, 0), txt.select(0, 1), { atol: 1e-6, rtol: 0, label: "word order does not matter in a bag of tokens" });
  expectClose(model.logitScale.item(), Math.log(1 / 0.07), { atol: 1e-5, rtol: 0, label: "initial log-scale = log(1/0.07)" });
}, { taskId: "task-2" });

test("training drives the contrastive loss from about log 16 to below a tenth of it", () => {
  trainedClip();
  expectTrue(clipLosses.length === 150, `trainClip returns one loss per step (got ${clipLosses.length})`);
  expectTrue(clipLosses[0]! > 2, `the first loss is near log 16 ≈ 2.77 (got ${clipLosses[0]!.toFixed(3)})`);
  const tail = clipLosses.slice(-10).reduce((a, b) => a + b, 0) / 10;
  expectTrue(tail < 0.1 * clipLosses[0]!, `mean of the last 10 losses ${tail.toFixed(4)} < 0.1 × first ${clipLosses[0]!.toFixed(3)}`);
}, { taskId: "task-3" });

test("zero-shot: 16 captions as labels classify 160 new images with accuracy ≥ 0.9 (chance 1/16)", () => {
  const model = trainedClip();
  const rng = makeRng(2024);
  const scenes: SceneObject[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < 160; i++) {
    const shape = SHAPES[rng.int(4)]!;
    const colour = COLOURS[rng.int(4)]!;
    scenes.push([{ shape, colour, cell: rng.int(9) }]);
    labels.push(PROMPTS.indexOf(caption(shape, colour)));
  }
  const pred: number[] = noGrad(() => zeroShotClassify(model, renderBatch(scenes), PROMPTS));
  const acc = pred.filter((p, i) => p === labels[i]).length / labels.length;
  expectTrue(acc >= 0.9, `zero-shot accuracy ${acc.toFixed(3)} ≥ 0.9`);
}, { taskId: "task-4" });

test("patchify turns (N, 12, 12, 3) into (N, 9, 48) with patch k = cell k", () => {
  const img = renderBatch([[{ shape: "triangle", colour: "yellow", cell: 5 }]]); // cell 5: rows 4–7, columns 8–11
  const p = patchify(img);
  expectShape(p, [1, 9, 48], "patches");
  const expected = ["#...", "##..", "###.", "####"].flatMap((row) => [...row].flatMap((c) => (c === "#" ? [1, 1, 0] : [0, 0, 0])));
  expectClose(p.select(1, 5).select(0, 0), expected, { atol: 0, rtol: 0, label: "patch 5 holds the yellow triangle, RGB innermost" });
  expectClose(p.select(1, 4).abs().sum().item(), 0, { atol: 0, rtol: 0, label: "patch 4 is empty" });
}, { taskId: "task-5" });

test("a zero gate leaves the text untouched; attention rows are distributions over the 9 patches", () => {
  manualSeed(3);
  const block = new GatedCrossAttention(16);
  const text = randn([2, 6, 16]);
  const { out, weights } = noGrad(() => block.forward(text, randn([2, 9, 16])));
  expectClose(out, text, { atol: 0, rtol: 0, label: "out = text + tanh(0)·attention" });
  expectShape(weights, [2, 6, 9], "attention weights (B, T, P)");
  expectClose(weights.sum(-1), [[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1]], { atol: 1e-5, rtol: 0, label: "each query's weights sum to 1" });
}, { taskId: "task-5" });

test("'what colour is the square?': accuracy ≥ 0.9 on 200 new two-object scenes (guessing a colour in the picture: 0.5)", () => {
  const model = trainedVqa();
  const ex: { objects: SceneObject[]; question: string; answer: string }[] = makeVqaExamples(200, 777);
  const answers: string[] = noGrad(() => answerColour(model, renderBatch(ex.map((e) => e.objects)), ex.map((e) => e.question)));
  const acc = answers.filter((a, i) => a === ex[i]!.answer).length / ex.length;
  expectTrue(acc >= 0.9, `VQA accuracy ${acc.toFixed(3)} ≥ 0.9`);
}, { taskId: "task-6" });
