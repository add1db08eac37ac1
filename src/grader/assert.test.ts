// Unit tests of the lab assertions and their failure messages.
import { describe, expect, it } from "vitest";
import { expectClose, expectEqual, expectShape, expectThrows, expectTrue } from "./assert.ts";
import { AssertionError } from "./assertion-error.ts";

function failure(fn: () => unknown): AssertionError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AssertionError) return error;
    throw error;
  }
  throw new Error("expected an AssertionError, but nothing was thrown");
}

/** A duck-typed stand-in for an engine tensor. */
function fakeTensor(shape: number[], data: number[]) {
  return { shape, toFloat32Array: () => Float32Array.from(data), tolist: () => data };
}

describe("expectClose", () => {
  it("passes within tolerance for numbers, nested arrays, typed arrays and tensor-likes", () => {
    expectClose(1.000001, 1);
    expectClose([[1, 2], [3, 4]], [[1, 2], [3, 4.000001]]);
    expectClose(Float32Array.of(0.1, 0.2), [0.1, 0.2]);
    expectClose(fakeTensor([2, 2], [1, 2, 3, 4]), [[1, 2], [3, 4]]);
    expectClose(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
  });

  it("reports first index, expected, received, tolerance with numbers, and max abs diff", () => {
    const err = failure(() => expectClose([[1, 2, 3], [4, 5, 6]], [[1, 2, 3], [4, 5.5, 9]], { atol: 1e-3, rtol: 0 }));
    expect(err.details).toMatchObject({
      kind: "close",
      index: [1, 1],
      expected: 5.5,
      received: 5,
      atol: 1e-3,
      rtol: 0,
      maxAbsDiff: 3,
      maxAbsDiffIndex: [1, 2],
      shape: [2, 3],
      mismatches: 2,
      total: 6,
    });
    expect(err.index).toEqual([1, 1]);
    expect(err.message).toContain("at index [1, 1]");
    expect(err.message).toContain("expected: 5.5");
    expect(err.message).toContain("received: 5");
    expect(err.message).toContain("|a − e| ≤ atol + rtol·|e| = 0.001 + 0·5.5 = 0.001, but |a − e| = 0.5");
    expect(err.message).toContain("max abs diff: 3 at [1, 2]");
  });

  it("applies the relative tolerance to |expected|", () => {
    expectClose(1010, 1000, { atol: 0, rtol: 0.01 });
    const err = failure(() => expectClose(1011, 1000, { atol: 0, rtol: 0.01 }));
    expect(err.details.received).toBe(1011);
  });

  it("treats NaN as a mismatch unless equalNan", () => {
    const err = failure(() => expectClose([1, Number.NaN], [1, 2]));
    expect(err.details.index).toEqual([1]);
    expect(err.details.maxAbsDiff).toBe(Number.POSITIVE_INFINITY);
    failure(() => expectClose(Number.NaN, Number.NaN));
    expectClose([Number.NaN], [Number.NaN], { equalNan: true });
  });

  it("reports a shape mismatch instead of broadcasting", () => {
    const err = failure(() => expectClose(fakeTensor([3, 2], [1, 2, 3, 4, 5, 6]), [[1, 2, 3], [4, 5, 6]]));
    expect(err.details).toMatchObject({ kind: "shape", expectedShape: [2, 3], receivedShape: [3, 2] });
    expect(err.message).toContain("expected shape [2, 3], received shape [3, 2]");
  });

  it("explains unusable inputs", () => {
    expect(failure(() => expectClose(undefined, 1)).message).toContain("did the function return anything");
    expect(failure(() => expectClose([[1, 2], [3]], [[1, 2], [3, 4]])).message).toContain("ragged");
    expect(failure(() => expectClose("1", 1)).details.kind).toBe("input");
  });
});

describe("expectShape", () => {
  it("checks tensors and nested arrays", () => {
    expectShape(fakeTensor([2, 3], [0, 0, 0, 0, 0, 0]), [2, 3]);
    expectShape([[1], [2]], [2, 1]);
    const err = failure(() => expectShape([[1], [2]], [1, 2]));
    expect(err.details).toMatchObject({ expectedShape: [1, 2], receivedShape: [2, 1] });
  });
});

describe("expectEqual", () => {
  it("passes on deep-equal values and reports the path of the first difference", () => {
    expectEqual({ a: [1, 2, { b: "x" }], c: new Map([["k", 1]]) }, { a: [1, 2, { b: "x" }], c: new Map([["k", 1]]) });
    const err = failure(() => expectEqual({ rows: [{ name: "a" }, { name: "b" }] }, { rows: [{ name: "a" }, { name: "c" }] }));
    expect(err.details).toMatchObject({ kind: "equal", path: ".rows[1].name", expected: "c", received: "b" });
    expect(err.message).toContain('expected: "c"');
    expect(failure(() => expectEqual([1, 2], [1, 2, 3])).message).toContain("expected length 3, received length 2");
    expect(failure(() => expectEqual(Int32Array.of(1), [1])).message).toContain("expected Array, received Int32Array");
  });
});

describe("expectTrue and expectThrows", () => {
  it("expectTrue carries the message", () => {
    expectTrue(1 < 2, "one is less than two");
    expect(failure(() => expectTrue(false, "k must be positive")).message).toBe("expectTrue: k must be positive");
  });

  it("expectThrows matches the message and returns the error", () => {
    const err = expectThrows(() => {
      throw new RangeError("k = 0 is out of range");
    }, /out of range/);
    expect(err).toBeInstanceOf(RangeError);
    expect(failure(() => expectThrows(() => 1, /x/)).message).toContain("but it returned normally");
    expect(
      failure(() =>
        expectThrows(() => {
          throw new Error("other");
        }, "range"),
      ).message,
    ).toContain('matching "range", but it threw Error: other');
  });

  it("expectThrows handles async functions", async () => {
    await expectThrows(async () => {
      throw new Error("async boom");
    }, /boom/);
    await expect(expectThrows(async () => 1, /boom/)).rejects.toThrow(/returned normally/);
  });
});

describe("expectClose on float64 tensors", () => {
  const f64 = (data: number[]) => ({
    shape: [data.length],
    toFloat32Array: () => Float32Array.from(data),
    toFloat64Array: () => Float64Array.from(data),
  });
  it("compares at float64 precision when the tensor offers it", () => {
    const a = f64([1 + 1e-12]);
    expect(() => expectClose(a, [1 + 1e-12], { atol: 0, rtol: 1e-15 })).not.toThrow();
    expect(() => expectClose(f64([1 + 1e-9]), [1], { atol: 0, rtol: 1e-12 })).toThrow(/index/);
  });
});
