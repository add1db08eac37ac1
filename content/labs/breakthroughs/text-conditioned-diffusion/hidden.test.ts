// Text-conditioned diffusion: tests run at grading only — other schedules, exact inverses, seeding, and an independent judge of the samples.
import { linearSchedule, qSample, reverseStep, sample, TextToImage, timeEmbedding, train } from "learner";
import { manualSeed, randn, type Tensor } from "llmpath/tensor";
import { expectClose, expectShape, expectThrows, expectTrue, test } from "llmpath/testing";

interface Model {
  predictNoise(xt: Tensor, t: number[], prompts: string[]): Tensor;
}

// The 6×6 templates from the README (square, cross, horizontal and vertical lines at offsets 1..3), for a judge that is not the learner's.
const SQUARE = ["......", ".####.", ".#..#.", ".#..#.", ".####.", "......"];
const CROSS = ["#....#", ".#..#.", "..##..", "..##..", ".#..#.", "#....#"];
function template(k: number, offset: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < 6; r++) {
    for (let c = 0; c < 6; c++) {
      const lit = k === 0 ? SQUARE[r]![c] === "#" : k === 1 ? CROSS[r]![c] === "#" : k === 2 ? r === offset || r === offset + 1 : c === offset || c === offset + 1;
      out.push(lit ? 1 : -1);
    }
  }
  return out;
}
const TEMPLATES: { k: number; px: number[] }[] = [
  { k: 0, px: template(0, 0) },
  { k: 1, px: template(1, 0) },
  ...[1, 2, 3].flatMap((o) => [{ k: 2, px: template(2, o) }, { k: 3, px: template(3, o) }]),
];
/** The template with the largest dot product, and the share of pixels whose sign agrees with it. */
function judge(x: number[]): { k: number; agree: number } {
  let best = TEMPLATES[0]!;
  let bestDot = Number.NEGATIVE_INFINITY;
  for (const t of TEMPLATES) {
    const dot = t.px.reduce((s, v, i) => s + v * x[i]!, 0);
    if (dot > bestDot) {
      bestDot = dot;
      best = t;
    }
  }
  return { k: best.k, agree: best.px.filter((v, i) => Math.sign(x[i]!) === v).length / 36 };
}

test("a constant schedule β = 0.25 gives ᾱ_t = 0.75^t; bad arguments are refused", () => {
  const s = linearSchedule(4, 0.25, 0.25);
  expectClose(s.alphaBars, [0.75, 0.5625, 0.421875, 0.31640625], { atol: 1e-12, rtol: 0, label: "alphaBars" });
  expectThrows(() => linearSchedule(1, 0.1, 0.2), /linearSchedule/);
  expectThrows(() => linearSchedule(10, 0.1, 1), /linearSchedule/);
}, { taskId: "task-1" });

test("qSample matches a float64 reference on random (4, 36) inputs with steps 1, 7, 19, 30", () => {
  manualSeed(21);
  const s = linearSchedule(30, 0.002, 0.3);
  const x0 = randn([4, 36]);
  const noise = randn([4, 36]);
  const t = [1, 7, 19, 30];
  const a = x0.tolist() as number[][];
  const e = noise.tolist() as number[][];
  const expected = a.map((row, b) => row.map((v, i) => Math.sqrt(s.alphaBars[t[b]! - 1]!) * v + Math.sqrt(1 - s.alphaBars[t[b]! - 1]!) * e[b]![i]!));
  expectClose(qSample(s, x0, t, noise), expected, { atol: 1e-5, rtol: 1e-5, label: "x_t" });
}, { taskId: "task-2" });

test("timeEmbedding(t, 8) uses frequencies 10000^(−i/4)", () => {
  const t = [3, 41];
  const expected = t.map((ti) => {
    const f = [0, 1, 2, 3].map((i) => ti * 10000 ** (-i / 4));
    return [...f.map(Math.sin), ...f.map(Math.cos)];
  });
  expectClose(timeEmbedding(t, 8), expected, { atol: 1e-5, rtol: 0, label: "embedding (2, 8)" });
}, { taskId: "task-3" });

test("with the true noise, reverseStep at t = 1 undoes the forward step exactly", () => {
  manualSeed(22);
  const s = linearSchedule(50);
  const x0 = randn([3, 36]);
  const eps = randn([3, 36]);
  const x1 = qSample(s, x0, [1, 1, 1], eps);
  expectClose(reverseStep(s, x1, 1, eps, randn([3, 36])), x0, { atol: 1e-4, rtol: 1e-4, label: "x_0 recovered from x_1" });
}, { taskId: "task-5" });

test("seed 1, judged by template matching (not the learner's classifier): ≥ 0.85 right, ≥ 90% of pixels agree", () => {
  manualSeed(1);
  const model: Model = new TextToImage();
  const s = linearSchedule(50);
  train(model, s, { seed: 1 });
  const names = ["a square", "a cross", "a horizontal line", "a vertical line"];
  const prompts = Array.from({ length: 60 }, (_, i) => names[i % 4]!);
  const xs: Tensor = sample(model, s, prompts, 11);
  expectShape(xs, [60, 36], "samples");
  const first: Tensor = sample(model, s, prompts.slice(0, 4), 12);
  expectClose(sample(model, s, prompts.slice(0, 4), 12), first, { atol: 0, rtol: 0, label: "sampling twice with one seed gives the same pictures" });
  const verdicts = (xs.tolist() as number[][]).map(judge);
  const acc = verdicts.filter((v, i) => v.k === i % 4).length / 60;
  const agree = verdicts.reduce((m, v) => m + v.agree, 0) / 60;
  expectTrue(acc >= 0.85, `template judge: ${acc.toFixed(3)} of the samples match their prompt (≥ 0.85)`);
  expectTrue(agree >= 0.9, `mean share of pixels with the template's sign ${agree.toFixed(3)} ≥ 0.9`);
}, { taskId: "task-6" });
