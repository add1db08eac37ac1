// Toy CLIP: tests run at grading only — InfoNCE against a float64 reference, learned scale, unseen combinations, attention that finds the shape.
import {
  answerColour,
  clipLoss,
  ColourVQA,
  GatedCrossAttention,
  patchify,
  ToyClip,
  tokenize,
  trainClip,
  trainVqa,
  zeroShotClassify,
} from "learner";
import { manualSeed, noGrad, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectShape, expectTrue, test } from "llmpath/testing";

// The toy world, copied from the README so grading does not depend on the learner's copy of the renderer.
const COLOURS = ["red", "green", "blue", "yellow"];
const SHAPES = ["square", "triangle", "cross", "ring"];
const RGB: Record<string, number[]> = { red: [1, 0, 0], green: [0, 1, 0], blue: [0, 0, 1], yellow: [1, 1, 0] };
const MASKS: Record<string, string[]> = {
  square: ["####", "####", "####", "####"],
  triangle: ["#...", "##..", "###.", "####"],
  cross: ["#..#", ".##.", ".##.", "#..#"],
  ring: ["####", "#..#", "#..#", "####"],
};
interface Obj {
  shape: string;
  colour: string;
  cell: number;
}
function render(scenes: Obj[][]): Tensor {
  const data = new Float32Array(scenes.length * 432);
  scenes.forEach((objs, n) => {
    for (const o of objs) {
      const r0 = Math.floor(o.cell / 3) * 4;
      const c0 = (o.cell % 3) * 4;
      MASKS[o.shape]!.forEach((row, i) => {
        for (let j = 0; j < 4; j++) if (row[j] === "#") for (let ch = 0; ch < 3; ch++) data[n * 432 + ((r0 + i) * 12 + c0 + j) * 3 + ch] = RGB[o.colour]![ch]!;
      });
    }
  });
  return tensor(data, { shape: [scenes.length, 12, 12, 3] });
}
/** A linear congruential generator, independent of the learner's makeRng. */
function lcg(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 4294967296) * n);
  };
}

/** Symmetric InfoNCE in float64 on plain arrays. */
function referenceLoss(I: number[][], T: number[][], scale: number): number {
  const unit = (v: number[]) => {
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  };
  const a = I.map(unit);
  const b = T.map(unit);
  const logits = a.map((r) => b.map((c) => scale * r.reduce((s, x, k) => s + x * c[k]!, 0)));
  const ce = (row: number[], t: number) => Math.log(row.reduce((s, x) => s + Math.exp(x), 0)) - row[t]!;
  const n = I.length;
  let rows = 0;
  let cols = 0;
  for (let i = 0; i < n; i++) {
    rows += ce(logits[i]!, i);
    cols += ce(logits.map((r) => r[i]!), i);
  }
  return (rows / n + cols / n) / 2;
}

test("clipLoss matches a float64 reference on random (6, 5) embeddings at three scales", () => {
  manualSeed(11);
  const I = randn([6, 5]);
  const T = randn([6, 5]);
  for (const scale of [0.5, 3, 14.285714]) {
    const expected = referenceLoss(I.tolist() as number[][], T.tolist() as number[][], scale);
    expectClose(clipLoss(I, T, scale).item(), expected, { atol: 1e-4, rtol: 1e-4, label: `scale ${scale}` });
  }
}, { taskId: "task-1" });

test("a learned logit scale receives the gradient a central difference predicts", () => {
  manualSeed(12);
  const I = randn([4, 3]);
  const T = randn([4, 3]);
  const s = tensor(2.5, { requiresGrad: true });
  clipLoss(I, T, s).backward();
  const h = 1e-3;
  const numeric = (referenceLoss(I.tolist() as number[][], T.tolist() as number[][], 2.5 + h) - referenceLoss(I.tolist() as number[][], T.tolist() as number[][], 2.5 - h)) / (2 * h);
  expectClose(s.grad?.item() ?? Number.NaN, numeric, { atol: 1e-3, rtol: 1e-3, label: "∂loss/∂scale vs central difference" });
}, { taskId: "task-1" });

test("captions padded with id 0 embed like the unpadded caption", () => {
  manualSeed(13);
  const model = new ToyClip();
  const ids = tokenize("a green cross");
  const e = noGrad(() => model.encodeTexts([ids, [...ids, 0, 0]]));
  expectClose(e.select(0, 0), e.select(0, 1), { atol: 1e-6, rtol: 0, label: "padding is ignored" });
}, { taskId: "task-2" });

