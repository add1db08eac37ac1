// Chain-of-thought lab: the tests shown to the learner — data format, the tiny transformer, batches, decoding, bare vs scratchpad.
import { EQUALS, PLUS, TinyTransformer, VOCAB_SIZE, exactMatch, formatExample, greedyDecode, isHeldOut, makeBatch, mulberry32, readAnswer, sampleOperands, trainAdder } from "learner";
import { manualSeed, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectTrue, test } from "llmpath/testing";

type Pair = [number, number];
const WIDTH = 3;

/** A stand-in "model" that reads each row's prompt and puts all its logit mass on the correct next target token. */
function oracle(width: number, scratchpad: boolean, corrupt = (_pos: number, tok: number) => tok) {
  return {
    forward(ids: Tensor): Tensor {
      const rows = ids.tolist() as number[][];
      const P = 2 * width + 2;
      const out = rows.map((row) => {
        const a = Number(row.slice(0, width).join(""));
        const b = Number(row.slice(width + 1, 2 * width + 1).join(""));
        const full = [...formatExample(a, b, width, scratchpad).prompt, ...formatExample(a, b, width, scratchpad).target];
        return row.map((_, t) => {
          const logits = new Array(VOCAB_SIZE).fill(0);
          if (t + 1 < full.length) logits[t + 1 >= P ? corrupt(t + 1 - P, full[t + 1]!) : full[t + 1]!] = 1;
          return logits;
        });
      });
      return tensor(out);
    },
  };
}

/** The held-out evaluation set: 60 pairs of two 3-digit numbers and 60 pairs of mixed length, all held out from training. */
function heldOutPairs(): { full: Pair[]; mixed: Pair[] } {
  const r = mulberry32(999);
  const full: Pair[] = [];
  const mixed: Pair[] = [];
  while (full.length < 60) {
    const a = 100 + Math.floor(r() * 900);
    const b = 100 + Math.floor(r() * 900);
    if (isHeldOut(a, b)) full.push([a, b]);
  }
  while (mixed.length < 60) {
    const a = Math.floor(r() * 10 ** (1 + Math.floor(r() * 3)));
    const b = Math.floor(r() * 10 ** (1 + Math.floor(r() * 3)));
    if (isHeldOut(a, b)) mixed.push([a, b]);
  }
  return { full, mixed };
}

test("formatExample: 47 + 85 with and without the scratchpad of column totals", () => {
  const bare = formatExample(47, 85, WIDTH, false);
  expectEqual(bare.prompt, [0, 4, 7, PLUS, 0, 8, 5, EQUALS], "prompt of 047+085=");
  expectEqual(bare.target, [0, 1, 3, 2], "bare target: the 4 answer digits");
  // columns, least significant first: 7+5 = 12 (id 14), 4+8+1 = 13 (id 15), 0+0+1 = 1
  expectEqual(formatExample(47, 85, WIDTH, true).target, [14, 15, 1, 0, 1, 3, 2], "scratchpad target");
  expectEqual(readAnswer([14, 15, 1, 0, 1, 3, 2], WIDTH), 132, "readAnswer of the scratchpad target");
  expectEqual(readAnswer([14, 15, 1, 0, 1, 13, 2], WIDTH), null, "readAnswer with a non-digit in the answer");
}, { taskId: "task-1" });

test("sampleOperands: never held out, and two 3-digit operands in under 15% of 3000 samples", () => {
  const r = mulberry32(5);
  let long = 0;
  for (let i = 0; i < 3000; i++) {
    const [a, b] = sampleOperands(r, WIDTH);
    expectTrue(!isHeldOut(a, b), `sampled pair (${a}, ${b}) is held out`);
    expectTrue(a >= 0 && a < 1000 && b >= 0 && b < 1000, `(${a}, ${b}) has at most 3 digits each`);
    if (a >= 100 && b >= 100) long++;
  }
  console.log(`pairs of two 3-digit operands: ${long} of 3000`);
  expectTrue(long > 0 && long / 3000 < 0.15, `${long} / 3000 pairs have two 3-digit operands; expected between 1 and 15%`);
}, { taskId: "task-1" });

