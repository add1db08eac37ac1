// MultiheadAttention and TransformerBlock beyond the goldens: masks, RoPE, layouts, dropout modes, errors.
import { describe, expect, it } from "vitest";
import { manualSeed, randn, tensor } from "../core.ts";
import { MultiheadAttention } from "./attention.ts";
import * as F from "./functional.ts";
import { TransformerBlock } from "./transformer.ts";

const maxAbsDiff = (a: Float64Array, b: Float64Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe("MultiheadAttention", () => {
  it("equals a hand-written head split + scaledDotProductAttention + merge", () => {
    manualSeed(11);
    const mha = new MultiheadAttention(8, 2);
    const x = randn([2, 5, 8]);
    const y = mha.forward(x, { causal: true }).toFloat64Array();
    const split = (t: ReturnType<typeof randn>) => t.reshape(2, 5, 2, 4).transpose(1, 2); // (B, H, T, Dh)
    const q = split(F.linear(x, mha.qProj.weight, mha.qProj.bias));
    const k = split(F.linear(x, mha.kProj.weight, mha.kProj.bias));
    const v = split(F.linear(x, mha.vProj.weight, mha.vProj.bias));
    const o = F.scaledDotProductAttention(q, k, v, { isCausal: true }).transpose(1, 2).reshape(2, 5, 8);
    const ref = F.linear(o, mha.outProj.weight, mha.outProj.bias).toFloat64Array();
    expect(maxAbsDiff(y, ref)).toBeLessThan(1e-6);
  });

  it("rope option rotates q and k; positions change the result, a shift of all positions does not", () => {
    manualSeed(12);
    const mha = new MultiheadAttention(8, 2);
    const x = randn([1, 4, 8]);
    const plain = mha.forward(x).toFloat64Array();
    const roped = mha.forward(x, { rope: true }).toFloat64Array();
    const shifted = mha.forward(x, { rope: { positions: [10, 11, 12, 13] } }).toFloat64Array();
    expect(maxAbsDiff(plain, roped)).toBeGreaterThan(1e-4);
    expect(maxAbsDiff(roped, shifted)).toBeLessThan(1e-5); // RoPE scores depend on j − i only
  });

  it("a batch whose keys are all padded gives finite outputs (outProj bias) and finite gradients", () => {
    manualSeed(13);
    const mha = new MultiheadAttention(4, 2);
    const x = randn([2, 3, 4], { requiresGrad: true });
    const pad = tensor([[true, true, true], [false, false, true]]);
    const y = mha.forward(x, { keyPaddingMask: pad });
    const vals = y.toFloat64Array();
    const b = mha.outProj.bias!.toFloat64Array();
    for (let t = 0; t < 3; t++) for (let e = 0; e < 4; e++) expect(Math.abs(vals[t * 4 + e] - b[e])).toBeLessThan(1e-6);
    y.sum().backward();
    expect(x.grad!.toFloat64Array().every(Number.isFinite)).toBe(true);
    expect(mha.qProj.weight.grad!.toFloat64Array().every(Number.isFinite)).toBe(true);
  });

  it("batchFirst=false takes (T, B, E)", () => {
    manualSeed(14);
    const a = new MultiheadAttention(4, 1);
    const b = new MultiheadAttention(4, 1, { batchFirst: false });
    b.loadStateDict(a.stateDict());
    const x = randn([2, 3, 4]);
    const ya = a.forward(x).toFloat64Array();
    const yb = b.forward(x.transpose(0, 1)).transpose(0, 1).contiguous().toFloat64Array();
    expect(maxAbsDiff(ya, yb)).toBeLessThan(1e-6);
  });

  it("attention dropout is active in training only", () => {
    manualSeed(15);
    const mha = new MultiheadAttention(4, 1, { dropout: 0.5 });
    const x = randn([1, 6, 4]);
    const { attn } = mha.forwardWithWeights(x);
    expect(attn.toFloat64Array().some((v) => v === 0)).toBe(true);
    mha.eval();
    const rows = mha.forwardWithWeights(x).attn.sum(-1).toFloat64Array();
    expect(rows.every((s) => Math.abs(s - 1) < 1e-6)).toBe(true);
  });

  it("errors name the shapes", () => {
    expect(() => new MultiheadAttention(10, 3)).toThrow(/embedDim 10 is not divisible by numHeads 3/);
    const mha = new MultiheadAttention(4, 2);
    expect(() => mha.forward(randn([2, 3, 5]))).toThrow(/expected input \(B, T, 4\), got \[2,3,5\]/);
    expect(() => mha.forward(randn([2, 3, 4]), { keyPaddingMask: tensor([[true, false]]) })).toThrow(
      /keyPaddingMask must be bool \(B, T\) = \(2, 3\), got bool \[1,2\]/,
    );
  });
});

describe("TransformerBlock", () => {
  it("is causal: changing a later token leaves earlier outputs unchanged; every parameter gets a gradient", () => {
    manualSeed(16);
    const block = new TransformerBlock(8, 2);
    const x = randn([1, 4, 8]);
    const y1 = block.forward(x).toFloat64Array();
    const x2 = x.clone();
    x2.data[x2.offset + 3 * 8] += 5; // perturb token 3
    const y2 = block.forward(x2).toFloat64Array();
    expect(maxAbsDiff(y1.slice(0, 24), y2.slice(0, 24))).toBeLessThan(1e-6);
    expect(maxAbsDiff(y1.slice(24), y2.slice(24))).toBeGreaterThan(1e-3);
    block.forward(x).square().sum().backward();
    for (const [name, p] of block.namedParameters()) {
      expect(p.grad, name).not.toBeNull();
      expect(p.grad!.toFloat64Array().some((g) => g !== 0), name).toBe(true);
    }
  });
});
