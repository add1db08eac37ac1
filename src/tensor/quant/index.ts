// quant: round-to-nearest weight quantisation (int8 per-channel symmetric, b-bit group-wise asymmetric) and dequantisation.
import { type Tensor, tensor } from "../core.ts";
import { dequantizeGroupwiseKernel, quantizeGroupwiseKernel, quantizeInt8PerChannelKernel } from "./rtn-kernel.ts";

export { roundHalfEven } from "./rtn-kernel.ts";

const fmt = (shape: readonly number[]) => `[${shape.join(", ")}]`;

function checkWeight(op: string, W: Tensor): { rows: number; cols: number } {
  if (W.dtype !== "float32" && W.dtype !== "float64") throw new Error(`${op}: expected a float weight, got ${W.dtype} ${fmt(W.shape)}`);
  if (W.shape.length !== 2) throw new Error(`${op}: expected a 2-D weight (out_features, in_features), got ${fmt(W.shape)}`);
  return { rows: W.shape[0]!, cols: W.shape[1]! };
}

/**
 * Symmetric int8 per-output-channel RTN: scale (rows, 1) = max|W[r]| / 127, q = clamp(round(W / scale), −127, 127)
 * as an int32 tensor (round half to even, like torch.round). An all-zero row gets scale 0 and q 0.
 */
export function quantizeInt8PerChannel(W: Tensor): { q: Tensor; scale: Tensor } {
  const { rows, cols } = checkWeight("quant.quantizeInt8PerChannel", W);
  const { q, scale } = quantizeInt8PerChannelKernel(W.toFloat64Array(), rows, cols);
  return { q: tensor(q, { shape: [rows, cols], dtype: "int32" }), scale: tensor(Float32Array.from(scale), { shape: [rows, 1] }) };
}

/** W' = q · scale (float32). */
export function dequantizeInt8PerChannel(q: Tensor, scale: Tensor): Tensor {
  if (q.shape.length !== 2 || scale.numel() !== q.shape[0]) {
    throw new Error(`quant.dequantizeInt8PerChannel: q ${fmt(q.shape)} needs one scale per row, got scale ${fmt(scale.shape)}`);
  }
  return q.float().mul(scale.float().reshape(q.shape[0]!, 1));
}

export interface GroupwiseOptions {
  /** bits per weight, 2..8 (default 4) */
  bits?: number;
  /** consecutive input columns sharing one scale/zero (default 32); must divide in_features */
  groupSize?: number;
}

export interface GroupwiseQuantized {
  /** int32 (rows, cols), values in [0, 2^bits − 1] */
  q: Tensor;
  /** float32 (rows, cols / groupSize) */
  scale: Tensor;
  /** float32 (rows, cols / groupSize), integral */
  zero: Tensor;
}

/**
 * Asymmetric group-wise RTN (as in quant.json): per group, scale = (max − min) / (2^b − 1),
 * zero = round(−min / scale), q = clamp(round(W / scale) + zero, 0, 2^b − 1).
 */
export function quantizeGroupwise(W: Tensor, opts: GroupwiseOptions = {}): GroupwiseQuantized {
  const op = "quant.quantizeGroupwise";
  const { rows, cols } = checkWeight(op, W);
  const bits = opts.bits ?? 4;
  const groupSize = opts.groupSize ?? 32;
  if (!Number.isInteger(bits) || bits < 2 || bits > 8) throw new Error(`${op}: bits must be an integer in 2..8, got ${bits}`);
  if (!Number.isInteger(groupSize) || groupSize < 1 || cols % groupSize !== 0) {
    throw new Error(`${op}: groupSize ${groupSize} must be a positive divisor of in_features ${cols} (weight ${fmt(W.shape)})`);
  }
  const g = cols / groupSize;
  const r = quantizeGroupwiseKernel(W.toFloat64Array(), rows, cols, bits, groupSize);
  return {
    q: tensor(r.q, { shape: [rows, cols], dtype: "int32" }),
    scale: tensor(Float32Array.from(r.scale), { shape: [rows, g] }),
    zero: tensor(Float32Array.from(r.zero), { shape: [rows, g] }),
  };
}

/** W' = (q − zero) · scale, broadcasting each group's scale/zero over its columns (float32). */
export function dequantizeGroupwise(qz: GroupwiseQuantized): Tensor {
  const { q, scale, zero } = qz;
  const op = "quant.dequantizeGroupwise";
  if (q.shape.length !== 2 || scale.shape.length !== 2 || scale.shape[0] !== q.shape[0] || q.shape[1]! % scale.shape[1]! !== 0) {
    throw new Error(`${op}: scale ${fmt(scale.shape)} does not tile q ${fmt(q.shape)} into row groups`);
  }
  if (zero.shape.join() !== scale.shape.join()) throw new Error(`${op}: zero ${fmt(zero.shape)} must match scale ${fmt(scale.shape)}`);
  const [rows, cols] = q.shape as [number, number];
  const out = dequantizeGroupwiseKernel(q.toFloat64Array(), scale.toFloat64Array(), zero.toFloat64Array(), rows, cols, cols / scale.shape[1]!);
  return tensor(Float32Array.from(out), { shape: [rows, cols] });
}
