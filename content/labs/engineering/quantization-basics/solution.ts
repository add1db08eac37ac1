// Quantization basics: reference solution — round half to even, symmetric and asymmetric RTN at three granularities, error table.
import { type Tensor, tensor } from "llmpath/tensor";

export type Granularity = "tensor" | "channel" | "group";

export interface QuantOptions {
  /** bits per weight, 2..8 */
  bits: number;
  /** one scale for the whole matrix, one per output row, or one per `groupSize` consecutive columns of a row */
  granularity: Granularity;
  /** columns per group (only for "group"); must divide in_features */
  groupSize?: number;
}

export interface Quantized {
  /** int32 codes, same shape as W */
  q: Tensor;
  /** float32 (1, 1) per tensor, (rows, 1) per channel, (rows, cols / groupSize) per group */
  scale: Tensor;
  /** integral float32 zero points, same shape as scale; null for symmetric quantization */
  zero: Tensor | null;
}

/** Task 1: round to the nearest integer, ties to the even neighbour (torch.round). */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Block layout shared by both quantizers: how many rows and columns one scale covers. */
function layout(op: string, W: Tensor, opts: QuantOptions): { rows: number; cols: number; br: number; bc: number } {
  if (W.dim() !== 2) throw new Error(`${op}: expected a 2-D weight (out_features, in_features), got [${W.shape.join(", ")}]`);
  if (!Number.isInteger(opts.bits) || opts.bits < 2 || opts.bits > 8) throw new Error(`${op}: bits must be an integer in 2..8, got ${opts.bits}`);
  const [rows, cols] = W.shape as [number, number];
  if (opts.granularity === "tensor") return { rows, cols, br: rows, bc: cols };
  if (opts.granularity === "channel") return { rows, cols, br: 1, bc: cols };
  const g = opts.groupSize ?? 0;
  if (!Number.isInteger(g) || g < 1 || cols % g !== 0) {
    throw new Error(`${op}: groupSize ${opts.groupSize} must be a positive divisor of in_features ${cols}`);
  }
  return { rows, cols, br: 1, bc: g };
}

/** Visits every block: (first row, first column, block index) with the layout's block sizes. */
function forEachBlock(rows: number, cols: number, br: number, bc: number, fn: (r0: number, c0: number, b: number) => void): void {
  let b = 0;
  for (let r0 = 0; r0 < rows; r0 += br) for (let c0 = 0; c0 < cols; c0 += bc) fn(r0, c0, b++);
}

/** Task 2: symmetric RTN. qmax = 2^(b−1) − 1, scale = max|w| / qmax, q = clamp(round(w / scale), −qmax, qmax). */
export function quantizeSymmetric(W: Tensor, opts: QuantOptions): Quantized {
  const { rows, cols, br, bc } = layout("quantizeSymmetric", W, opts);
  const w = W.toFloat64Array();
  const qmax = 2 ** (opts.bits - 1) - 1;
  const q = new Int32Array(rows * cols);
  const scale = new Float32Array((rows / br) * (cols / bc));
  forEachBlock(rows, cols, br, bc, (r0, c0, b) => {
    let amax = 0;
    for (let r = r0; r < r0 + br; r++) for (let c = c0; c < c0 + bc; c++) amax = Math.max(amax, Math.abs(w[r * cols + c]!));
    const s = amax / qmax;
    scale[b] = s;
    if (s === 0) return; // an all-zero block: codes stay 0
    for (let r = r0; r < r0 + br; r++) {
      for (let c = c0; c < c0 + bc; c++) q[r * cols + c] = Math.min(qmax, Math.max(-qmax, roundHalfEven(w[r * cols + c]! / s)));
    }
  });
  return { q: tensor(q, { shape: [rows, cols], dtype: "int32" }), scale: tensor(scale, { shape: [rows / br, cols / bc] }), zero: null };
}

