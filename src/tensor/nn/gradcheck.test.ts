// gradcheck (float64 central differences) for every composite F function, MultiheadAttention, TransformerBlock and LoRA.
//
// Checked: gelu (exact, tanh), silu, dropout, layerNorm, rmsNorm, linear, embedding, crossEntropy (ignoreIndex,
// labelSmoothing, (N,C,d)), nllLoss, klDiv (prob and log targets), mseLoss, binaryCrossEntropyWithLogits,
// scaledDotProductAttention (causal, bool mask with a fully masked row, additive mask), rope,
// relativePositionBias, MultiheadAttention (causal + padding + bias + rope), TransformerBlock, LoRALinear.
import { describe, expect, it } from "vitest";
import { type Tensor, gradcheck, manualSeed, randn, tensor } from "../core.ts";
import { MultiheadAttention } from "./attention.ts";
import * as F from "./functional.ts";
import { Linear } from "./layers.ts";
import { LoRALinear } from "./lora.ts";
import type { Module } from "./module.ts";
import { TransformerBlock } from "./transformer.ts";

const f64 = (shape: number[]) => randn(shape, { dtype: "float64", requiresGrad: true });
const probs = (shape: number[]) => randn(shape, { dtype: "float64" }).softmax(-1).detach().requiresGrad_(true);
const ints = (v: number[], shape = [v.length]) => tensor(Int32Array.from(v), { shape });
const opts = { eps: 1e-6, atol: 1e-6, rtol: 1e-4 };
type Fn = (...xs: Tensor[]) => Tensor;

/** Runs gradcheck with the module's parameters (float64) as extra inputs, reduced to a scalar by a fixed projection. */
function checkModule(m: Module, forward: (x: Tensor) => Tensor, x: Tensor): boolean {
  m.double();
  const w = randn(forward(x).shape, { dtype: "float64" });
  return gradcheck((xx: Tensor) => forward(xx).mul(w).sum(), [x, ...m.parameters()], opts);
}

describe("gradcheck of F composites (float64)", () => {
  manualSeed(20);
  const cases: [string, Fn, () => Tensor[]][] = [
    ["gelu exact", (x) => F.gelu(x), () => [f64([2, 3])]],
    ["gelu tanh", (x) => F.gelu(x, { approximate: "tanh" }), () => [f64([2, 3])]],
    ["silu", (x) => F.silu(x), () => [f64([5])]],
    ["dropout (reseeded)", (x) => { manualSeed(3); return F.dropout(x, 0.4, true); }, () => [f64([6])]],
    ["layerNorm", (x, w, b) => F.layerNorm(x, [4], w, b), () => [f64([3, 4]), f64([4]), f64([4])]],
    ["layerNorm over 2 dims", (x) => F.layerNorm(x, [2, 3]), () => [f64([2, 2, 3])]],
    ["rmsNorm", (x, w) => F.rmsNorm(x, 4, w), () => [f64([3, 4]), f64([4])]],
    ["linear", (x, w, b) => F.linear(x, w, b), () => [f64([2, 3]), f64([4, 3]), f64([4])]],
    ["embedding (repeated ids)", (w) => F.embedding(ints([1, 0, 1], [3]), w), () => [f64([3, 2])]],
    ["crossEntropy ignoreIndex", (x) => F.crossEntropy(x, ints([2, -100, 0, 1])), () => [f64([4, 3])]],
    ["crossEntropy labelSmoothing sum", (x) => F.crossEntropy(x, ints([2, 1, 0]), { labelSmoothing: 0.2, reduction: "sum" }), () => [f64([3, 3])]],
    ["crossEntropy (N,C,d) none", (x) => F.crossEntropy(x, ints([0, 2, 1, 1], [2, 2]), { reduction: "none" }), () => [f64([2, 3, 2])]],
    ["nllLoss", (lp) => F.nllLoss(lp, ints([1, 0, -100]), { reduction: "sum" }), () => [f64([3, 2])]],
    ["klDiv batchmean", (lq, p) => F.klDiv(lq, p, { reduction: "batchmean" }), () => [f64([2, 3]), probs([2, 3])]],
    ["klDiv logTarget", (lq, lp) => F.klDiv(lq, lp, { logTarget: true, reduction: "none" }), () => [f64([2, 3]), f64([2, 3])]],
    ["mseLoss", (a, b) => F.mseLoss(a, b), () => [f64([2, 3]), f64([2, 3])]],
    ["binaryCrossEntropyWithLogits", (x, y) => F.binaryCrossEntropyWithLogits(x, y, { reduction: "sum" }), () => [f64([5]), probs([5])]],
    ["sdpa causal", (q, k, v) => F.scaledDotProductAttention(q, k, v, { isCausal: true }), () => [f64([2, 3, 2]), f64([2, 3, 2]), f64([2, 3, 2])]],
    [
      "sdpa bool mask with a fully masked row",
      (q, k, v) => F.scaledDotProductAttention(q, k, v, { attnMask: tensor([[true, false, true], [false, false, false]]) }),
      () => [f64([2, 2]), f64([3, 2]), f64([3, 2])],
    ],
    ["sdpa additive mask", (q, k, v, m) => F.scaledDotProductAttention(q, k, v, { attnMask: m, scale: 0.7 }), () => [f64([3, 2]), f64([4, 2]), f64([4, 3]), f64([3, 4])]],
    ["rope", (x) => F.rope(x, { base: 100 }), () => [f64([2, 3, 4])]],
    ["relativePositionBias", (t) => F.relativePositionBias(t, 4, 1), () => [f64([2, 3])]],
  ];
  for (const [name, fn, make] of cases) {
    it(name, () => {
      expect(gradcheck(fn, make(), opts)).toBe(true);
    });
  }
});

describe("gradcheck of modules (float64)", () => {
  it("MultiheadAttention with causal, key padding, additive bias and rope", () => {
    manualSeed(21);
    const mha = new MultiheadAttention(4, 2);
    const pad = tensor([[false, false, true]]);
    const bias = randn([2, 3, 3], { dtype: "float64" });
    const fwd = (x: Tensor) => mha.forward(x, { causal: true, keyPaddingMask: pad, attnBias: bias, rope: true });
    expect(checkModule(mha, fwd, f64([1, 3, 4]))).toBe(true);
  });

  it("TransformerBlock", () => {
    manualSeed(22);
    const block = new TransformerBlock(4, 2, { mlpRatio: 2 });
    expect(checkModule(block, (x) => block.forward(x), f64([1, 3, 4]))).toBe(true);
  });

  it("LoRALinear (A and B trainable)", () => {
    manualSeed(23);
    const lora = new LoRALinear(new Linear(3, 2), { r: 2, alpha: 4 });
    lora.double();
    lora.loraB = randn([2, 2], { dtype: "float64", requiresGrad: true }); // non-zero B so A's gradient is exercised
    expect(lora.parameters().filter((p) => p.requiresGrad).length).toBe(2);
    expect(gradcheck((x) => lora.forward(x), [f64([2, 3]), ...lora.parameters()], opts)).toBe(true);
  });

  it("gradcheck catches a wrong gradient (the check can fail)", () => {
    manualSeed(24);
    const wrong = (x: Tensor) => x.mul(x.detach()); // true derivative 2x, autograd sees x
    expect(() => gradcheck(wrong, [f64([3])], opts)).toThrow(/gradcheck: input 0/);
  });
});
