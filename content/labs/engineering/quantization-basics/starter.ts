// Quantization basics: your file — round half to even, symmetric and asymmetric RTN at three granularities, error table.
import type { Tensor } from "llmpath/tensor"; // the quantizers also need `tensor` from here

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
  throw new Error("TODO: task 1 — floor, look at the fractional part, send exact ties to the even integer");
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
  throw new Error("TODO: task 2 — per block: scale = max|w| / (2^(bits−1) − 1), q = clamp(round(w / scale), −qmax, qmax)");
}

/** Task 3: asymmetric RTN. scale = (max − min)/(2^b − 1), zero = round(−min/scale), q = clamp(round(w/scale) + zero, 0, 2^b − 1). */
export function quantizeAsymmetric(W: Tensor, opts: QuantOptions): Quantized {
  throw new Error("TODO: task 3 — per block: scale = (max − min) / (2^bits − 1), zero = round(−min / scale), q = clamp(round(w / scale) + zero, 0, 2^bits − 1)");
}

/** Task 2 (and 3): W' = (q − zero) · scale, each scale spread over its block of W. */
export function dequantize(qz: Quantized): Tensor {
  throw new Error("TODO: task 2 — spread each scale (and zero) over its block, then (q − zero) · scale");
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
  throw new Error("TODO: task 4 — (rows·cols·bits + number of scales·16, plus zeros·16 when asymmetric) / (rows·cols)");
}

/** Task 4: quantize W at every bit-width and report the error of W' = dequantize(quantize(W)). */
export function errorTable(W: Tensor, bitsList: number[], opts: { granularity: Granularity; groupSize?: number; symmetric: boolean }): ErrorRow[] {
  throw new Error("TODO: task 4 — for each bit-width quantize, dequantize and measure RMSE and SQNR");
}