/** Task 3: asymmetric RTN. scale = (max − min)/(2^b − 1), zero = round(−min/scale), q = clamp(round(w/scale) + zero, 0, 2^b − 1). */
export function quantizeAsymmetric(W: Tensor, opts: QuantOptions): Quantized {
  const { rows, cols, br, bc } = layout("quantizeAsymmetric", W, opts);
  const w = W.toFloat64Array();
  const qmax = 2 ** opts.bits - 1;
  const q = new Int32Array(rows * cols);
  const nb = (rows / br) * (cols / bc);
  const scale = new Float32Array(nb);
  const zero = new Float32Array(nb);
  forEachBlock(rows, cols, br, bc, (r0, c0, b) => {
    let mn = Number.POSITIVE_INFINITY;
    let mx = Number.NEGATIVE_INFINITY;
    for (let r = r0; r < r0 + br; r++) {
      for (let c = c0; c < c0 + bc; c++) {
        mn = Math.min(mn, w[r * cols + c]!);
        mx = Math.max(mx, w[r * cols + c]!);
      }
    }
    let s = (mx - mn) / qmax;
    if (s === 0) s = mn === 0 ? 1 : Math.abs(mn); // a constant block: any scale that hits it exactly
    const z = roundHalfEven(-mn / s);
    scale[b] = s;
    zero[b] = z;
    for (let r = r0; r < r0 + br; r++) {
      for (let c = c0; c < c0 + bc; c++) q[r * cols + c] = Math.min(qmax, Math.max(0, roundHalfEven(w[r * cols + c]! / s) + z));
    }
  });
  const shape = [rows / br, cols / bc];
  return { q: tensor(q, { shape: [rows, cols], dtype: "int32" }), scale: tensor(scale, { shape }), zero: tensor(zero, { shape }) };
}

/** Task 2 (and 3): W' = (q − zero) · scale, each scale spread over its block of W. */
export function dequantize(qz: Quantized): Tensor {
  const [rows, cols] = qz.q.shape as [number, number];
  const [sr, sc] = qz.scale.shape as [number, number];
  const br = rows / sr; // rows per block
  const bc = cols / sc; // columns per block
  const spread = (t: Tensor) => t.reshape(sr, 1, sc, 1).expand(sr, br, sc, bc).reshape(rows, cols); // (sr, sc) → (rows, cols)
  const centred = qz.zero ? qz.q.float().sub(spread(qz.zero)) : qz.q.float();
  return centred.mul(spread(qz.scale));
}

export interface ErrorRow {
  bits: number;
  /** √(mean (W − W')²) */
  rmse: number;
  /** 10·log10(Σ W² / Σ (W − W')²) */
  sqnrDb: number;
  /** storage per weight including fp16 scales (and fp16 zeros when asymmetric) */
  bitsPerWeight: number;
}

/** Task 4: bits per weight = (rows·cols·bits + blocks·16 (+ blocks·16 for zeros)) / (rows·cols). */
export function bitsPerWeight(bits: number, rows: number, cols: number, opts: { granularity: Granularity; groupSize?: number; symmetric: boolean }): number {
  const blocks = opts.granularity === "tensor" ? 1 : opts.granularity === "channel" ? rows : rows * (cols / (opts.groupSize ?? cols));
  return (rows * cols * bits + blocks * 16 * (opts.symmetric ? 1 : 2)) / (rows * cols);
}

/** Task 4: quantize W at every bit-width and report the error of W' = dequantize(quantize(W)). */
export function errorTable(W: Tensor, bitsList: number[], opts: { granularity: Granularity; groupSize?: number; symmetric: boolean }): ErrorRow[] {
  const w = W.toFloat64Array();
  const [rows, cols] = W.shape as [number, number];
  return bitsList.map((bits) => {
    const o = { bits, granularity: opts.granularity, groupSize: opts.groupSize };
    const wq = dequantize(opts.symmetric ? quantizeSymmetric(W, o) : quantizeAsymmetric(W, o)).toFloat64Array();
    let err = 0;
    let sig = 0;
    for (let i = 0; i < w.length; i++) {
      err += (w[i]! - wq[i]!) ** 2;
      sig += w[i]! ** 2;
    }
    return { bits, rmse: Math.sqrt(err / w.length), sqnrDb: 10 * Math.log10(sig / err), bitsPerWeight: bitsPerWeight(bits, rows, cols, opts) };
  });
}
