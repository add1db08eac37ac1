// SFT formatting: tests run at grading only — multi-byte text, batched loss and its gradient, packing edge cases.
import { ASSISTANT, encodeExample, END, IGNORE_INDEX, PAD, pack, packedAttentionMask, renderChat, SYSTEM, sftLoss, textIds, USER, VOCAB_SIZE } from "learner";
import { F, manualSeed, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectThrows, expectTrue, test } from "llmpath/testing";

const I = IGNORE_INDEX;

test("4-byte UTF-8 (emoji) and mixed scripts are encoded byte by byte", () => {
  const ids = renderChat([{ role: "assistant", content: "好🙂" }]);
  expectEqual(ids, [ASSISTANT, 0xe5, 0xa5, 0xbd, 0xf0, 0x9f, 0x99, 0x82, END], "assistant '好🙂'");
  expectEqual(encodeExample([{ role: "assistant", content: "好🙂" }]).labels, [I, 0xe5, 0xa5, 0xbd, 0xf0, 0x9f, 0x99, 0x82, END], "labels");
}, { taskId: "task-1" });

test("an empty answer still teaches the model to stop: its [END] is labelled", () => {
  const ex = encodeExample([{ role: "user", content: "" }, { role: "assistant", content: "" }]);
  expectEqual(ex.inputIds, [USER, END, ASSISTANT, END], "inputIds");
  expectEqual(ex.labels, [I, I, I, END], "labels");
}, { taskId: "task-2" });

test("labelled tokens = bytes of every assistant answer + one [END] per assistant turn; never a system or user byte", () => {
  const msgs = [
    { role: "system", content: "你是诗人。" },
    { role: "user", content: "写一句" },
    { role: "assistant", content: "床前明月光" },
    { role: "user", content: "再来" },
    { role: "assistant", content: "疑是地上霜" },
  ] as const;
  const ex = encodeExample(msgs);
  const labelled = ex.labels.filter((l: number) => l !== I).length;
  expectEqual(labelled, textIds("床前明月光").length + textIds("疑是地上霜").length + 2, "labelled tokens");
  expectEqual(ex.inputIds, renderChat(msgs), "encodeExample's ids are renderChat's ids");
  ex.labels.forEach((l: number, i: number) => {
    if (l !== I) expectEqual(l, ex.inputIds[i], `label at ${i} equals the input id there`);
  });
  expectTrue(!ex.labels.includes(SYSTEM) && !ex.labels.includes(USER) && !ex.labels.includes(ASSISTANT), "no role token is ever a label");
}, { taskId: "task-2" });

test("sftLoss on a padded batch of 2 matches a float64 loop; gradient is zero at every uncounted position", () => {
  manualSeed(41);
  const a = encodeExample([{ role: "user", content: "ab" }, { role: "assistant", content: "cd" }]);
  const b = encodeExample([{ role: "user", content: "x" }, { role: "assistant", content: "yz!" }]);
  const T = Math.max(a.inputIds.length, b.inputIds.length);
  const padTo = (ex: { inputIds: number[]; labels: number[] }) => [...ex.labels, ...new Array<number>(T - ex.labels.length).fill(I)];
  const labels = [padTo(a), padTo(b)];
  const logits = randn([2, T, VOCAB_SIZE]).mul(3);
  logits.requiresGrad = true;
  const loss = sftLoss(logits, tensor(labels, { dtype: "int32" }));
  const lp = logits.detach().double().logSoftmax(-1).tolist() as number[][][];
  let sum = 0;
  let n = 0;
  for (const [bi, row] of labels.entries()) {
    for (const [t, l] of row.entries()) {
      if (t > 0 && l !== I) {
        sum -= lp[bi]![t - 1]![l]!;
        n++;
      }
    }
  }
  expectClose(loss, sum / n, { atol: 1e-5, rtol: 1e-5, label: "loss vs float64 loop" });
  loss.backward();
  const g = logits.grad!.abs().sum(-1).tolist() as number[][];
  labels.forEach((row, bi) => {
    for (let t = 0; t < T; t++) {
      const counted = t + 1 < T && row[t + 1] !== I;
      if (!counted) expectEqual(g[bi]![t], 0, `Σ|∂loss/∂logits| at row ${bi}, position ${t} (predicts an uncounted label)`);
      else expectTrue(g[bi]![t]! > 0, `gradient reaches row ${bi}, position ${t}`);
    }
  });
}, { taskId: "task-3" });

