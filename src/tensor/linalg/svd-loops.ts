// The inner loops of the SVD kernel (svd-kernel.ts) over column-major float64 storage: dot products, plane rotations, sweeps.

/** Σ buf[xo + i]·buf[yo + i] for i < len, with four partial sums (a single running sum is bound by add latency). */
export function dot(buf: Float64Array, xo: number, yo: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    s0 += buf[xo + i]! * buf[yo + i]!;
    s1 += buf[xo + i + 1]! * buf[yo + i + 1]!;
    s2 += buf[xo + i + 2]! * buf[yo + i + 2]!;
    s3 += buf[xo + i + 3]! * buf[yo + i + 3]!;
  }
  for (; i < len; i++) s0 += buf[xo + i]! * buf[yo + i]!;
  return s0 + s1 + (s2 + s3);
}

/** Apply the plane rotation [c s; -s c] to contiguous columns x = buf[xo..xo+len), y = buf[yo..yo+len). */
export function rotate(buf: Float64Array, xo: number, yo: number, len: number, cs: number, sn: number): void {
  for (let i = 0; i < len; i++) {
    const x = buf[xo + i]!;
    const y = buf[yo + i]!;
    buf[xo + i] = cs * x + sn * y;
    buf[yo + i] = -sn * x + cs * y;
  }
}

/**
 * Apply rotations r = 0..count−1, rotation r being [c s; −s c] on columns (k+r, k+r+1) with c = cs[k+r], s = sn[k+r],
 * in that order, to the column-major `buf` (leading dimension ld, `rows` rows). Each row carries the running column in a
 * register, four rows at a time, so every element is loaded and stored once per sweep instead of once per rotation.
 */
export function applySweep(buf: Float64Array, ld: number, rows: number, k: number, count: number, cs: Float64Array, sn: Float64Array): void {
  if (count <= 0) return;
  const end = k + count;
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    let o = k * ld + i;
    let x0 = buf[o]!;
    let x1 = buf[o + 1]!;
    let x2 = buf[o + 2]!;
    let x3 = buf[o + 3]!;
    for (let j = k; j < end; j++) {
      const c = cs[j]!;
      const s = sn[j]!;
      const q = o + ld;
      const y0 = buf[q]!;
      const y1 = buf[q + 1]!;
      const y2 = buf[q + 2]!;
      const y3 = buf[q + 3]!;
      buf[o] = c * x0 + s * y0;
      buf[o + 1] = c * x1 + s * y1;
      buf[o + 2] = c * x2 + s * y2;
      buf[o + 3] = c * x3 + s * y3;
      x0 = -s * x0 + c * y0;
      x1 = -s * x1 + c * y1;
      x2 = -s * x2 + c * y2;
      x3 = -s * x3 + c * y3;
      o = q;
    }
    buf[o] = x0;
    buf[o + 1] = x1;
    buf[o + 2] = x2;
    buf[o + 3] = x3;
  }
  for (; i < rows; i++) {
    let o = k * ld + i;
    let x = buf[o]!;
    for (let j = k; j < end; j++) {
      const q = o + ld;
      const y = buf[q]!;
      buf[o] = cs[j]! * x + sn[j]! * y;
      x = -sn[j]! * x + cs[j]! * y;
      o = q;
    }
    buf[o] = x;
  }
}

export function swapColumns(buf: Float64Array, xo: number, yo: number, len: number): void {
  for (let i = 0; i < len; i++) {
    const t = buf[xo + i]!;
    buf[xo + i] = buf[yo + i]!;
    buf[yo + i] = t;
  }
}
