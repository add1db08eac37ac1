// Tests for f16/bf16 conversion: known bit patterns, ties to even, subnormals, inf/NaN, exhaustive round trips.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bf16BitsToNumber,
  decodeBf16,
  decodeF16,
  encodeBf16,
  encodeF16,
  f16BitsToNumber,
  f32BitsToBf16Bits,
  f32BitsToF16Bits,
  float32Bits,
} from "./half.ts";

const toF16 = (x: number) => f32BitsToF16Bits(float32Bits(x));
const toBf16 = (x: number) => f32BitsToBf16Bits(float32Bits(x));

describe("f16", () => {
  it("encodes known values (normals, limits, ties to even, subnormals, specials)", () => {
    const cases: [number, number][] = [
      [0, 0x0000],
      [-0, 0x8000],
      [1, 0x3c00],
      [-2, 0xc000],
      [65504, 0x7bff], // max finite
      [65519, 0x7bff],
      [65520, 0x7c00], // halfway to 65536 → ties to even → inf
      [1e10, 0x7c00],
      [-1e10, 0xfc00],
      [Number.POSITIVE_INFINITY, 0x7c00],
      [Number.NEGATIVE_INFINITY, 0xfc00],
      [2 ** -14, 0x0400], // smallest normal
      [2 ** -24, 0x0001], // smallest subnormal
      [2 ** -25, 0x0000], // tie between 0 and 2^-24 → even (0)
      [1.5 * 2 ** -25, 0x0001],
      [3 * 2 ** -25, 0x0002], // tie between 1 and 2 units → even (2)
      [2 ** -14 - 2 ** -25, 0x0400], // tie between largest subnormal and smallest normal → even
      [1 + 2 ** -11, 0x3c00], // tie → even mantissa
      [1 + 3 * 2 ** -11, 0x3c02], // tie → even mantissa (rounds up)
      [0.1, 0x2e66],
      [1e-8, 0x0000],
    ];
    for (const [x, bits] of cases) expect(toF16(x), `f16(${x})`).toBe(bits);
    expect(toF16(Number.NaN) & 0x7e00).toBe(0x7e00);
  });

  it("decodes every bit pattern exactly and re-encodes it to itself", () => {
    for (let h = 0; h < 0x10000; h++) {
      const v = f16BitsToNumber(h);
      if (Number.isNaN(v)) {
        expect((h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0).toBe(true);
        continue;
      }
      expect(toF16(v)).toBe(h);
    }
    expect(Array.from(decodeF16(Uint16Array.from([0x3c00, 0x0001, 0xfc00])))).toEqual([1, 2 ** -24, -Infinity]);
  });

  it("rounds any float32 to the nearest f16, ties to even (property)", () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, min: -70000, max: 70000 }), (x) => {
        const h = toF16(x);
        const v = f16BitsToNumber(h);
        if (!Number.isFinite(v)) {
          expect(Math.abs(x)).toBeGreaterThanOrEqual(65520);
          return;
        }
        const err = Math.abs(x - v);
        for (const nb of [h - 1, h + 1]) {
          if ((nb & 0x7fff) >= 0x7c00 || nb < 0 || ((nb ^ h) & 0x8000) !== 0) continue;
          const other = Math.abs(x - f16BitsToNumber(nb));
          expect(err).toBeLessThanOrEqual(other);
          if (err === other) expect(h & 1).toBe(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("bf16", () => {
  it("encodes known values", () => {
    const cases: [number, number][] = [
      [0, 0x0000],
      [-0, 0x8000],
      [1, 0x3f80],
      [1 + 2 ** -8, 0x3f80], // tie → even
      [1 + 3 * 2 ** -8, 0x3f82], // tie → even (up)
      [1 + 2 ** -8 + 2 ** -20, 0x3f81], // just above the tie
      [3.4028234663852886e38, 0x7f80], // max float32 rounds to inf
      [Number.NEGATIVE_INFINITY, 0xff80],
      [2 ** -133, 0x0001], // float32 subnormal survives
    ];
    for (const [x, bits] of cases) expect(toBf16(x), `bf16(${x})`).toBe(bits);
    expect(toBf16(Number.NaN) & 0x7fc0).toBe(0x7fc0);
  });

  it("round-trips every bit pattern and values representable in bf16 exactly", () => {
    for (let b = 0; b < 0x10000; b++) {
      const v = bf16BitsToNumber(b);
      if (Number.isNaN(v)) continue;
      expect(toBf16(v)).toBe(b);
    }
    const vals = [0.5, -3.75, 1.5 * 2 ** 66, 2 ** -100];
    expect(Array.from(decodeBf16(encodeBf16(vals)))).toEqual(vals);
    expect(Array.from(decodeF16(encodeF16(vals.slice(0, 2))))).toEqual(vals.slice(0, 2));
  });

  it("keeps the relative error within 2^-8 (half an ulp) for normal values (property)", () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e30), max: Math.fround(1e30) }), (x) => {
        if (Math.abs(x) < 1e-30) return;
        const v = bf16BitsToNumber(toBf16(x));
        expect(Math.abs(v - x)).toBeLessThanOrEqual(Math.abs(x) * 2 ** -8);
      }),
      { numRuns: 1000 },
    );
  });
});
