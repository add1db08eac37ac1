// The fused, tiled attention forward against the composed path (matmul → masked softmax → matmul).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { manualSeed, noGrad, randn, type Tensor } from "../core.ts";
import { attentionWithWeights, scaledDotProductAttention } from "../nn/attention-fn.ts";
import { fusedAttention } from "./attention.ts";
import { setKernelMode } from "./config.ts";

function maxExcess(a: Tensor, e: Tensor, atol: number, rtol: number): number {
  const x = a.toFloat32Array();
  const y = e.toFloat32Array();
  expect(x.length).toBe(y.length);
  let worst = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < y.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]) - (atol + rtol * Math.abs(y[i])));
  return worst;
}

beforeEach(() => setKernelMode("auto")); // also under LLMPATH_KERNELS=reference
afterEach(() => setKernelMode(null));

describe("fused attention", () => {
  const cases: [string, number[], number, number, number, boolean][] = [
    // name, batch dims, Tq, Tk, D (Dv = D + 3), causal
    ["causal, several tiles", [1, 3], 150, 150, 16, true],
    ["causal, Tq < Tk", [2], 40, 130, 8, true],
    ["causal, Tq > Tk", [2], 130, 70, 8, true],
    ["full, one partial tile", [2, 2], 17, 23, 5, false],
    ["full, many key tiles", [], 70, 200, 32, false],
  ];
  for (const [name, batch, Tq, Tk, D, isCausal] of cases) {
    it(`matches the composed path: ${name}`, () => {
      manualSeed(7);
      const q = randn([...batch, Tq, D]);
      const k = randn([...batch, Tk, D]).mul(2); // larger scores exercise the running-max rescale
      const v = randn([...batch, Tk, D + 3]);
      const fused = fusedAttention(q, k, v, { scale: 1 / Math.sqrt(D), isCausal });
      expect(fused).not.toBeNull();
      const ref = attentionWithWeights(q, k, v, { isCausal }).out;
      expect(maxExcess(fused!, ref, 1e-5, 1e-4)).toBeLessThanOrEqual(0);
    });
  }

  it("reads transposed (B, T, H, D) → (B, H, T, D) views through their strides", () => {
    manualSeed(8);
    const [q, k, v] = [1, 2, 3].map(() => randn([2, 70, 4, 16]).transpose(1, 2)); // (2, 4, 70, 16), not contiguous
    const fused = fusedAttention(q, k, v, { scale: 0.25, isCausal: true })!;
    const ref = attentionWithWeights(q, k, v, { isCausal: true, scale: 0.25 }).out;
    expect(maxExcess(fused, ref, 1e-5, 1e-4)).toBeLessThanOrEqual(0);
  });

  it("is what F.scaledDotProductAttention runs without grad, and steps aside with grad, masks or reference mode", () => {
    manualSeed(9);
    const q = randn([1, 2, 9, 4], { requiresGrad: true });
    const k = randn([1, 2, 9, 4]);
    const v = randn([1, 2, 9, 4]);
    const ref = attentionWithWeights(q, k, v, { isCausal: true }).out;
    const viaF = noGrad(() => scaledDotProductAttention(q, k, v, { isCausal: true }));
    expect(viaF.gradFn).toBeNull();
    expect(maxExcess(viaF, ref, 1e-5, 1e-4)).toBeLessThanOrEqual(0);
    const withGrad = scaledDotProductAttention(q, k, v, { isCausal: true });
    expect(withGrad.gradFn).not.toBeNull(); // the composed, differentiable path
    setKernelMode("reference");
    expect(fusedAttention(q, k, v, { scale: 0.5, isCausal: true })).toBeNull();
    setKernelMode("auto");
    expect(fusedAttention(q.to("float64"), k, v, { scale: 0.5, isCausal: true })).toBeNull();
  });
});
