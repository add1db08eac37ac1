// The inner loops of the SVD kernel (svd-kernel.ts) over one float64 heap, addressed by element offsets: the readable
// reference. src/tensor/kernels/svd.wat implements the same interface on WebAssembly SIMD; both pass the same tests.
//
// Rotation logs (see replay): entries 1, k, count, c₀, s₀, …  (a sweep: rotation r on columns (k+r, k+r+1)) and
// 2, j₁, j₂, c, s (one rotation on columns (j₁, j₂)). A rotation [c s; −s c] maps (x, y) to (c·x + s·y, c·y − s·x).

export const SWEEP = 1;
export const PAIR = 2;

/** The loops the SVD spends its time in. Offsets index the heap returned by `heap`. */
export interface SvdLoops {
  /** Which implementation this is (tests, diagnostics). */
  readonly name: "reference" | "wasm-simd";
  /** A heap of at least `size` float64 values (contents unspecified); valid until the next call of `heap`. */
  heap(size: number): Float64Array;
  /** Σ h[x + i]·h[y + i] for i < len. */
  dot(h: Float64Array, x: number, y: number, len: number): number;
  /** h[y + i] += t·h[x + i] for i < len. */
  axpy(h: Float64Array, t: number, x: number, y: number, len: number): void;
  /** h[y + i] += t·h[x + i], then h[w + i] += e·h[y + i] (the new value), for i < len. */
  axpyAcc(h: Float64Array, t: number, x: number, y: number, len: number, e: number, w: number): void;
  /** Apply the rotation log h[log0..log1) to rows [r0, r1) of the column-major matrix at `buf` (leading dimension ld). */
  replay(h: Float64Array, buf: number, ld: number, r0: number, r1: number, log0: number, log1: number): void;
  /** Run independent replays (disjoint rows), in any order or at once; `scratch` is free heap space for 6·tasks int32. */
  replayAll(h: Float64Array, tasks: readonly ReplayTask[], scratch: number): void;
}

/** One replay: rows [r0, r1) of the matrix at `buf` (leading dimension ld), log h[log0..log1). */
export interface ReplayTask {
  buf: number;
  ld: number;
  r0: number;
  r1: number;
  log0: number;
  log1: number;
}

function dot(h: Float64Array, x: number, y: number, len: number): number {
  // four partial sums: a single running sum is bound by the latency of addition
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    s0 += h[x + i]! * h[y + i]!;
    s1 += h[x + i + 1]! * h[y + i + 1]!;
    s2 += h[x + i + 2]! * h[y + i + 2]!;
    s3 += h[x + i + 3]! * h[y + i + 3]!;
  }
  for (; i < len; i++) s0 += h[x + i]! * h[y + i]!;
  return s0 + s1 + (s2 + s3);
}

function axpy(h: Float64Array, t: number, x: number, y: number, len: number): void {
  for (let i = 0; i < len; i++) h[y + i]! += t * h[x + i]!;
}

function axpyAcc(h: Float64Array, t: number, x: number, y: number, len: number, e: number, w: number): void {
  for (let i = 0; i < len; i++) {
    const v = h[y + i]! + t * h[x + i]!;
    h[y + i] = v;
    h[w + i]! += e * v;
  }
}

/**
 * Rows [r0, r1) of columns k … k+count: the sweep's rotations in order, coefficients (c, s) from h[coef] on.
 * Each row carries its running column in a register, four rows at a time, so every element is loaded and stored
 * once per sweep instead of once per rotation.
 */
function sweep(h: Float64Array, buf: number, ld: number, r0: number, r1: number, k: number, count: number, coef: number): void {
  const end = coef + 2 * count;
  let i = r0;
  for (; i + 4 <= r1; i += 4) {
    let o = buf + k * ld + i;
    let x0 = h[o]!;
    let x1 = h[o + 1]!;
    let x2 = h[o + 2]!;
    let x3 = h[o + 3]!;
    for (let cp = coef; cp < end; cp += 2) {
      const c = h[cp]!;
      const s = h[cp + 1]!;
      const q = o + ld;
      const y0 = h[q]!;
      const y1 = h[q + 1]!;
      const y2 = h[q + 2]!;
      const y3 = h[q + 3]!;
      h[o] = c * x0 + s * y0;
      h[o + 1] = c * x1 + s * y1;
      h[o + 2] = c * x2 + s * y2;
      h[o + 3] = c * x3 + s * y3;
      x0 = c * y0 - s * x0;
      x1 = c * y1 - s * x1;
      x2 = c * y2 - s * x2;
      x3 = c * y3 - s * x3;
      o = q;
    }
    h[o] = x0;
    h[o + 1] = x1;
    h[o + 2] = x2;
    h[o + 3] = x3;
  }
  for (; i < r1; i++) {
    let o = buf + k * ld + i;
    let x = h[o]!;
    for (let cp = coef; cp < end; cp += 2) {
      const q = o + ld;
      const y = h[q]!;
      h[o] = h[cp]! * x + h[cp + 1]! * y;
      x = h[cp]! * y - h[cp + 1]! * x;
      o = q;
    }
    h[o] = x;
  }
}

function pair(h: Float64Array, buf: number, ld: number, r0: number, r1: number, j1: number, j2: number, c: number, s: number): void {
  const px = buf + j1 * ld;
  const py = buf + j2 * ld;
  for (let i = r0; i < r1; i++) {
    const x = h[px + i]!;
    const y = h[py + i]!;
    h[px + i] = c * x + s * y;
    h[py + i] = c * y - s * x;
  }
}

function replay(h: Float64Array, buf: number, ld: number, r0: number, r1: number, log0: number, log1: number): void {
  let q = log0;
  while (q < log1) {
    if (h[q] === SWEEP) {
      const count = h[q + 2]!;
      sweep(h, buf, ld, r0, r1, h[q + 1]!, count, q + 3);
      q += 3 + 2 * count;
    } else {
      pair(h, buf, ld, r0, r1, h[q + 1]!, h[q + 2]!, h[q + 3]!, h[q + 4]!);
      q += 5;
    }
  }
}

export const referenceLoops: SvdLoops = {
  name: "reference",
  heap: (size) => new Float64Array(size),
  dot,
  axpy,
  axpyAcc,
  replay,
  replayAll(h, tasks) {
    for (const t of tasks) replay(h, t.buf, t.ld, t.r0, t.r1, t.log0, t.log1);
  },
};