test("TinyTransformer: logits (B, T, V), and causal — changing the last token leaves earlier logits alone", () => {
  manualSeed(3);
  const m = new TinyTransformer({ vocabSize: VOCAB_SIZE, maxLen: 14, dModel: 16, nHeads: 2, nLayers: 2 });
  const ids = [[1, 2, 3, 10, 4, 5, 6, 11], [9, 9, 9, 10, 9, 9, 9, 11]];
  const a: Tensor = m.forward(tensor(ids, { dtype: "int32" }));
  expectShape(a, [2, 8, VOCAB_SIZE], "logits");
  const changed = ids.map((r) => [...r.slice(0, 7), 3]);
  const b: Tensor = m.forward(tensor(changed, { dtype: "int32" }));
  expectClose(b.slice(1, 0, 7), a.slice(1, 0, 7), { atol: 1e-6, rtol: 0, label: "logits at positions 0…6" });
}, { taskId: "task-2" });

test("makeBatch: inputs are seq[:-1], targets seq[1:] with -100 on prompt positions", () => {
  const { ids, targets } = makeBatch([[47, 85], [1, 2]], WIDTH, true);
  expectShape(ids, [2, 14], "ids (2 sequences of 8 + 7 − 1 tokens)");
  expectShape(targets, [28], "targets, flattened");
  expectEqual((ids.tolist() as number[][])[0], [0, 4, 7, PLUS, 0, 8, 5, EQUALS, 14, 15, 1, 0, 1, 3], "ids[0]");
  expectEqual((targets.tolist() as number[]).slice(0, 14), [-100, -100, -100, -100, -100, -100, -100, 14, 15, 1, 0, 1, 3, 2], "targets of row 0");
}, { taskId: "task-3" });

test("greedyDecode and exactMatch with a stand-in oracle model: 1.0, and 0.0 when the last digit is corrupted", () => {
  const pairs: Pair[] = [[47, 85], [999, 1], [0, 0], [123, 877]];
  const out = greedyDecode(oracle(WIDTH, true), [formatExample(47, 85, WIDTH, true).prompt], 7);
  expectEqual(out, [[14, 15, 1, 0, 1, 3, 2]], "greedy continuation of 047+085=");
  expectEqual(exactMatch(oracle(WIDTH, true), pairs, WIDTH, true), 1, "exact match of a perfect scratchpad model");
  expectEqual(exactMatch(oracle(WIDTH, false), pairs, WIDTH, false), 1, "exact match of a perfect bare model");
  const offByOne = oracle(WIDTH, false, (pos, tok) => (pos === WIDTH ? (tok + 1) % 10 : tok));
  expectEqual(exactMatch(offByOne, pairs, WIDTH, false), 0, "exact match when the last answer digit is always wrong");
}, { taskId: "task-4" });

let trained: { bare: number; scratch: number; groups: string } | null = null;
function trainBoth() {
  if (!trained) {
    const { full, mixed } = heldOutPairs();
    const all = [...full, ...mixed];
    const bareModel = trainAdder({ scratchpad: false, width: WIDTH, seed: 0 });
    const scratchModel = trainAdder({ scratchpad: true, width: WIDTH, seed: 0 });
    const f = (m: unknown, p: Pair[], s: boolean) => exactMatch(m, p, WIDTH, s).toFixed(3);
    trained = {
      bare: exactMatch(bareModel, all, WIDTH, false),
      scratch: exactMatch(scratchModel, all, WIDTH, true),
      groups: `bare: two 3-digit ${f(bareModel, full, false)}, mixed ${f(bareModel, mixed, false)}; scratchpad: two 3-digit ${f(scratchModel, full, true)}, mixed ${f(scratchModel, mixed, true)}`,
    };
  }
  return trained;
}

test("same model, same 250 steps: the scratchpad model's exact match on 120 held-out sums beats the bare one by ≥ 0.25", () => {
  const { bare, scratch, groups } = trainBoth();
  console.log(`exact match on 120 held-out pairs: bare ${bare.toFixed(3)}, scratchpad ${scratch.toFixed(3)} (${groups})`);
  expectTrue(scratch >= bare + 0.25, `scratchpad ${scratch} ≥ bare ${bare} + 0.25`);
  expectTrue(bare <= 0.2, `the bare model stays at ${bare} ≤ 0.2 exact match: one forward pass cannot resolve the carry chain`);
}, { taskId: "task-5" });