test("zero-shot on combinations never seen in training: seen ≥ 0.9, unseen ≥ 0.2 (16-way, chance 0.0625)", () => {
  const holdOut = [["triangle", "blue"], ["ring", "red"], ["cross", "yellow"], ["square", "green"]];
  manualSeed(1);
  const model = new ToyClip();
  trainClip(model, { seed: 1, holdOut });
  const prompts = SHAPES.flatMap((s) => COLOURS.map((c) => `a ${c} ${s}`));
  const rand = lcg(5);
  const scenes: Obj[][] = [];
  for (let i = 0; i < 240; i++) scenes.push([{ shape: SHAPES[rand(4)]!, colour: COLOURS[rand(4)]!, cell: rand(9) }]);
  const pred: number[] = noGrad(() => zeroShotClassify(model, render(scenes), prompts));
  let seen = 0;
  let seenOk = 0;
  let unseen = 0;
  let unseenOk = 0;
  scenes.forEach(([o], i) => {
    const ok = prompts[pred[i]!] === `a ${o!.colour} ${o!.shape}`;
    if (holdOut.some(([s, c]) => s === o!.shape && c === o!.colour)) {
      unseen++;
      if (ok) unseenOk++;
    } else {
      seen++;
      if (ok) seenOk++;
    }
  });
  expectTrue(seenOk / seen >= 0.9, `accuracy on seen combinations ${(seenOk / seen).toFixed(3)} ≥ 0.9`);
  expectTrue(unseenOk / unseen >= 0.2, `accuracy on the 4 held-out combinations ${(unseenOk / unseen).toFixed(3)} ≥ 0.2 (${unseen} images)`);
}, { taskId: "task-4" });

test("patchify agrees with an index-by-index reference on random images", () => {
  manualSeed(14);
  const img = randn([2, 12, 12, 3]);
  const x = img.tolist() as number[][][][];
  const expected = x.map((im) => Array.from({ length: 9 }, (_, k) => {
    const out: number[] = [];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) for (let c = 0; c < 3; c++) out.push(im[Math.floor(k / 3) * 4 + i]![(k % 3) * 4 + j]![c]!);
    return out;
  }));
  expectClose(patchify(img), expected, { atol: 0, rtol: 0, label: "patches (2, 9, 48)" });
}, { taskId: "task-5" });

test("an open gate adds tanh(g)·Wo(softmax(QKᵀ/√d)V) to the text", () => {
  manualSeed(15);
  const d = 8;
  const block = new GatedCrossAttention(d, { gateInit: 0.5 });
  const text = randn([1, 3, d]);
  const patches = randn([1, 9, d]);
  const { out, weights } = noGrad(() => block.forward(text, patches));
  expectShape(weights, [1, 3, 9], "weights");
  const lin = (l: { weight: Tensor; bias: Tensor | null }, x: Tensor) => x.matmul(l.weight.transpose(0, 1)).add(l.bias ?? 0);
  const expected = noGrad(() => {
    const q = lin(block.qProj, text);
    const k = lin(block.kProj, patches);
    const v = lin(block.vProj, patches);
    const w = q.matmul(k.transpose(-2, -1)).div(Math.sqrt(d)).softmax(-1);
    return text.add(lin(block.outProj, w.matmul(v)).mul(Math.tanh(0.5)));
  });
  expectClose(out, expected, { atol: 1e-5, rtol: 1e-5, label: "gated cross-attention output" });
}, { taskId: "task-5" });

test("after training with seed 3 the answer is right on ≥ 0.9 of 200 scenes, and the shape word attends to its own patch", () => {
  manualSeed(3);
  const model = new ColourVQA();
  trainVqa(model, { seed: 3 });
  const rand = lcg(9);
  const scenes: Obj[][] = [];
  const questions: string[] = [];
  const answers: string[] = [];
  const cells: [number, number][] = []; // [asked object's cell, other object's cell]
  for (let i = 0; i < 200; i++) {
    const s1 = rand(4);
    const s2 = (s1 + 1 + rand(3)) % 4;
    const c1 = rand(4);
    const c2 = (c1 + 1 + rand(3)) % 4;
    const k1 = rand(9);
    const k2 = (k1 + 1 + rand(8)) % 9;
    const objs = [{ shape: SHAPES[s1]!, colour: COLOURS[c1]!, cell: k1 }, { shape: SHAPES[s2]!, colour: COLOURS[c2]!, cell: k2 }];
    const which = rand(2);
    scenes.push(objs);
    questions.push(`what colour is the ${objs[which]!.shape}`);
    answers.push(objs[which]!.colour);
    cells.push([objs[which]!.cell, objs[1 - which]!.cell]);
  }
  const images = render(scenes);
  const got: string[] = noGrad(() => answerColour(model, images, questions));
  const acc = got.filter((a, i) => a === answers[i]).length / 200;
  expectTrue(acc >= 0.9, `VQA accuracy ${acc.toFixed(3)} ≥ 0.9`);
  const w = noGrad(() => model.forward(images, questions.map(tokenize)).weights).tolist() as number[][][];
  const picks = cells.filter(([asked, other], b) => w[b]![4]![asked]! > w[b]![4]![other]!).length / 200;
  expectTrue(picks >= 0.8, `the shape word (the last token) puts more weight on the asked object's patch than on the other object's in ${(picks * 100).toFixed(1)}% of scenes (≥ 80%)`);
}, { taskId: "task-6" });
