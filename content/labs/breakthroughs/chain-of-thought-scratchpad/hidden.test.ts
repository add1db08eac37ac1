// Chain-of-thought lab: hidden tests — other widths and edge sums, decoding details, the training setup (without a long run).
import { EQUALS, PLUS, TinyTransformer, VOCAB_SIZE, exactMatch, formatExample, greedyDecode, isHeldOut, makeBatch, readAnswer, trainAdder } from "learner";
import { type Tensor, tensor } from "llmpath/tensor";
import { expectEqual, expectShape, expectThrows, expectTrue, test } from "llmpath/testing";

test("formatExample at widths 1, 4 and 5, including the largest sums", () => {
  expectEqual(formatExample(9, 9, 1, true), { prompt: [9, PLUS, 9, EQUALS], target: [20, 1, 8] }, "9+9 at width 1 (column total 18 → id 20)");
  expectEqual(formatExample(9999, 1, 4, true).target, [12, 12, 12, 12, 1, 0, 0, 0, 0], "9999 + 1: four columns of 10");
  expectEqual(formatExample(12345, 67890, 5, false), { prompt: [1, 2, 3, 4, 5, PLUS, 6, 7, 8, 9, 0, EQUALS], target: [0, 8, 0, 2, 3, 5] }, "12345 + 67890 bare");
  expectEqual(formatExample(12345, 67890, 5, true).target.slice(0, 5), [5, 15, 14, 12, 8], "its columns, least significant first: 5, 13, 12, 10, 8 (ids 5, 15, 14, 12, 8)");
  expectEqual(formatExample(0, 0, 2, true).target, [0, 0, 0, 0, 0], "0 + 0 at width 2");
  expectThrows(() => formatExample(1000, 1, 3, false), /1000/);
}, { taskId: "task-1" });

test("readAnswer reads only the last width+1 tokens; too short is null", () => {
  expectEqual(readAnswer([21, 21, 1, 9, 8], 2), 198, "tail 1 9 8");
  expectEqual(readAnswer([0, 0, 0, 7], 3), 7, "leading zeros");
  expectEqual(readAnswer([1, 2], 3), null, "too short");
  expectEqual(readAnswer([1, 2, PLUS, 4], 3), null, "a '+' in the answer");
}, { taskId: "task-1" });

test("isHeldOut holds out about a tenth of all pairs", () => {
  let n = 0;
  for (let a = 0; a < 200; a++) for (let b = 0; b < 200; b++) if (isHeldOut(a, b)) n++;
  expectTrue(n > 0.05 * 40000 && n < 0.2 * 40000, `${n} of 40000 pairs held out; expected between 5% and 20%`);
}, { taskId: "task-1" });

test("TinyTransformer refuses sequences longer than maxLen, naming both lengths", () => {
  const m = new TinyTransformer({ vocabSize: VOCAB_SIZE, maxLen: 4, dModel: 8, nHeads: 2, nLayers: 1 });
  expectShape(m.forward(tensor([[1, 2, 3, 4]], { dtype: "int32" })), [1, 4, VOCAB_SIZE], "logits at maxLen");
  expectThrows(() => m.forward(tensor([[1, 2, 3, 4, 5]], { dtype: "int32" })), /5[\s\S]*4|4[\s\S]*5/);
}, { taskId: "task-2" });

test("makeBatch without the scratchpad at width 2", () => {
  const { ids, targets } = makeBatch([[99, 99]], 2, false);
  expectEqual(ids.tolist(), [[9, 9, PLUS, 9, 9, EQUALS, 1, 9]], "ids");
  expectEqual(targets.tolist(), [-100, -100, -100, -100, -100, 1, 9, 8], "targets");
}, { taskId: "task-3" });

test("trainAdder: a short run returns a model in eval mode whose maxLen fits the scratchpad sequence", () => {
  const m = trainAdder({ scratchpad: true, width: 2, steps: 3, seed: 1 });
  expectEqual(m.training, false, "model.training after trainAdder");
  const seq = [...formatExample(12, 34, 2, true).prompt, ...formatExample(12, 34, 2, true).target].slice(0, -1);
  expectShape(m.forward(tensor([seq], { dtype: "int32" })), [1, seq.length, VOCAB_SIZE], "logits of a full scratchpad sequence");
}, { taskId: "task-3" });

test("greedyDecode feeds its own output back (a 'count up' model) and handles a batch", () => {
  const countUp = {
    forward(ids: Tensor): Tensor {
      const rows = ids.tolist() as number[][];
      return tensor(rows.map((r) => r.map((t) => Array.from({ length: VOCAB_SIZE }, (_, v) => (v === (t + 1) % 10 ? 1 : 0)))));
    },
  };
  expectEqual(greedyDecode(countUp, [[3, 4], [8, 8]], 4), [[5, 6, 7, 8], [9, 0, 1, 2]], "count up from two prompts");
  expectEqual(greedyDecode(countUp, [[1]], 0), [[]], "no new tokens");
}, { taskId: "task-4" });

test("exactMatch scores only the final answer: a wrong scratchpad with the right answer still counts", () => {
  const answerOnly = {
    forward(ids: Tensor): Tensor {
      const rows = ids.tolist() as number[][];
      return tensor(rows.map((row) => {
        const a = Number(row.slice(0, 2).join(""));
        const b = Number(row.slice(3, 5).join(""));
        const target = formatExample(a, b, 2, true).target.map((t: number, i: number) => (i < 2 ? 0 : t)); // scratchpad replaced by zeros
        return row.map((_, pos) => Array.from({ length: VOCAB_SIZE }, (_, v) => (pos >= 5 && v === target[pos - 5] ? 1 : 0)));
      }));
    },
  };
  expectEqual(exactMatch(answerOnly, [[12, 34], [99, 99], [50, 50]], 2, true), 1, "exact match with a junk scratchpad");
  expectThrows(() => exactMatch(answerOnly, [], 2, true), /no pairs|empty/);
}, { taskId: "task-4" });
