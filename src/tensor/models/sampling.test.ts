// Tests for next-token sampling: greedy, top-k restriction, inverse-CDF mapping, seeded generator determinism.
import { describe, expect, it } from "vitest";
import { sampleToken, seededUniforms } from "./sampling.ts";

describe("sampleToken", () => {
  const logits = [Math.log(0.1), Math.log(0.2), Math.log(0.3), Math.log(0.4)];

  it("is greedy at temperature 0 (first index on ties)", () => {
    expect(sampleToken(logits, 0, undefined, 0.99)).toBe(3);
    expect(sampleToken([1, 5, 5], 0, undefined, 0)).toBe(1);
  });

  it("maps u through the cumulative distribution", () => {
    // cumulative 0.1, 0.3, 0.6, 1.0
    expect([0, 0.05, 0.15, 0.35, 0.65, 0.999].map((u) => sampleToken(logits, 1, undefined, u))).toEqual([0, 0, 1, 2, 3, 3]);
  });

  it("keeps only the top k logits", () => {
    // top-2: tokens 2, 3 with probabilities 3/7, 4/7
    expect([0, 0.42, 0.43, 0.99].map((u) => sampleToken(logits, 1, 2, u))).toEqual([2, 2, 3, 3]);
    expect(sampleToken(logits, 1, 1, 0)).toBe(3);
  });
});

describe("seededUniforms", () => {
  it("is deterministic per seed, in [0, 1), and differs across seeds", () => {
    const a = seededUniforms(42);
    const b = seededUniforms(42);
    const c = seededUniforms(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });
});