test("sftLoss rejects labels whose shape does not match the logits", () => {
  expectThrows(() => sftLoss(randn([2, 5, VOCAB_SIZE]), tensor([[1, 2, 3, 4, 5]], { dtype: "int32" })), /labels|shape/);
}, { taskId: "task-3" });

test("pack: an example of exactly seqLen fills a row; one that is too long is rejected with its index", () => {
  const ex = (n: number) => ({ inputIds: [USER, ...new Array<number>(n - 2).fill(65), END], labels: new Array<number>(n).fill(I) });
  const p = pack([ex(4), ex(6), ex(2), ex(2)], 6);
  expectEqual(p.inputIds.length, 3, "rows for 4 | 6 | 2+2");
  expectEqual(p.segmentIds, [[1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1], [1, 1, 2, 2, 0, 0]], "segmentIds");
  expectEqual(p.inputIds[2], [USER, END, USER, END, PAD, PAD], "third row");
  expectThrows(() => pack([ex(3), ex(7)], 6), /1/);
}, { taskId: "task-4" });

test("pack keeps the order and every label except the first token of each example", () => {
  manualSeed(42);
  const examples = Array.from({ length: 9 }, (_, k) => encodeExample([{ role: "user", content: "q".repeat(k + 1) }, { role: "assistant", content: `a${k}` }]));
  const p = pack(examples, 24);
  const flat = p.inputIds.flatMap((row: number[], r: number) => row.filter((_: number, t: number) => p.segmentIds[r]![t] !== 0));
  expectEqual(flat, examples.flatMap((e) => e.inputIds), "the packed tokens, padding removed, are the examples in order");
  const counted = p.labels.flat().filter((l: number) => l !== I).length;
  expectEqual(counted, examples.reduce((n, e) => n + e.labels.slice(1).filter((l: number) => l !== I).length, 0), "labelled tokens after packing");
  for (const [r, row] of p.inputIds.entries()) expectEqual(row.length, 24, `length of row ${r}`);
}, { taskId: "task-4" });

test("stretch: padding attends to nothing and two rows get independent masks", () => {
  const m = packedAttentionMask([[1, 2, 2, 0], [1, 1, 1, 1]]).tolist() as boolean[][][][];
  expectEqual(m[0]![0]![3], [false, false, false, false], "padding query row");
  expectEqual(m[0]![0]![2], [false, true, true, false], "query 2 of row 0 sees only its own example");
  expectEqual(m[1]![0]![3], [true, true, true, true], "row 1 is one example: plain causal");
}, { taskId: "task-5" });

test("stretch: packed attention with restarting positions equals separate attention, for 3 examples", () => {
  manualSeed(43);
  const seg = [[1, 1, 2, 2, 2, 3, 3, 3, 3, 0]];
  const [q, k, v] = [randn([1, 1, 10, 6]), randn([1, 1, 10, 6]), randn([1, 1, 10, 6])] as [Tensor, Tensor, Tensor];
  const packed = F.scaledDotProductAttention(q, k, v, { attnMask: packedAttentionMask(seg) });
  for (const [s, e] of [[0, 2], [2, 5], [5, 9]] as const) {
    const alone = F.scaledDotProductAttention(q.slice(2, s, e), k.slice(2, s, e), v.slice(2, s, e), { isCausal: true });
    expectClose(packed.slice(2, s, e), alone, { atol: 1e-5, rtol: 1e-5, label: `example at tokens ${s}–${e - 1}` });
  }
}, { taskId: "task-5" });
