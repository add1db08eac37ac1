// F beyond the goldens: activations vs closed forms, dropout, loss options, attention masks, RoPE/relative bias, errors.
import { describe, expect, it } from "vitest";
import { manualSeed, ones, randn, tensor, zeros } from "../core.ts";
import * as F from "./functional.ts";

const close = (a: number, e: number, atol = 1e-6, rtol = 1e-5) => Math.abs(a - e) <= atol + rtol * Math.abs(e);
const ints = (v: number[], shape = [v.length]) => tensor(Int32Array.from(v), { shape });

describe("activations", () => {
  it("gelu exact and tanh, silu, relu match their formulas", () => {
    const xs = [-3, -0.5, 0, 0.7, 2.5];
    const x = tensor(Float64Array.from(xs), { shape: [5] });
    const exact = F.gelu(x).toFloat64Array();
    const approx = F.gelu(x, { approximate: "tanh" }).toFloat64Array();
    const silu = F.silu(x).toFloat64Array();
    const relu = F.relu(x).toFloat64Array();
    // Φ(x) via a reference erf (Abramowitz–Stegun 7.1.26 is only 1e-7; compare to tanh form loosely)
    xs.forEach((v, i) => {
      const t = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
      expect(close(approx[i], t, 1e-12)).toBe(true);
      expect(close(exact[i], t, 2e-3)).toBe(true); // the two GELUs differ by < 1e-3
      expect(close(silu[i], v / (1 + Math.exp(-v)), 1e-12)).toBe(true);
      expect(relu[i]).toBe(Math.max(v, 0));
    });
    expect(close(exact[4], 2.5 * 0.9937903346742238, 1e-7)).toBe(true); // 2.5·Φ(2.5)
    expect(() => F.gelu(x, { approximate: "fast" as "tanh" })).toThrow(/gelu: approximate/);
  });

  it("dropout: identity in eval, zeroes ~p and rescales the rest in training, reproducibly", () => {
    const x = ones([10000]);
    expect(F.dropout(x, 0.3, false)).toBe(x);
    manualSeed(7);
    const y = F.dropout(x, 0.3, true).toFloat64Array();
    const kept = y.filter((v) => v !== 0);
    expect(kept.every((v) => close(v, 1 / 0.7))).toBe(true);
    expect(Math.abs(kept.length / 10000 - 0.7)).toBeLessThan(0.03);
    manualSeed(7);
    expect(F.dropout(x, 0.3, true).toFloat64Array()).toEqual(y);
    expect(F.dropout(x, 1, true).toFloat64Array().every((v) => v === 0)).toBe(true);
    expect(() => F.dropout(x, 1.5)).toThrow(/dropout: p must be in \[0, 1\]/);
  });
});

describe("losses", () => {
  it("crossEntropy accepts (N, C, d) logits with classes on dim 1, like torch", () => {
    manualSeed(8);
    const logits = randn([2, 4, 3]); // (N, C, d)
    const t = ints([0, 3, 1, 2, 2, 0], [2, 3]);
    const direct = F.crossEntropy(logits, t, { reduction: "none" });
    expect(direct.shape).toEqual([2, 3]);
    const flat = F.crossEntropy(logits.permute(0, 2, 1).reshape(-1, 4), t.reshape(-1), { reduction: "none" });
    expect([...direct.toFloat64Array()]).toEqual([...flat.toFloat64Array()]);
  });

  it("crossEntropy sum/mean and ignoreIndex counting", () => {
    const logits = tensor([[0, Math.log(3)], [1, 1], [2, 0]]);
    const t = ints([1, -100, 0]);
    const per = F.crossEntropy(logits, t, { reduction: "none" }).toFloat64Array();
    expect(close(per[0], -Math.log(3 / 4))).toBe(true);
    expect(Math.abs(per[1])).toBe(0); // ignored target: no loss
    const sum = F.crossEntropy(logits, t, { reduction: "sum" }).item();
    const mean = F.crossEntropy(logits, t).item();
    expect(close(mean, sum / 2)).toBe(true);
  });

  it("nllLoss on logSoftmax equals crossEntropy", () => {
    manualSeed(17);
    const logits = randn([5, 4]);
    const t = ints([3, 0, -100, 1, 2]);
    const a = F.crossEntropy(logits, t).item();
    const b = F.nllLoss(F.logSoftmax(logits, -1), t).item();
    expect(close(a, b)).toBe(true);
    expect(() => F.nllLoss(logits, ints([0, 1]))).toThrow(/nllLoss: target shape \[2\]/);
  });

  it("crossEntropy errors name the problem", () => {
    const logits = zeros([3, 4]);
    expect(() => F.crossEntropy(logits, ints([0, 1]))).toThrow(/crossEntropy: target shape \[2\] does not match logits \[3,4\]/);
    expect(() => F.crossEntropy(logits, ints([0, 4, 1]))).toThrow(/target 4 at flat index 1 is out of range for 4 classes/);
    expect(() => F.crossEntropy(logits, tensor([0, 1, 2]))).toThrow(/int32 class indices, got dtype float32/);
    expect(() => F.crossEntropy(zeros([4]), ints([0]))).toThrow(/crossEntropy: logits must be \(N, C\)/);
  });

  it("klDiv with logTarget equals the probability form, and 0·log 0 = 0", () => {
    const p = tensor([[0.2, 0.8, 0], [0.5, 0.25, 0.25]]);
    const lq = tensor([[0.3, 0.3, 0.4], [0.1, 0.1, 0.8]]).log();
    const a = F.klDiv(lq, p, { reduction: "sum" }).item();
    const expected = 0.2 * Math.log(0.2 / 0.3) + 0.8 * Math.log(0.8 / 0.3) + 0.5 * Math.log(5) + 0.25 * Math.log(0.25 / 0.1) + 0.25 * Math.log(0.25 / 0.8);
    expect(close(a, expected, 1e-5)).toBe(true);
    const pLogged = tensor([[0.2, 0.8, 1e-30], [0.5, 0.25, 0.25]]).log();
    expect(close(F.klDiv(lq, pLogged, { reduction: "sum", logTarget: true }).item(), expected, 1e-5)).toBe(true);
    expect(close(F.klDiv(lq, p, { reduction: "mean" }).item(), expected / 6, 1e-6)).toBe(true);
    expect(() => F.klDiv(lq, p, { reduction: "avg" as "sum" })).toThrow(/klDiv: reduction/);
  });

  it("binaryCrossEntropyWithLogits is stable for huge logits and its gradient is sigmoid(x) − y", () => {
    const x = tensor(Float64Array.from([-1000, 0, 1000, 3]), { shape: [4], requiresGrad: true });
    const y = tensor(Float64Array.from([1, 0.5, 0, 1]), { shape: [4] });
    const l = F.binaryCrossEntropyWithLogits(x, y, { reduction: "none" });
    const v = l.toFloat64Array();
    expect(close(v[0], 1000)).toBe(true);
    expect(close(v[1], Math.log(2))).toBe(true);
    expect(close(v[2], 1000)).toBe(true);
    l.sum().backward();
    const g = x.grad!.toFloat64Array();
    [-1000, 0, 1000, 3].forEach((xi, i) => {
      expect(close(g[i], 1 / (1 + Math.exp(-xi)) - [1, 0.5, 0, 1][i], 1e-12)).toBe(true);
    });
  });
});

