// Movement ops: views that share storage (reshape/view, permute, expand, slice) and copies (contiguous, cat).
import { record } from "../autograd/graph.ts";
import { allocate, promoteTypes } from "../dtype.ts";
import { TensorError, contiguousStrides, fmt, inferShape, normDim, numelOf, sameShape } from "../shape.ts";
import { Tensor } from "../tensor.ts";
import { operand, where } from "./elementwise.ts";
import { readStrided, writeStrided } from "./strided.ts";

/** Strides that let (shape, strides) be viewed as newShape without copying, or null (torch's computeStride). */
function viewStrides(shape: number[], strides: number[], newShape: number[]): number[] | null {
  if (shape.length === 0 || numelOf(shape) === 0) return contiguousStrides(newShape);
  const out = new Array<number>(newShape.length);
  let viewD = newShape.length - 1;
  let chunkBase = strides[strides.length - 1];
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d];
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = strides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? out : null;
}

/** reshape (copies only when needed) and view (never copies; throws instead). */
export function reshape(t: Tensor, sizes: number[], op: "reshape" | "view"): Tensor {
  const shape = inferShape(op, t.shape, sizes);
  const st = t.isContiguous() ? contiguousStrides(shape) : viewStrides(t.shape, t.strides, shape);
  if (st === null) {
    if (op === "view") {
      throw new TensorError(
        `view: shape ${fmt(shape)} is not compatible with the input's size ${fmt(t.shape)} and strides ${fmt(t.strides)}; use reshape() or call contiguous() first`,
      );
    }
    return reshape(contiguous(t), shape, op);
  }
  return record("reshape", [t], new Tensor(t.data, shape, t.dtype, st, t.offset));
}

export function permute(t: Tensor, dims: number[]): Tensor {
  const nd = t.dim();
  const perm = dims.map((d) => normDim(d, nd, "permute", t.shape));
  if (perm.length !== nd || new Set(perm).size !== nd) {
    throw new TensorError(`permute: dims ${fmt(dims)} is not a permutation of the ${nd} dims of a tensor of shape ${fmt(t.shape)}`);
  }
  const v = new Tensor(t.data, perm.map((p) => t.shape[p]), t.dtype, perm.map((p) => t.strides[p]), t.offset);
  return record("permute", [t], v, { perm });
}

