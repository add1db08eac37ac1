// quant unit tests: round half to even, edge groups, exact representable values, bad input.
import { describe, expect, it } from "vitest";
import { tensor } from "../core.ts";
import { dequantizeGroupwise, dequantizeInt8PerChannel, quantizeGroupwise, quantizeInt8PerChannel, roundHalfEven } from "./index.ts";

describe("quant", () => {
  it("rounds half to even like torch.round", () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999, 2.5001].map((x) => roundHalfEven(x) + 0)).toEqual([0, 2, 2, 0, -2, -2, 2, 3]);
  });

  it("int8: a row's max maps to ±127 and ties round to even", () => {
    // scale = 127/127 = 1 → 2.5 → 2, 3.5 → 4, −127 stays.
    const { q, scale } = quantizeInt8PerChannel(tensor([[127, 2.5, 3.5, -127], [0, 0, 0, 0]]));
    expect(q.tolist()).toEqual([[127, 2, 4, -127], [0, 0, 0, 0]]);
    expect(scale.tolist()).toEqual([[1], [0]]);
    expect(dequantizeInt8PerChannel(q, scale).tolist()).toEqual([[127, 2, 4, -127], [0, 0, 0, 0]]);
  });

  it("group-wise: a grid-aligned group is reproduced exactly, constant groups too", () => {
    const W = tensor([[0, 1, 2, 15, 5, 5, 5, 5], [-1, -1, -1, -1, 0, 0, 0, 0]]);
    const qz = quantizeGroupwise(W, { bits: 4, groupSize: 4 });
    expect(dequantizeGroupwise(qz).tolist()).toEqual(W.tolist());
    expect((qz.q.tolist() as number[][])[0]).toEqual([0, 1, 2, 15, 0, 0, 0, 0]);
  });

  it("rejects bad weights and options naming the problem", () => {
    expect(() => quantizeInt8PerChannel(tensor([1, 2]))).toThrow(/quant.quantizeInt8PerChannel: expected a 2-D weight \(out_features, in_features\), got \[2\]/);
    expect(() => quantizeGroupwise(tensor([[1, 2, 3]]), { groupSize: 2 })).toThrow(/groupSize 2 must be a positive divisor of in_features 3/);
    expect(() => quantizeGroupwise(tensor([[1, 2]]), { bits: 9, groupSize: 2 })).toThrow(/bits must be an integer in 2..8, got 9/);
    expect(() => quantizeInt8PerChannel(tensor(Int32Array.from([1, 2]), { shape: [1, 2] }))).toThrow(/expected a float weight, got int32/);
  });
});
