// Reduction primitives (sum, max/min, argmax/argmin, cumsum) over any set of dims, with keepdim.
import { isGradEnabled, record } from "../autograd/graph.ts";
import { type DType, type TypedArray, allocate, isFloat } from "../dtype.ts";
import { sumLeadingF32 } from "../kernels/elementwise-f32.ts";
import { TensorError, fmt, normDim, normDims, numelOf } from "../shape.ts";
import { Tensor } from "../tensor.ts";
import { operand, where } from "./elementwise.ts";
import { gather } from "./indexing.ts";

interface Layout {
  data: TypedArray;
  outer: number;
  inner: number;
  keepShape: number[];
  outShape: number[];
}

/** Lay t out as (outer kept elements) × (inner reduced elements), contiguous, in `dtype`. */
function layout(t: Tensor, dims: number[], keepdim: boolean, dtype: DType): Layout {
  const kept = t.shape.map((_, i) => i).filter((i) => !dims.includes(i));
  const perm = [...kept, ...dims];
  const view = new Tensor(t.data, perm.map((p) => t.shape[p]), t.dtype, perm.map((p) => t.strides[p]), t.offset);
  const keepShape = t.shape.map((s, i) => (dims.includes(i) ? 1 : s));
  const outShape = keepdim ? keepShape : kept.map((i) => t.shape[i]);
  const inner = numelOf(dims.map((d) => t.shape[d]));
  return { data: operand(view, view.shape, dtype), outer: numelOf(kept.map((i) => t.shape[i])), inner, keepShape, outShape };
}

export function sum(t: Tensor, dim: number | readonly number[] | undefined, keepdim: boolean): Tensor {
  const dims = normDims(dim, t.shape, "sum");
  const dtype: DType = isFloat(t.dtype) ? t.dtype : "int32";
  if (dims.length > 0 && dims.every((d, i) => d === i)) {
    const fast = sumLeadingF32(t, dims.length); // fast path: leading dims of a contiguous float32 tensor
    if (fast) {
      const outShape = keepdim ? t.shape.map((s, i) => (i < dims.length ? 1 : s)) : t.shape.slice(dims.length);
      return record("sum", [t], new Tensor(fast, outShape, dtype), { dims, keepdim });
    }
  }
  const { data, outer, inner, outShape } = layout(t, dims, keepdim, dtype);
  const o = allocate(dtype, outer);
  for (let r = 0, p = 0; r < outer; r++) {
    let acc = 0;
    for (let j = 0; j < inner; j++) acc += data[p++];
    o[r] = acc;
  }
  return record("sum", [t], new Tensor(o, outShape, dtype), { dims, keepdim });
}

function checkNotEmpty(t: Tensor, op: string, inner: number): void {
  if (inner === 0 || t.numel() === 0) throw new TensorError(`${op}: cannot reduce over an empty dimension (shape ${fmt(t.shape)})`);
}

/** Index of the max (or min) of each row of the layout; first occurrence wins, NaN wins. */
function argRows(l: Layout, kind: "max" | "min"): Int32Array {
  const idx = new Int32Array(l.outer);
  const d = l.data;
  for (let r = 0; r < l.outer; r++) {
    const base = r * l.inner;
    let best = d[base];
    let bi = 0;
    if (Number.isNaN(best)) {
      idx[r] = 0;
      continue;
    }
    for (let j = 1; j < l.inner; j++) {
      const v = d[base + j];
      if (Number.isNaN(v)) {
        bi = j;
        break;
      }
      if (kind === "max" ? v > best : v < best) {
        best = v;
        bi = j;
      }
    }
    idx[r] = bi;
  }
  return idx;
}

/**
 * max()/min() over all (or given) dims without indices. The gradient is shared evenly among ties,
 * like torch: composed as where(x == m, x, 0).sum(dims) / count, with m computed without grad.
 */
export function extremeAll(t: Tensor, kind: "max" | "min", dim?: number | readonly number[], keepdim = false): Tensor {
  const op = dim === undefined ? kind : kind === "max" ? "amax" : "amin";
  const dims = normDims(dim, t.shape, op);
  const l = layout(t, dims, true, t.dtype);
  checkNotEmpty(t, op, l.inner);
  const idx = argRows(l, kind);
  const m = allocate(t.dtype, l.outer);
  for (let r = 0; r < l.outer; r++) m[r] = l.data[r * l.inner + idx[r]];
  const mt = new Tensor(m, l.keepShape, t.dtype);
  if (!t.requiresGrad || !isGradEnabled()) return keepdim ? mt : mt.reshape(l.outShape);
  const mask = t.eq(mt);
  const count = mask.sum(dims, true);
  const v = where(mask, t, 0).sum(dims, true).div(count);
  return keepdim ? v : v.reshape(l.outShape);
}

/** max(dim)/min(dim) → {values, indices}; values are gathered at the indices, so the gradient goes there. */
export function extremeDim(t: Tensor, dim: number, keepdim: boolean, kind: "max" | "min"): { values: Tensor; indices: Tensor } {
  const indices = argExtreme(t, dim, true, kind);
  const d = normDim(dim, t.dim(), kind, t.shape);
  const values = t.dim() === 0 ? t.reshape([]) : gather(t, d, indices);
  return keepdim || t.dim() === 0 ? { values, indices } : { values: values.squeeze(d), indices: indices.squeeze(d) };
}

export function argExtreme(t: Tensor, dim: number | undefined, keepdim: boolean, kind: "max" | "min"): Tensor {
  const op = kind === "max" ? "argmax" : "argmin";
  if (dim === undefined) {
    const flat = t.reshape([-1]);
    const r = argExtreme(flat, 0, false, kind);
    return keepdim ? r.reshape(t.shape.map(() => 1)) : r;
  }
  const dims = t.dim() === 0 ? [] : [normDim(dim, t.dim(), op, t.shape)];
  const l = layout(t, dims, keepdim, t.dtype);
  checkNotEmpty(t, op, l.inner);
  return new Tensor(argRows(l, kind), l.outShape, "int32");
}

/** Running sum along dim (reverse=true sums from the end: the gradient of cumsum). */
export function cumsum(t: Tensor, dim: number, reverse = false): Tensor {
  const d = t.dim() === 0 ? 0 : normDim(dim, t.dim(), "cumsum", t.shape);
  const dtype: DType = isFloat(t.dtype) ? t.dtype : "int32";
  const x = operand(t, t.shape, dtype);
  const o = allocate(dtype, x.length);
  const len = t.dim() === 0 ? 1 : t.shape[d];
  const inner = numelOf(t.shape.slice(d + 1));
  const outer = numelOf(t.shape.slice(0, d));
  for (let a = 0; a < outer; a++) {
    for (let i = 0; i < inner; i++) {
      let acc = 0;
      for (let k0 = 0; k0 < len; k0++) {
        const k = reverse ? len - 1 - k0 : k0;
        const p = (a * len + k) * inner + i;
        acc += x[p];
        o[p] = acc;
      }
    }
  }
  return record("cumsum", [t], new Tensor(o, t.shape, dtype), { dim: d, reverse });
}