export function transpose(t: Tensor, d0: number, d1: number): Tensor {
  const nd = t.dim();
  if (nd === 0) return t;
  const a = normDim(d0, nd, "transpose", t.shape);
  const b = normDim(d1, nd, "transpose", t.shape);
  const perm = t.shape.map((_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return permute(t, perm);
}

/** A contiguous row-major copy (recorded as "contiguous"), or t itself when already contiguous. */
export function contiguous(t: Tensor): Tensor {
  return t.isContiguous() ? t : copyOp(t, "contiguous");
}

export function cloneOp(t: Tensor): Tensor {
  return copyOp(t, "clone");
}

function copyOp(t: Tensor, name: "contiguous" | "clone"): Tensor {
  const n = t.numel();
  const o = allocate(t.dtype, n);
  // contiguous source of the same storage type (e.g. cloning a gradient): one block copy
  if (t.isContiguous() && o.constructor === t.data.constructor) (o as Float64Array).set(t.data.subarray(t.offset, t.offset + n) as ArrayLike<number>);
  else readStrided(t.data, t.offset, t.shape, t.strides, o);
  return record(name, [t], new Tensor(o, t.shape, t.dtype));
}

export function unsqueeze(t: Tensor, dim: number): Tensor {
  const d = normDim(dim, t.dim(), "unsqueeze", t.shape, 1);
  const shape = [...t.shape];
  shape.splice(d, 0, 1);
  return reshape(t, shape, "view");
}

export function squeeze(t: Tensor, dim?: number): Tensor {
  if (dim === undefined) return reshape(t, t.shape.filter((s) => s !== 1), "view");
  if (t.dim() === 0) return t;
  const d = normDim(dim, t.dim(), "squeeze", t.shape);
  if (t.shape[d] !== 1) return t;
  return reshape(t, t.shape.filter((_, i) => i !== d), "view");
}

export function expand(t: Tensor, sizes: readonly number[]): Tensor {
  const lead = sizes.length - t.dim();
  if (lead < 0) throw new TensorError(`expand: target ${fmt(sizes)} has fewer dims than the input ${fmt(t.shape)}`);
  const shape = new Array<number>(sizes.length);
  const strides = new Array<number>(sizes.length);
  for (let i = 0; i < sizes.length; i++) {
    const own = i >= lead ? t.shape[i - lead] : 1;
    const want = sizes[i] === -1 ? own : sizes[i];
    if (sizes[i] === -1 && i < lead) throw new TensorError(`expand: -1 is not allowed for the new leading dim ${i} in ${fmt(sizes)}`);
    if (own !== want && own !== 1) {
      throw new TensorError(`expand: cannot expand ${fmt(t.shape)} to ${fmt(sizes)} (dim ${i}: ${own} vs ${want}; only size-1 dims can grow)`);
    }
    shape[i] = want;
    strides[i] = i < lead || (own === 1 && want !== 1) ? 0 : t.strides[i - lead];
  }
  if (sameShape(shape, t.shape)) return t;
  return record("expand", [t], new Tensor(t.data, shape, t.dtype, strides, t.offset));
}

export function flatten(t: Tensor, start = 0, end = -1): Tensor {
  if (t.dim() === 0) return reshape(t, [1], "reshape");
  const s = normDim(start, t.dim(), "flatten", t.shape);
  const e = normDim(end, t.dim(), "flatten", t.shape);
  if (s > e) throw new TensorError(`flatten: startDim ${start} comes after endDim ${end} (shape ${fmt(t.shape)})`);
  return reshape(t, [...t.shape.slice(0, s), numelOf(t.shape.slice(s, e + 1)), ...t.shape.slice(e + 1)], "reshape");
}

/** t[..., start:end:step, ...] along dim, as a view; Python-style negative and clamped bounds. */
export function slice(t: Tensor, dim: number, start?: number, end?: number, step = 1): Tensor {
  const d = normDim(dim, t.dim(), "slice", t.shape);
  if (!Number.isInteger(step) || step <= 0) throw new TensorError(`slice: step must be a positive integer, got ${step} (shape ${fmt(t.shape)})`);
  const n = t.shape[d];
  const norm = (v: number | undefined, dflt: number) => {
    if (v === undefined) return dflt;
    const x = v < 0 ? v + n : v;
    return Math.min(Math.max(x, 0), n);
  };
  const s = norm(start, 0);
  const e = Math.max(norm(end, n), s);
  const len = Math.ceil((e - s) / step);
  const shape = [...t.shape];
  const strides = [...t.strides];
  shape[d] = len;
  strides[d] = t.strides[d] * step;
  const v = new Tensor(t.data, shape, t.dtype, strides, t.offset + s * t.strides[d]);
  return record("slice", [t], v, { dim: d, start: s, end: e, step });
}

function checkIndex(op: string, t: Tensor, d: number, index: number, span = 1): number {
  const n = t.shape[d];
  const i = index < 0 ? index + n : index;
  if (!Number.isInteger(index) || !Number.isInteger(span) || span < 0 || i < 0 || i + span > n || (span > 0 && i >= n)) {
    throw new TensorError(`${op}: index ${index}${span > 1 ? ` (length ${span})` : ""} is out of range for dim ${d} of size ${n} (shape ${fmt(t.shape)})`);
  }
  return i;
}

export function select(t: Tensor, dim: number, index: number): Tensor {
  const d = normDim(dim, t.dim(), "select", t.shape);
  const i = checkIndex("select", t, d, index);
  return squeeze(slice(t, d, i, i + 1), d);
}

export function narrow(t: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normDim(dim, t.dim(), "narrow", t.shape);
  const s = checkIndex("narrow", t, d, start, length);
  return slice(t, d, s, s + length);
}

export function split(t: Tensor, sizeOrSizes: number | number[], dim = 0): Tensor[] {
  const d = normDim(dim, t.dim(), "split", t.shape);
  const n = t.shape[d];
  let sizes: number[];
  if (typeof sizeOrSizes === "number") {
    if (!Number.isInteger(sizeOrSizes) || sizeOrSizes <= 0) throw new TensorError(`split: size must be a positive integer, got ${sizeOrSizes}`);
    sizes = [];
    for (let s = 0; s < n; s += sizeOrSizes) sizes.push(Math.min(sizeOrSizes, n - s));
  } else {
    sizes = sizeOrSizes;
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== n) throw new TensorError(`split: sizes ${fmt(sizes)} sum to ${total} but dim ${d} of ${fmt(t.shape)} has size ${n}`);
  }
  const out: Tensor[] = [];
  let at = 0;
  for (const s of sizes) {
    out.push(slice(t, d, at, at + s));
    at += s;
  }
  return out;
}

export function chunk(t: Tensor, chunks: number, dim = 0): Tensor[] {
  const d = normDim(dim, t.dim(), "chunk", t.shape);
  if (!Number.isInteger(chunks) || chunks <= 0) throw new TensorError(`chunk: chunks must be a positive integer, got ${chunks}`);
  return split(t, Math.max(1, Math.ceil(t.shape[d] / chunks)), d);
}

/** torch.Tensor.repeat: tile the tensor `sizes[i]` times along each dim (composed from expand + reshape). */
export function repeat(t: Tensor, sizes: number[]): Tensor {
  if (sizes.length < t.dim()) {
    throw new TensorError(`repeat: got ${sizes.length} repeat counts ${fmt(sizes)} for a tensor of ${t.dim()} dims ${fmt(t.shape)}; give at least one per dim`);
  }
  const shape = [...new Array<number>(sizes.length - t.dim()).fill(1), ...t.shape];
  const inter = shape.flatMap((s) => [1, s]);
  const big = shape.flatMap((s, i) => [sizes[i], s]);
  return reshape(expand(reshape(t, inter, "reshape"), big), shape.map((s, i) => s * sizes[i]), "reshape");
}

/** tril/triu on the last two dims: where(mask, x, 0). */
export function triangle(t: Tensor, diagonal: number, kind: "tril" | "triu"): Tensor {
  if (t.dim() < 2) throw new TensorError(`${kind}: needs a tensor with at least 2 dims, got ${fmt(t.shape)}`);
  const [r, c] = t.shape.slice(-2);
  const m = new Uint8Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) m[i * c + j] = (kind === "tril" ? j - i <= diagonal : j - i >= diagonal) ? 1 : 0;
  return where(new Tensor(m, [r, c], "bool"), t, 0);
}

