// Composites built from primitives, so they need no backward rule: mean, var, logsumexp, softmax, logSoftmax, prod.
import { isGradEnabled, noGrad } from "../autograd/graph.ts";
import { allocate, isFloat } from "../dtype.ts";
import { where } from "../ops/elementwise.ts";
import { TensorError, fmt, normDims, numelOf } from "../shape.ts";
import { Tensor } from "../tensor.ts";

type Dims = number | readonly number[] | undefined;

function floaty(t: Tensor): Tensor {
  return isFloat(t.dtype) ? t : t.float();
}

function countOf(t: Tensor, dims: number[]): number {
  return numelOf(dims.map((d) => t.shape[d]));
}

export function mean(t: Tensor, dim: Dims, keepdim: boolean): Tensor {
  const dims = normDims(dim, t.shape, "mean");
  return floaty(t).sum(dims, keepdim).div(countOf(t, dims));
}

/** Variance with Bessel's correction when unbiased (torch default). */
export function variance(t: Tensor, dim: Dims, unbiased: boolean, keepdim: boolean): Tensor {
  const dims = normDims(dim, t.shape, "var");
  const x = floaty(t);
  const n = countOf(t, dims);
  const mu = x.sum(dims, true).div(n); // (..., 1, ...)
  const d = x.sub(mu);
  return d.mul(d).sum(dims, keepdim).div(Math.max(n - (unbiased ? 1 : 0), 0));
}

/** The row max, without grad, with ±Inf replaced by 0 so that x - m stays finite for all-(-Inf) rows. */
function stableShift(x: Tensor, dims: number[]): Tensor {
  return noGrad(() => {
    const m = x.amax(dims, true);
    return where(m.abs().lt(Number.POSITIVE_INFINITY), m, 0);
  });
}

/** log Σ exp(x) over dims, stable: m + log Σ exp(x - m). */
export function logsumexp(t: Tensor, dim: Dims, keepdim: boolean): Tensor {
  const dims = normDims(dim, t.shape, "logsumexp");
  const x = floaty(t);
  const m = stableShift(x, dims);
  const out = x.sub(m).exp().sum(dims, true).log().add(m);
  return keepdim ? out : out.reshape(t.shape.filter((_, i) => !dims.includes(i)));
}

/** exp(x - max) / Σ exp(x - max) along dim. */
export function softmax(t: Tensor, dim: number): Tensor {
  const dims = normDims(dim, t.shape, "softmax");
  const x = floaty(t);
  const e = x.sub(stableShift(x, dims)).exp();
  return e.div(e.sum(dims, true));
}

/** x - logsumexp(x) along dim. */
export function logSoftmax(t: Tensor, dim: number): Tensor {
  const x = floaty(t);
  return x.sub(logsumexp(x, dim, true));
}

/** Product over one dim or all (forward only for now). */
export function prod(t: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  if (t.requiresGrad && isGradEnabled()) {
    throw new TensorError(`prod: gradients of prod are not supported yet (shape ${fmt(t.shape)}); compute under noGrad or use exp(sum(log(x))) for positive x`);
  }
  const dims = normDims(dim, t.shape, "prod");
  const moved = t.permute([...t.shape.map((_, i) => i).filter((i) => !dims.includes(i)), ...dims]).contiguous();
  const inner = countOf(t, dims);
  const outer = inner === 0 ? numelOf(t.shape.filter((_, i) => !dims.includes(i))) : moved.numel() / inner;
  const src = moved.contiguousData();
  const dtype = isFloat(t.dtype) ? t.dtype : "int32";
  const o = allocate(dtype, outer);
  for (let r = 0; r < outer; r++) {
    let p = 1;
    for (let j = 0; j < inner; j++) p *= src[r * inner + j];
    o[r] = p;
  }
  const shape = keepdim ? t.shape.map((s, i) => (dims.includes(i) ? 1 : s)) : t.shape.filter((_, i) => !dims.includes(i));
  return new Tensor(o, shape, dtype);
}
