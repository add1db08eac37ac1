// Unit tests of number/shape formatting, index unravelling, text capping and numeric input reading.
import { describe, expect, it } from "vitest";
import { describeValue, formatNumber, formatShape, unravelIndex } from "./format.ts";
import { toNumeric } from "./numeric.ts";
import { capText } from "./protocol.ts";

describe("formatNumber", () => {
  it("keeps integers, trims zeros and switches to exponents for tiny values", () => {
    expect(formatNumber(32)).toBe("32");
    expect(formatNumber(0.5)).toBe("0.5");
    expect(formatNumber(1 / 3)).toBe("0.33333333");
    expect(formatNumber(1.3e-6)).toBe("1.3e-6");
    expect(formatNumber(Number.NaN)).toBe("NaN");
    expect(formatNumber(-Number.POSITIVE_INFINITY)).toBe("-Infinity");
  });
});

describe("unravelIndex", () => {
  it("turns a row-major offset into a multi-index", () => {
    expect(unravelIndex(0, [])).toEqual([]);
    expect(unravelIndex(5, [2, 3])).toEqual([1, 2]);
    expect(unravelIndex(13, [2, 3, 4])).toEqual([1, 0, 1]);
    expect(formatShape([2, 3])).toBe("[2, 3]");
  });
});

describe("toNumeric", () => {
  it("reads nested arrays, typed arrays and tolist() objects", () => {
    expect(toNumeric([[1, 2, 3], [4, 5, 6]], "x").shape).toEqual([2, 3]);
    expect(Array.from(toNumeric([[true, false]], "x").data)).toEqual([1, 0]);
    expect(toNumeric(BigInt64Array.of(1n, 2n), "x").data).toEqual([1, 2]);
    expect(toNumeric({ tolist: () => [[1], [2]] }, "x").shape).toEqual([2, 1]);
    expect(toNumeric([], "x").shape).toEqual([0]);
  });

  it("names the offending element of a ragged or non-numeric array", () => {
    expect(() => toNumeric([[1, 2], [3]], "expectClose: received value")).toThrow(/^expectClose: received value: ragged array: the row at \[1\] has 1 elements/);
    expect(() => toNumeric([[1, "2"]], "x")).toThrow(/element at \[0, 1\] is a string/);
  });
});

describe("capText and describeValue", () => {
  it("cuts long text and says how much was dropped", () => {
    expect(capText("abc", 5)).toBe("abc");
    expect(capText("abcdefgh", 5)).toBe("abcde\n… [truncated: 3 more characters]");
    expect(capText("abc", 5, 10)).toBe("abc\n… [truncated: 10 more characters]");
    expect(describeValue("x".repeat(200)).length).toBe(120);
    expect(describeValue(Float32Array.of(1, 2))).toBe("Float32Array(2) [1, 2]");
  });
});