export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new TensorError("cat: expected a non-empty list of tensors");
  const first = tensors[0];
  if (first.dim() === 0) throw new TensorError("cat: zero-dimensional tensors cannot be concatenated; use stack");
  const d = normDim(dim, first.dim(), "cat", first.shape);
  let dtype = first.dtype;
  let total = 0;
  tensors.forEach((t, k) => {
    const bad = t.dim() !== first.dim() || t.shape.some((s, i) => i !== d && s !== first.shape[i]);
    if (bad) {
      throw new TensorError(
        `cat: tensor ${k} has shape ${fmt(t.shape)} but tensor 0 has shape ${fmt(first.shape)}; all dims except dim ${d} must match`,
      );
    }
    dtype = promoteTypes(dtype, t.dtype);
    total += t.shape[d];
  });
  const shape = [...first.shape];
  shape[d] = total;
  const out = allocate(dtype, numelOf(shape));
  const strides = contiguousStrides(shape);
  let at = 0;
  for (const t of tensors) {
    writeStrided(out, at * strides[d], t.shape, strides, operand(t, t.shape, dtype));
    at += t.shape[d];
  }
  return record("cat", [...tensors], new Tensor(out, shape, dtype), { dim: d, sizes: tensors.map((t) => t.shape[d]) });
}

export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new TensorError("stack: expected a non-empty list of tensors");
  const first = tensors[0];
  tensors.forEach((t, k) => {
    if (!sameShape(t.shape, first.shape)) {
      throw new TensorError(`stack: tensor ${k} has shape ${fmt(t.shape)} but tensor 0 has shape ${fmt(first.shape)}; stack needs equal shapes`);
    }
  });
  const d = normDim(dim, first.dim(), "stack", first.shape, 1);
  return cat(tensors.map((t) => unsqueeze(t, d)), d);
}
