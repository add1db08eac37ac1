// Pure round-to-nearest (RTN) quantisation kernels on flat row-major arrays, computed in float64.
//
// int8 per-channel (symmetric):   scale_r = max_j |W[r,j]| / 127;  q = clamp(round(W / scale_r), −127, 127);  W' = q · scale_r
// group-wise (asymmetric, b bits): per group of `groupSize` consecutive columns of a row,
//   scale = (max − min) / (2^b − 1);  zero = round(−min / scale);  q = clamp(round(W / scale) + zero, 0, 2^b − 1);  W' = (q − zero) · scale
// `round` is round-half-to-even, like torch.round.

/** Round to the nearest integer, ties to even (torch.round / numpy.round semantics). */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

export interface PerChannelQuant {
  q: Int32Array;
  /** one scale per row; 0 for an all-zero row (whose q is all 0) */
  scale: Float64Array;
}

/** Symmetric int8 quantisation with one scale per row of a rows×cols matrix. */
export function quantizeInt8PerChannelKernel(w: ArrayLike<number>, rows: number, cols: number): PerChannelQuant {
  const q = new Int32Array(rows * cols);
  const scale = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let amax = 0;
    for (let j = 0; j < cols; j++) amax = Math.max(amax, Math.abs(w[r * cols + j]!));
    const s = amax / 127;
    scale[r] = s;
    if (s === 0) continue;
    for (let j = 0; j < cols; j++) q[r * cols + j] = Math.min(127, Math.max(-127, roundHalfEven(w[r * cols + j]! / s)));
  }
  return { q, scale };
}

export interface GroupwiseQuant {
  q: Int32Array;
  /** rows × (cols / groupSize) */
  scale: Float64Array;
  /** rows × (cols / groupSize); may lie outside [0, 2^b − 1] when a group does not straddle 0 (formula as stated) */
  zero: Float64Array;
}

/**
 * Asymmetric group-wise quantisation. A constant group c (max = min) has no range to split;
 * it gets scale |c| (1 if c = 0) and zero −sign(c), which reproduces c exactly.
 */
export function quantizeGroupwiseKernel(w: ArrayLike<number>, rows: number, cols: number, bits: number, groupSize: number): GroupwiseQuant {
  const groups = cols / groupSize;
  const qmax = 2 ** bits - 1;
  const q = new Int32Array(rows * cols);
  const scale = new Float64Array(rows * groups);
  const zero = new Float64Array(rows * groups);
  for (let r = 0; r < rows; r++) {
    for (let g = 0; g < groups; g++) {
      const start = r * cols + g * groupSize;
      let mn = Number.POSITIVE_INFINITY;
      let mx = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < groupSize; j++) {
        const v = w[start + j]!;
        if (v < mn) mn = v;
        if (v > mx) mx = v;
      }
      let s = (mx - mn) / qmax;
      if (s === 0) s = mn === 0 ? 1 : Math.abs(mn);
      const z = roundHalfEven(-mn / s);
      scale[r * groups + g] = s;
      zero[r * groups + g] = z;
      for (let j = 0; j < groupSize; j++) {
        q[start + j] = Math.min(qmax, Math.max(0, roundHalfEven(w[start + j]! / s) + z));
      }
    }
  }
  return { q, scale, zero };
}

/** W' = (q − zero) · scale for the group-wise layout. */
export function dequantizeGroupwiseKernel(q: ArrayLike<number>, scale: ArrayLike<number>, zero: ArrayLike<number>, rows: number, cols: number, groupSize: number): Float64Array {
  const groups = cols / groupSize;
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      const g = r * groups + Math.floor(j / groupSize);
      out[r * cols + j] = (q[r * cols + j]! - zero[g]!) * scale[g]!;
    }
  }
  return out;
}
