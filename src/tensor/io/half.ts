// IEEE half (f16) and bfloat16 (bf16) <-> float32 conversion, round-to-nearest-even, subnormals, inf and NaN.
//
// Both directions go through float32 bits, as PyTorch does (a float64 value is first rounded to
// float32, then to f16/bf16 — the same double rounding torch's `.half()` on a double tensor does).

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Bits of the float32 nearest to x. */
export function float32Bits(x: number): number {
  f32[0] = x;
  return u32[0]!;
}

/** float32 value of the given bits. */
export function float32FromBits(bits: number): number {
  u32[0] = bits >>> 0;
  return f32[0]!;
}

/** float32 bits → f16 bits, round to nearest, ties to even. */
export function f32BitsToF16Bits(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return mant !== 0 ? sign | 0x7e00 | (mant >>> 13) : sign | 0x7c00; // NaN stays quiet NaN
  const e = exp - 127 + 15; // rebiased exponent
  if (e >= 31) return sign | 0x7c00; // overflow → ±inf
  if (e <= 0) {
    // f16 subnormal (or zero): value = round(M · 2^(e−14)) units of 2^-24, M = 1.mant as integer.
    if (e < -10) return sign; // below half of the smallest subnormal → ±0
    const m = mant | 0x800000;
    const shift = 14 - e; // 14..24
    let r = m >>> shift;
    const rem = m & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && (r & 1) === 1)) r++;
    return sign | r; // r = 0x400 is correctly the smallest normal
  }
  let r = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (r & 1) === 1)) r++; // a carry may roll into the exponent, up to inf
  return sign | r;
}

/** f16 bits → float value (exact). */
export function f16BitsToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant !== 0 ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

let f16Table: Float32Array | null = null;

/** All 65536 f16 values as float32, built on first use. */
export function f16Table32(): Float32Array {
  if (f16Table === null) {
    f16Table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) f16Table[h] = f16BitsToNumber(h);
  }
  return f16Table;
}

/** float32 bits → bf16 bits, round to nearest, ties to even; NaN stays a quiet NaN. */
export function f32BitsToBf16Bits(x: number): number {
  if ((x & 0x7f800000) === 0x7f800000 && (x & 0x7fffff) !== 0) return ((x >>> 16) & 0xffff) | 0x40;
  const lsb = (x >>> 16) & 1;
  return ((x + 0x7fff + lsb) >>> 16) & 0xffff; // overflow of the max finite rounds to inf, as it should
}

/** bf16 bits → float value (exact). */
export function bf16BitsToNumber(b: number): number {
  return float32FromBits((b & 0xffff) << 16);
}

/** Round every value to f16 and return the bits. */
export function encodeF16(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = f32BitsToF16Bits(float32Bits(values[i]!));
  return out;
}

/** Round every value to bf16 and return the bits. */
export function encodeBf16(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = f32BitsToBf16Bits(float32Bits(values[i]!));
  return out;
}

/** Decode f16 bits to float32 values. */
export function decodeF16(bits: Uint16Array): Float32Array {
  const table = f16Table32();
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = table[bits[i]!]!;
  return out;
}

/** Decode bf16 bits to float32 values. */
export function decodeBf16(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  const words = new Uint32Array(out.buffer);
  for (let i = 0; i < bits.length; i++) words[i] = bits[i]! << 16;
  return out;
}
