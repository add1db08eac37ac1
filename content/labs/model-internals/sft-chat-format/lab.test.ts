// SFT formatting: the tests shown to the learner — template, answer-only labels, the masked loss, packing, segment masks.
import { ASSISTANT, encodeExample, END, IGNORE_INDEX, PAD, pack, packedAttentionMask, renderChat, SYSTEM, sftLoss, textIds, USER, VOCAB_SIZE } from "learner";
import { F, manualSeed, randn, type Tensor, tensor, zeros } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectTrue, test } from "llmpath/testing";

const I = IGNORE_INDEX;
const hi = [{ role: "user", content: "hi" }, { role: "assistant", content: "yo" }] as const; // h=104 i=105 y=121 o=111

test("renderChat: [ROLE] bytes [END] per message, plus [ASSISTANT] as the generation prompt", () => {
  expectEqual(renderChat(hi), [USER, 104, 105, END, ASSISTANT, 121, 111, END], "user 'hi', assistant 'yo'");
  expectEqual(renderChat([{ role: "system", content: "S" }, { role: "user", content: "?" }], { addGenerationPrompt: true }), [SYSTEM, 83, END, USER, 63, END, ASSISTANT], "system + user + generation prompt");
}, { taskId: "task-1" });

test("renderChat: Chinese text is 3 UTF-8 bytes a character", () => {
  const ids = renderChat([{ role: "user", content: "春眠" }]);
  expectEqual(ids, [USER, ...textIds("春眠"), END], "user '春眠'");
  expectEqual(ids.length, 2 + 6, "length: role + 6 bytes + end");
}, { taskId: "task-1" });

test("encodeExample: labels only on the assistant's answer and its [END]", () => {
  const ex = encodeExample(hi);
  expectEqual(ex.inputIds, [USER, 104, 105, END, ASSISTANT, 121, 111, END], "inputIds");
  expectEqual(ex.labels, [I, I, I, I, I, 121, 111, END], "labels");
}, { taskId: "task-2" });

test("encodeExample: a system prompt and two assistant turns", () => {
  const ex = encodeExample([
    { role: "system", content: "be brief" },
    { role: "user", content: "1+1?" },
    { role: "assistant", content: "2" },
    { role: "user", content: "2+2?" },
    { role: "assistant", content: "4" },
  ]);
  const learned = ex.inputIds.filter((_: number, i: number) => ex.labels[i] !== I);
  expectEqual(learned, [50, END, 52, END], "tokens that carry a label: '2' [END] '4' [END]");
  expectEqual(ex.labels.filter((l: number) => l !== I).length, 4, "labelled tokens");
  expectEqual(ex.inputIds.length, ex.labels.length, "one label per input id");
}, { taskId: "task-2" });

/** Per-token loss −log softmax(z)[target] for logits z that are 0 except c at the target: log(1 + (V − 1)·e^(−c)). */
const tokenLoss = (c: number) => Math.log(1 + (VOCAB_SIZE - 1) * Math.exp(-c));

test("sftLoss equals the hand-computed mean over the answer tokens only", () => {
  const ex = encodeExample(hi); // T = 8; counted targets are positions 5, 6, 7 (predicted from 4, 5, 6)
  const T = ex.inputIds.length;
  const z = zeros([1, T, VOCAB_SIZE]).toFloat32Array();
  for (let t = 0; t + 1 < T; t++) z[t * VOCAB_SIZE + ex.inputIds[t + 1]!] = 0.5 * t; // logit c_t = t/2 on the next token
  const logits = tensor(z, { shape: [1, T, VOCAB_SIZE] });
  const loss = sftLoss(logits, tensor([ex.labels], { dtype: "int32" }));
  const expected = (tokenLoss(2) + tokenLoss(2.5) + tokenLoss(3)) / 3; // c_4, c_5, c_6
  expectClose(loss, expected, { atol: 1e-5, rtol: 1e-5, label: "masked SFT loss" });
  const everything = Array.from({ length: T - 1 }, (_, t) => tokenLoss(0.5 * t)).reduce((a, b) => a + b) / (T - 1);
  expectTrue(Math.abs(loss.item() - everything) > 0.5, `the masked loss (${loss.item().toFixed(4)}) differs from the loss over every token (${everything.toFixed(4)})`);
}, { taskId: "task-3" });

