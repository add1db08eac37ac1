// Few-shot and soft prompts lab: the tests shown to the learner — the prompt builder, then k virtual tokens in front of a frozen GPT.
import { SoftPrompt, buildFewShotPrompt, continueGreedy, countTrainable, extractAnswer, forwardWithPrompt, freeze, majorityVote, renderTemplate, selectExamples, selfConsistency, similarity, trainSoftPrompt } from "learner";
import { F, type Tensor, cat, manualSeed, nn, optim, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectThrows, expectTrue, test } from "llmpath/testing";

// ---- a tiny GPT, pre-trained here on two mixed "styles": counting up and counting down (mod 10) ----
const V = 10;
const D = 32;
const MAXLEN = 12;
const K = 3;
class TinyGPT extends nn.Module {
  tok = new nn.Embedding(V, D);
  pos = new nn.Embedding(MAXLEN, D);
  block = new nn.TransformerBlock(D, 2, { mlpRatio: 2 });
  lnF = new nn.LayerNorm(D);
  head = new nn.Linear(D, V);
  embed(ids: Tensor): Tensor {
    return this.tok.forward(ids); // (B, T, D)
  }
  forwardEmbeds(x: Tensor): Tensor {
    const T = x.shape[1]!;
    const p = this.pos.forward(tensor(Array.from({ length: T }, (_, i) => i), { dtype: "int32" })); // (T, D)
    return this.head.forward(this.lnF.forward(this.block.forward(x.add(p)))); // (B, T, V)
  }
}
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}
/** A sequence counting in direction dir (+1 up, −1 down) mod 10 from a random start. */
function counting(rand: () => number, dir: number, len: number): number[] {
  const x = Math.floor(rand() * 10);
  return Array.from({ length: len }, (_, i) => (((x + dir * i) % 10) + 10) % 10);
}
let pretrained: TinyGPT | null = null;
/** 150 AdamW steps on a 50/50 mix of both styles; seeded, so every run gets the same model. */
function pretrain(): TinyGPT {
  if (pretrained) return pretrained;
  manualSeed(0);
  const rand = lcg(1);
  const m = new TinyGPT();
  const opt = new optim.AdamW(m.parameters(), { lr: 1e-2, weightDecay: 0 });
  for (let step = 0; step < 150; step++) {
    const batch = Array.from({ length: 32 }, () => counting(rand, rand() < 0.5 ? 1 : -1, MAXLEN));
    const logits = m.forwardEmbeds(m.embed(tensor(batch.map((b) => b.slice(0, -1)), { dtype: "int32" })));
    const loss = F.crossEntropy(logits.reshape(-1, V), tensor(batch.flatMap((b) => b.slice(1)), { dtype: "int32" }));
    opt.zeroGrad();
    loss.backward();
    opt.step();
  }
  pretrained = m;
  return m;
}
const STARTS = Array.from({ length: 20 }, (_, i) => [i % 10]);
/** Fraction of continuations that count in direction dir from their start token. */
function follows(outs: number[][], dir: number): number {
  return outs.filter((o, i) => o.every((t, j) => t === ((((STARTS[i]![0]! + dir * (j + 1)) % 10) + 10) % 10))).length / outs.length;
}

// ---- Part A: the prompt builder ----
test("renderTemplate: placeholders, {{ and }} escapes, numbers; a missing variable is named", () => {
  expectEqual(renderTemplate("Q: {question}\nA: {answer}", { question: "2+2?", answer: 4 }), "Q: 2+2?\nA: 4", "two placeholders");
  expectEqual(renderTemplate("{{json}} {x}{x}", { x: "!" }), "{json} !!", "escapes and a repeated placeholder");
  expectThrows(() => renderTemplate("Hello {name}", {}), /name/);
}, { taskId: "task-1" });

test("similarity: cosine of character-bigram counts", () => {
  // "abab" → {ab: 2, ba: 1}; "ab" → {ab: 1}: cos = 2 / (√5 · 1)
  expectClose(similarity("abab", "ab"), 2 / Math.sqrt(5), { atol: 1e-12, rtol: 0, label: "similarity('abab', 'ab')" });
  expectClose(similarity("Hello  World", "hello world"), 1, { atol: 1e-12, rtol: 0, label: "case and whitespace runs ignored" });
  expectEqual(similarity("a", "abc"), 0, "a text with no bigram");
}, { taskId: "task-2" });

test("selectExamples picks the most similar shots, ties in pool order; buildFewShotPrompt lays them out", () => {
  const pool = [
    { input: "translate cat", output: "猫" },
    { input: "add 2 and 3", output: "5" },
    { input: "translate dog", output: "狗" },
    { input: "add 7 and 1", output: "8" },
  ];
  const picked = selectExamples("add 4 and 4", pool, 2);
  expectEqual(picked.map((s: { output: string }) => s.output), ["5", "8"], "two arithmetic shots for an arithmetic query");
  const prompt = buildFewShotPrompt({ instruction: "Answer briefly.", shots: picked, query: "add 4 and 4", shotTemplate: "Input: {input}\nOutput: {output}" });
  expectEqual(prompt, "Answer briefly.\n\nInput: add 2 and 3\nOutput: 5\n\nInput: add 7 and 1\nOutput: 8\n\nInput: add 4 and 4\nOutput:", "prompt text");
}, { taskId: "task-2" });

