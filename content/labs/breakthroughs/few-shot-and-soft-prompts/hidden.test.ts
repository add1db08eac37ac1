// Few-shot and soft prompts lab: hidden tests — builder edge cases, gradient flow into the prompt only, other k, greedy shapes.
import { SoftPrompt, buildFewShotPrompt, continueGreedy, countTrainable, extractAnswer, forwardWithPrompt, freeze, majorityVote, renderTemplate, selectExamples, selfConsistency, similarity } from "learner";
import { F, type Tensor, manualSeed, nn, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectThrows, expectTrue, test } from "llmpath/testing";

const V = 10;
const D = 16;
class TinyGPT extends nn.Module {
  tok = new nn.Embedding(V, D);
  pos = new nn.Embedding(12, D);
  block = new nn.TransformerBlock(D, 2, { mlpRatio: 2 });
  lnF = new nn.LayerNorm(D);
  head = new nn.Linear(D, V);
  embed(ids: Tensor): Tensor {
    return this.tok.forward(ids);
  }
  forwardEmbeds(x: Tensor): Tensor {
    const T = x.shape[1]!;
    const p = this.pos.forward(tensor(Array.from({ length: T }, (_, i) => i), { dtype: "int32" }));
    return this.head.forward(this.lnF.forward(this.block.forward(x.add(p))));
  }
}

test("renderTemplate: values containing braces are not re-expanded; an unclosed brace stays literal", () => {
  expectEqual(renderTemplate("{a}-{b}", { a: "{b}", b: "x" }), "{b}-x", "a value that looks like a placeholder");
  expectEqual(renderTemplate("set {x} = {", { x: 1 }), "set 1 = {", "a lone '{' stays");
  expectThrows(() => renderTemplate("{question}{answer}", { question: "q" }), /answer/);
}, { taskId: "task-1" });

test("selectExamples: k larger than the pool, k = 0, Chinese queries; a negative k throws", () => {
  const pool = [
    { input: "今天天气怎么样", output: "晴" },
    { input: "把苹果翻译成英文", output: "apple" },
    { input: "明天天气怎么样", output: "雨" },
  ];
  expectEqual(selectExamples("后天天气怎么样", pool, 5).map((s: { output: string }) => s.output), ["晴", "雨", "apple"], "all three, weather first (tie kept in pool order)");
  expectEqual(selectExamples("x", pool, 0), [], "k = 0");
  expectThrows(() => selectExamples("x", pool, -1), /k/);
  expectClose(similarity("今天天气", "明天天气"), 2 / 3, { atol: 1e-12, rtol: 0, label: "similarity('今天天气', '明天天气')" });
}, { taskId: "task-2" });

test("buildFewShotPrompt with no shots is the instruction, a blank line and the open query", () => {
  expectEqual(buildFewShotPrompt({ instruction: "Classify.", shots: [], query: "great film", shotTemplate: "Review: {input}\nLabel: {output}" }), "Classify.\n\nReview: great film\nLabel:", "zero-shot prompt");
}, { taskId: "task-2" });

test("extractAnswer with a custom pattern (with and without a group); voting with nothing valid", () => {
  expectEqual(extractAnswer("The choice is (B). Final: (C)", /\(([A-D])\)/), "C", "custom pattern, last match");
  expectEqual(extractAnswer("scores 10 then 20", /\d+/), "20", "no capture group: the whole match");
  expectEqual(extractAnswer("answer: 1.5 and answer: 2.25"), "2.25", "decimals");
  expectEqual(majorityVote([null, null]), { answer: null, votes: 0, valid: 0 }, "no valid answers");
  expectEqual(selfConsistency((i: number) => `pick (${"ABA"[i]})`, 3, /\(([A-D])\)/), { answer: "A", votes: 2, valid: 3 }, "self-consistency with a custom pattern");
}, { taskId: "task-3" });

test("gradients reach only the soft prompt: after backward every model .grad is null, the prompt's is not", () => {
  manualSeed(9);
  const m = new TinyGPT();
  freeze(m);
  const p = new SoftPrompt(m, [7]);
  expectShape(p.weight, [1, D], "k = 1");
  expectEqual(countTrainable(m, p), D, "trainable values for k = 1");
  const ids = tensor([[1, 2, 3, 4]], { dtype: "int32" });
  const logits: Tensor = forwardWithPrompt(m, p, ids);
  F.crossEntropy(logits.reshape(-1, V), tensor([2, 3, 4, 5], { dtype: "int32" })).backward();
  expectTrue(m.parameters().every((t: Tensor) => t.grad === null), "no model parameter received a gradient");
  expectTrue(p.weight.grad !== null && p.weight.grad.abs().sum().item() > 0, "the soft prompt received a non-zero gradient");
}, { taskId: "task-4" });

test("forwardWithPrompt(model, null, ids) is the plain model; SoftPrompt with no ids throws", () => {
  manualSeed(10);
  const m = new TinyGPT();
  const ids = tensor([[3, 3, 9]], { dtype: "int32" });
  expectClose(forwardWithPrompt(m, null, ids), m.forwardEmbeds(m.embed(ids)), { atol: 0, rtol: 0, label: "no prompt" });
  expectThrows(() => new SoftPrompt(m, []), /virtual token|empty|initIds/);
}, { taskId: "task-4" });

test("continueGreedy returns n new tokens per start, with and without a prompt, and feeds them back", () => {
  manualSeed(11);
  const m = new TinyGPT();
  const p = new SoftPrompt(m, [1, 2]);
  const starts = [[1, 2], [5, 4]];
  const out = continueGreedy(m, p, starts, 3);
  expectEqual(out.map((o: number[]) => o.length), [3, 3], "3 new tokens each");
  const ids = tensor([[...starts[0]!, out[0]![0]!]], { dtype: "int32" });
  const next = (forwardWithPrompt(m, p, ids).slice(1, 2, 3).argmax(-1).tolist() as number[][])[0]![0];
  expectEqual(out[0]![1], next, "the 2nd new token is the argmax after appending the 1st");
  expectEqual(continueGreedy(m, null, [[0]], 2).length, 1, "without a prompt");
}, { taskId: "task-5" });
