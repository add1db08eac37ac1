// LayerNorm and RMSNorm as F functions, composed from mean/sub/mul/rsqrt.
import type { Tensor } from "../core.ts";
import { asShape, checkParamShape, checkTrailing, lastDims } from "./shape-check.ts";

/**
 * layerNorm like torch.nn.functional.layer_norm: normalises over the trailing `normalizedShape` dims
 * with the biased variance, then applies the optional elementwise weight and bias.
 */
export function layerNorm(
  x: Tensor,
  normalizedShape: number | readonly number[],
  weight?: Tensor | null,
  bias?: Tensor | null,
  eps = 1e-5,
): Tensor {
  const shape = asShape(normalizedShape);
  checkTrailing("layerNorm", x, shape);
  checkParamShape("layerNorm", "weight", weight, shape);
  checkParamShape("layerNorm", "bias", bias, shape);
  const dims = lastDims(shape.length);
  const xc = x.sub(x.mean(dims, true)); // (..., *normalizedShape)
  const variance = xc.square().mean(dims, true); // (..., 1...) biased, like torch
  let y = xc.mul(variance.add(eps).rsqrt());
  if (weight) y = y.mul(weight);
  if (bias) y = y.add(bias);
  return y;
}

/**
 * rmsNorm like torch.nn.functional.rms_norm (LLaMA's RMSNorm): x / sqrt(mean(x²) + eps) · weight,
 * over the trailing `normalizedShape` dims.
 */
export function rmsNorm(
  x: Tensor,
  normalizedShape: number | readonly number[],
  weight?: Tensor | null,
  eps = 1e-6,
): Tensor {
  const shape = asShape(normalizedShape);
  checkTrailing("rmsNorm", x, shape);
  checkParamShape("rmsNorm", "weight", weight, shape);
  const dims = lastDims(shape.length);
  const y = x.mul(x.square().mean(dims, true).add(eps).rsqrt()); // (..., *normalizedShape)
  return weight ? y.mul(weight) : y;
}
