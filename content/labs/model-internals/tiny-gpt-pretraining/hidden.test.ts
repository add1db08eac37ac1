// Tiny GPT pre-training: tests run at grading only — sampling vs the engine's sampler, batching bounds, seeding, a short run.
import { CharTokenizer, estimateLoss, generate, getBatch, lmLoss, perplexity, sampleNext, TinyGPT, train, UNK } from "learner";
import { getRngState, manualSeed, models, rand, randint, randn, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectTrue, test } from "llmpath/testing";

test("CharTokenizer: minCount is inclusive, ASCII sorts before CJK, □ in the text is not duplicated", () => {
  const tok = CharTokenizer.fromText("月月月a□□b，", { minCount: 1 });
  expectEqual(tok.chars, [UNK, "a", "b", "月", "，"], "vocabulary (， is U+FF0C, after 月 U+6708)");
  const three = CharTokenizer.fromText("xxxyyz", { minCount: 2 });
  expectEqual(three.chars, [UNK, "x", "y"], "minCount 2 keeps chars seen exactly twice");
  expectEqual(three.decode(three.encode("zyx")), "□yx", "round trip with an unknown char");
}, { taskId: "task-1" });

test("sampleNext agrees with the engine's sampler for 300 random cases (temperature, top-k, u)", () => {
  manualSeed(11);
  for (let c = 0; c < 300; c++) {
    const V = 3 + (c % 17);
    const logits = (randn([V]).mul(2).tolist() as number[]).map((v) => Math.round(v * 4) / 4); // quarter steps make ties
    const temperature = [0, 0.5, 1, 1.7][c % 4]!;
    const topK = c % 3 === 0 ? undefined : 1 + (c % V);
    const u = rand([1]).item();
    expectEqual(sampleNext(logits, { temperature, topK }, u), models.sampleToken(logits, temperature, topK, u), `case ${c}: V ${V}, temperature ${temperature}, topK ${topK}, u ${u.toFixed(4)}`);
  }
}, { taskId: "task-5" });

test("suppressed ids are removed before top-k, at any temperature", () => {
  const logits = [5, 4, 3, 2, 1];
  const seen = new Set<number>();
  for (let i = 0; i < 100; i++) seen.add(sampleNext(logits, { temperature: 1, topK: 2, suppress: [0] }, (i + 0.5) / 100));
  expectEqual([...seen].sort(), [1, 2], "ids drawn with id 0 suppressed and topK 2");
  expectEqual(sampleNext(logits, { temperature: 0, suppress: [0, 1] }, 0.3), 2, "greedy with 0 and 1 suppressed");
}, { taskId: "task-5" });

test("getBatch draws every valid start and never runs past the end", () => {
  const ids = Array.from({ length: 20 }, (_, i) => i);
  manualSeed(12);
  const starts = new Set<number>();
  for (let i = 0; i < 40; i++) {
    const { x, y } = getBatch(ids, 8, 6);
    const xs = x.tolist() as number[][];
    const ys = y.tolist() as number[][];
    xs.forEach((row, b) => {
      starts.add(row[0]!);
      expectEqual(row, Array.from({ length: 6 }, (_, t) => row[0]! + t), "a window is a contiguous run");
      expectEqual(ys[b]![5], row[0]! + 6, "the last target is the token right after the window");
    });
  }
  expectEqual([...starts].sort((a, b) => a - b), Array.from({ length: 14 }, (_, i) => i), "starts seen in 320 windows (0..13 are all valid)");
  manualSeed(13);
  const a = getBatch(ids, 4, 6).x.tolist();
  manualSeed(13);
  expectEqual(getBatch(ids, 4, 6).x.tolist(), a, "same seed, same batch");
}, { taskId: "task-3" });

test("lmLoss and estimateLoss agree with a hand-made computation; perplexity(0) = 1", () => {
  manualSeed(14);
  const model = new TinyGPT({ vocabSize: 9, blockSize: 5, dModel: 8, nHeads: 2, nLayers: 1 });
  model.eval();
  const ids = Array.from({ length: 23 }, (_, i) => (i * 4) % 9); // 4 windows of 5 + 1
  const xs = [0, 5, 10, 15].map((s) => ids.slice(s, s + 5));
  const ys = [0, 5, 10, 15].map((s) => ids.slice(s + 1, s + 6));
  const lp = model.forward(tensor(xs, { dtype: "int32" })).logSoftmax(-1).tolist() as number[][][];
  let sum = 0;
  for (const [b, row] of ys.entries()) for (const [i, t] of row.entries()) sum -= lp[b]![i]![t]!;
  expectClose(estimateLoss(model, ids, 5), sum / 20, { atol: 1e-5, rtol: 1e-5, label: "estimateLoss over 4 windows" });
  expectClose(lmLoss(model.forward(tensor(xs, { dtype: "int32" })), tensor(ys, { dtype: "int32" })), sum / 20, { atol: 1e-5, rtol: 1e-5, label: "lmLoss" });
  expectEqual(perplexity(0), 1, "perplexity(0)");
}, { taskId: "task-3" });

test("generate leaves the global generator alone, differs across seeds, accepts prompts longer than blockSize", () => {
  manualSeed(15);
  const model = new TinyGPT({ vocabSize: 40, blockSize: 4, dModel: 8, nHeads: 2, nLayers: 1 });
  manualSeed(99);
  const state = getRngState();
  const long = [1, 2, 3, 4, 5, 6, 7];
  const a = generate(model, long, 12, { temperature: 1.5, seed: 1 });
  const b = generate(model, long, 12, { temperature: 1.5, seed: 2 });
  expectEqual(getRngState(), state, "global generator state after two generate calls");
  expectEqual(a.length, 19, "7 + 12 tokens");
  expectTrue(a.join() !== b.join(), "seeds 1 and 2 give different continuations at temperature 1.5");
}, { taskId: "task-5" });

test("train: 80 steps on a periodic sequence bring the loss far below ln V, and valLoss is estimateLoss's", () => {
  manualSeed(16);
  const seq = Array.from({ length: 300 }, (_, i) => [1, 2, 3, 4, 5, 6, 7][i % 7]!);
  const model = new TinyGPT({ vocabSize: 10, blockSize: 8, dModel: 16, nHeads: 2, nLayers: 1 });
  const res = train(model, seq.slice(0, 240), seq.slice(240), { steps: 80, batchSize: 8, blockSize: 8, lr: 1e-2, warmupSteps: 5, minLr: 1e-3, clip: 1, seed: 3, logEvery: 0 });
  expectTrue(res.valLoss < 0.3 * Math.log(10), `val loss ${res.valLoss.toFixed(3)} < 0.3·ln 10 on a sequence with period 7`);
  model.eval();
  expectClose(res.valLoss, estimateLoss(model, seq.slice(240), 8), { atol: 1e-5, rtol: 0, label: "reported valLoss" });
  expectShape(randint(0, 2, [3]), [3], "generator usable");
}, { taskId: "task-4" });
