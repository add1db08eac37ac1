// allclose/assertClose semantics and the failure message (shape, index, expected, received, max diff, tolerance).
import { describe, expect, it } from "vitest";
import { allclose, assertClose, tensor } from "../core.ts";

describe("allclose / assertClose", () => {
  it("uses |a − e| ≤ atol + rtol·|e|", () => {
    expect(allclose(tensor([1, 100]), [1.05, 101], { atol: 0.1, rtol: 0.01 })).toBe(true);
    expect(allclose(tensor([1, 100]), [1.2, 101], { atol: 0.1, rtol: 0.01 })).toBe(false);
    expect(allclose(tensor([Number.NaN, Number.POSITIVE_INFINITY]), [Number.NaN, Number.POSITIVE_INFINITY])).toBe(true);
    expect(allclose(tensor([Number.POSITIVE_INFINITY]), [Number.NEGATIVE_INFINITY])).toBe(false);
  });

  it("the failure message names shape, index, values, max diff and tolerance", () => {
    const a = tensor([[1, 2], [3, 5]]);
    expect(() => assertClose(a, [[1, 2], [3, 4]], { atol: 1e-3, rtol: 0, name: "logits" })).toThrow(
      "logits: mismatch at index [1,1] of shape [2,2]: expected 4, received 5; max abs diff 1; tolerance |a−e| ≤ atol + rtol·|e| with atol=0.001, rtol=0",
    );
    expect(() => assertClose(a, [1, 2, 3])).toThrow("assertClose: shape mismatch: expected [3], received [2,2]");
  });
});