test("pack: greedy rows of seqLen, PAD and −100 after the last example, segments and positions per example", () => {
  const a = { inputIds: [USER, 1, END, ASSISTANT, 2, END], labels: [I, I, I, I, 2, END] }; // 6 tokens
  const b = { inputIds: [USER, 3, END, ASSISTANT, 4, 5, END], labels: [I, I, I, I, 4, 5, END] }; // 7 tokens
  const c = { inputIds: [USER, 6, END, ASSISTANT, END], labels: [I, I, I, I, END] }; // 5 tokens
  const p = pack([a, b, c], 12);
  expectEqual(p.inputIds, [
    [USER, 1, END, ASSISTANT, 2, END, PAD, PAD, PAD, PAD, PAD, PAD],
    [USER, 3, END, ASSISTANT, 4, 5, END, USER, 6, END, ASSISTANT, END],
  ], "inputIds (b does not fit after a, c fits after b)");
  expectEqual(p.labels, [
    [I, I, I, I, 2, END, I, I, I, I, I, I],
    [I, I, I, I, 4, 5, END, I, I, I, I, END],
  ], "labels");
  expectEqual(p.segmentIds, [[1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2]], "segmentIds");
  expectEqual(p.positionIds, [[0, 1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0], [0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4]], "positionIds");
}, { taskId: "task-4" });

test("pack: no label crosses an example boundary, even when an example starts with a labelled token", () => {
  const x = { inputIds: [USER, 7, END], labels: [I, I, I] };
  const y = { inputIds: [9, 8, END], labels: [9, 8, END] }; // a continuation whose first token carries a label
  const p = pack([x, y], 8);
  // labels[t + 1] is predicted from token t; the first token of y would be predicted from x's [END].
  expectEqual(p.labels[0], [I, I, I, I, 8, END, I, I], "labels of the packed row");
}, { taskId: "task-4" });

test("stretch: packedAttentionMask is causal within each example and blocks everything across examples and on padding", () => {
  const m = packedAttentionMask([[1, 1, 2, 2, 0]]);
  expectShape(m, [1, 1, 5, 5], "mask");
  expectEqual(m.tolist(), [[[
    [true, false, false, false, false],
    [true, true, false, false, false],
    [false, false, true, false, false],
    [false, false, true, true, false],
    [false, false, false, false, false],
  ]]], "mask for segments [1, 1, 2, 2, 0]");
}, { taskId: "task-5" });

test("stretch: attention over a packed row equals attention over each example alone", () => {
  manualSeed(3);
  const seg = [[1, 1, 1, 2, 2, 2, 2, 0]];
  const [q, k, v] = [randn([1, 2, 8, 4]), randn([1, 2, 8, 4]), randn([1, 2, 8, 4])] as [Tensor, Tensor, Tensor];
  const packed = F.scaledDotProductAttention(q, k, v, { attnMask: packedAttentionMask(seg) });
  const part = (s: number, e: number) => F.scaledDotProductAttention(q.slice(2, s, e), k.slice(2, s, e), v.slice(2, s, e), { isCausal: true });
  expectClose(packed.slice(2, 0, 3), part(0, 3), { atol: 1e-5, rtol: 1e-5, label: "example 1 (tokens 0–2)" });
  expectClose(packed.slice(2, 3, 7), part(3, 7), { atol: 1e-5, rtol: 1e-5, label: "example 2 (tokens 3–6)" });
}, { taskId: "task-5" });