describe("norm and linear errors", () => {
  it("name the shapes", () => {
    expect(() => F.layerNorm(zeros([2, 3]), [4])).toThrow(/layerNorm: normalizedShape \[4\] does not match the last 1 dim\(s\) of input \[2,3\]/);
    expect(() => F.rmsNorm(zeros([2, 3]), 3, zeros([2]))).toThrow(/rmsNorm: weight has shape \[2\] but normalizedShape is \[3\]/);
    expect(() => F.linear(zeros([2, 3]), zeros([4, 5]))).toThrow(/linear: input \[2,3\] has last dim 3 but weight \[4,5\] expects in_features 5/);
  });
});

describe("attention", () => {
  it("isCausal equals an explicit bool tril mask and an additive −∞ mask", () => {
    manualSeed(9);
    const q = randn([2, 4, 3]);
    const k = randn([2, 4, 3]);
    const v = randn([2, 4, 5]);
    const a = F.scaledDotProductAttention(q, k, v, { isCausal: true }).toFloat64Array();
    const b = F.scaledDotProductAttention(q, k, v, { attnMask: F.causalMask(4, 4) }).toFloat64Array();
    const add = zeros([4, 4]).maskedFill(F.causalMask(4, 4).logicalNot(), Number.NEGATIVE_INFINITY);
    const c = F.scaledDotProductAttention(q, k, v, { attnMask: add }).toFloat64Array();
    a.forEach((x, i) => {
      expect(close(b[i], x)).toBe(true);
      expect(close(c[i], x)).toBe(true);
    });
    // the first query sees only the first key: output row 0 = v row 0
    const v0 = v.toFloat64Array();
    for (let j = 0; j < 5; j++) expect(close(a[j], v0[j])).toBe(true);
  });

  it("rejects mismatched q/k/v", () => {
    expect(() => F.scaledDotProductAttention(zeros([2, 3]), zeros([4, 5]), zeros([4, 5]))).toThrow(/scaledDotProductAttention: q \[2,3\], k \[4,5\]/);
  });

  it("rope rotates pairs (i, i+Dh/2), keeps norms, and honours explicit positions", () => {
    manualSeed(10);
    const x = randn([1, 3, 4], { dtype: "float64" });
    const r = F.rope(x).toFloat64Array();
    const xs = x.toFloat64Array();
    for (let t = 0; t < 3; t++) {
      for (let i = 0; i < 2; i++) {
        const th = t * 10000 ** (-(2 * i) / 4);
        const [x1, x2] = [xs[t * 4 + i], xs[t * 4 + i + 2]];
        expect(close(r[t * 4 + i], x1 * Math.cos(th) - x2 * Math.sin(th), 1e-12)).toBe(true);
        expect(close(r[t * 4 + i + 2], x2 * Math.cos(th) + x1 * Math.sin(th), 1e-12)).toBe(true);
      }
    }
    const shifted = F.rope(x.narrow(1, 2, 1), { positions: [2] }).toFloat64Array();
    for (let j = 0; j < 4; j++) expect(close(shifted[j], r[8 + j], 1e-12)).toBe(true);
    expect(() => F.rope(zeros([2, 3]))).toThrow(/rope: head dim must be even, got 3/);
  });

  it("relativePositionBias clips j − i to ±maxDistance", () => {
    const table = tensor([[10, 11, 12, 13, 14]]); // H = 1, maxDistance 2
    const b = F.relativePositionBias(table, 4, 2).tolist() as number[][][];
    expect(b[0]).toEqual([
      [12, 13, 14, 14],
      [11, 12, 13, 14],
      [10, 11, 12, 13],
      [10, 10, 11, 12],
    ]);
    expect(() => F.relativePositionBias(table, 4, 3)).toThrow(/relativePositionBias: table must be \(H, 2·maxDistance\+1\) = \(H, 7\)/);
  });
});