test("extractAnswer takes the last 'answer: N' (English or Chinese colon); majorityVote and selfConsistency", () => {
  expectEqual(extractAnswer("first answer: 3, wait, recheck... Answer: 12"), "12", "last match wins");
  expectEqual(extractAnswer("答案是……answer：-4"), "-4", "full-width colon, negative");
  expectEqual(extractAnswer("no idea"), null, "nothing to extract");
  expectEqual(majorityVote(["3", null, "4", "4", "3", null]), { answer: "4", votes: 2, valid: 4 }, "a 2–2 tie goes to '4', which reached 2 votes first");
  const completions = ["… answer: 7", "… answer: 9", "I think answer: 7", "garbled", "answer: 7"];
  expectEqual(selfConsistency((i: number) => completions[i]!, 5), { answer: "7", votes: 3, valid: 4 }, "self-consistency over 5 samples");
}, { taskId: "task-3" });

// ---- Part B: virtual tokens ----
test("SoftPrompt: a (k, d) parameter copied from the embeddings of initIds; forwardWithPrompt drops the k prompt positions", () => {
  manualSeed(4);
  const m = new TinyGPT();
  const p = new SoftPrompt(m, [3, 1, 4]);
  expectShape(p.weight, [3, D], "soft prompt weight");
  expectClose(p.weight, cat([m.tok.weight.slice(0, 3, 4), m.tok.weight.slice(0, 1, 2), m.tok.weight.slice(0, 4, 5)], 0), { atol: 0, rtol: 0, label: "initial weight = embeddings of 3, 1, 4" });
  const ids = tensor([[5, 6, 7], [0, 9, 8]], { dtype: "int32" });
  const logits: Tensor = forwardWithPrompt(m, p, ids);
  expectShape(logits, [2, 3, V], "logits for the real tokens only");
  const manual = m.forwardEmbeds(cat([p.weight.unsqueeze(0).expand(2, 3, D), m.embed(ids)], 1)).slice(1, 3, 6);
  expectClose(logits, manual, { atol: 1e-6, rtol: 0, label: "forwardWithPrompt vs cat([prompt, embed(ids)]) → forwardEmbeds → last T positions" });
}, { taskId: "task-4" });

test("freeze + SoftPrompt: only k·d values require grad", () => {
  manualSeed(5);
  const m = new TinyGPT();
  const total = m.parameters().reduce((s: number, t: Tensor) => s + t.numel(), 0);
  expectEqual(freeze(m), total, "freeze returns the number of frozen values");
  const p = new SoftPrompt(m, [0, 1, 2]);
  expectEqual(countTrainable(m, p), K * D, "trainable values = k·d");
  console.log(`frozen model values: ${total}; trainable soft-prompt values: ${countTrainable(m, p)}`);
}, { taskId: "task-4" });

test(`trainSoftPrompt switches one frozen model between counting up and down (k = ${K}, only ${K}·${D} trainable values)`, () => {
  const m = pretrain();
  const before = m.parameters().map((t: Tensor) => Array.from(t.toFloat32Array()));
  const base = continueGreedy(m, null, STARTS, 6);
  const rand = lcg(7);
  const up = trainSoftPrompt(m, Array.from({ length: 64 }, () => counting(rand, 1, MAXLEN - K)), { initIds: [0, 1, 2], seed: 0 });
  const down = trainSoftPrompt(m, Array.from({ length: 64 }, () => counting(rand, -1, MAXLEN - K)), { initIds: [0, 1, 2], seed: 0 });
  expectEqual(countTrainable(m, up), K * D, "values with requiresGrad (model + up prompt)");
  const after = m.parameters().map((t: Tensor) => Array.from(t.toFloat32Array()));
  expectEqual(after, before, "every frozen weight is bit-for-bit unchanged");
  const upOut = continueGreedy(m, up, STARTS, 6);
  const downOut = continueGreedy(m, down, STARTS, 6);
  console.log(`follows 'up' / 'down' over 20 starts × 6 tokens: no prompt ${follows(base, 1).toFixed(2)} / ${follows(base, -1).toFixed(2)}, up prompt ${follows(upOut, 1).toFixed(2)}, down prompt ${follows(downOut, -1).toFixed(2)}`);
  expectTrue(follows(upOut, 1) >= 0.9, `with the 'up' prompt ${follows(upOut, 1)} of continuations count up (≥ 0.9)`);
  expectTrue(follows(downOut, -1) >= 0.9, `with the 'down' prompt ${follows(downOut, -1)} of continuations count down (≥ 0.9)`);
}, { taskId: "task-5" });
