// Index-based ops: gather, scatterAdd (its gradient) and indexSelect (composed from gather).
import { record } from "../autograd/graph.ts";
import { allocate, promoteTypes } from "../dtype.ts";
import { TensorError, fmt, normDim, numelOf, sameShape } from "../shape.ts";
import { Tensor } from "../tensor.ts";
import { operand } from "./elementwise.ts";
import { readStrided } from "./strided.ts";

function checkIndexTensor(op: string, index: Tensor): void {
  if (!(index instanceof Tensor) || index.dtype !== "int32") {
    const got = index instanceof Tensor ? `${index.dtype} ${fmt(index.shape)}` : typeof index;
    throw new TensorError(`${op}: index must be an int32 tensor, got ${got}; convert with .int()`);
  }
}

/** For every position of `shape` (row-major): offset + Σ_{d≠dim} i_d·strides_d, the address before adding the index. */
function basePointers(shape: readonly number[], strides: readonly number[], dim: number, offset: number): Int32Array {
  const st = strides.map((s, i) => (i === dim ? 0 : s));
  const bases = new Int32Array(numelOf(shape));
  const n = bases.length;
  if (n === 0) return bases;
  const idx = new Int32Array(shape.length);
  let p = offset;
  for (let k = 0; k < n; k++) {
    bases[k] = p;
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d]++;
      p += st[d];
      if (idx[d] < shape[d]) break;
      p -= st[d] * shape[d];
      idx[d] = 0;
    }
  }
  return bases;
}

function indexValues(op: string, t: Tensor, dim: number, index: Tensor): Int32Array {
  const v = new Int32Array(index.numel());
  readStrided(index.data, index.offset, index.shape, index.strides, v);
  const n = t.shape[dim];
  for (let k = 0; k < v.length; k++) {
    if (v[k] < 0 || v[k] >= n) {
      throw new TensorError(`${op}: index ${v[k]} is out of range for dim ${dim} of size ${n} (input shape ${fmt(t.shape)}, index shape ${fmt(index.shape)})`);
    }
  }
  return v;
}

function checkGatherShapes(op: string, t: Tensor, dim: number, index: Tensor): void {
  const bad = index.dim() !== t.dim() || index.shape.some((s, i) => i !== dim && s > t.shape[i]);
  if (bad) {
    throw new TensorError(
      `${op}: index shape ${fmt(index.shape)} does not fit input shape ${fmt(t.shape)} (same number of dims, and index.size(d) <= input.size(d) for d != ${dim})`,
    );
  }
}

/** out[i][j][k] = t[i][index[i][j][k]][k] (for dim = 1), like torch.gather. */
export function gather(t: Tensor, dim: number, index: Tensor, op = "gather"): Tensor {
  checkIndexTensor(op, index);
  const d = t.dim() === 0 ? 0 : normDim(dim, t.dim(), op, t.shape);
  if (t.dim() === 0) return t;
  checkGatherShapes(op, t, d, index);
  const iv = indexValues(op, t, d, index);
  const bases = basePointers(index.shape, t.strides, d, t.offset);
  const o = allocate(t.dtype, iv.length);
  const src = t.data;
  const sd = t.strides[d];
  for (let k = 0; k < iv.length; k++) o[k] = src[bases[k] + iv[k] * sd];
  return record("gather", [t], new Tensor(o, index.shape, t.dtype), { dim: d, aux: index });
}

/** input + (src added at positions index along dim), out of place, like torch.scatter_add. */
export function scatterAdd(input: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  checkIndexTensor("scatterAdd", index);
  const d = normDim(dim, input.dim(), "scatterAdd", input.shape);
  checkGatherShapes("scatterAdd", input, d, index);
  if (src.dim() !== index.dim() || index.shape.some((s, i) => s > src.shape[i])) {
    throw new TensorError(`scatterAdd: src shape ${fmt(src.shape)} must be at least the index shape ${fmt(index.shape)}`);
  }
  const dtype = promoteTypes(input.dtype, src.dtype);
  const o = operand(input, input.shape, dtype).slice();
  const iv = indexValues("scatterAdd", input, d, index);
  const srcView = sameShape(src.shape, index.shape) ? src : new Tensor(src.data, index.shape, src.dtype, src.strides, src.offset);
  const sv = operand(srcView, index.shape, dtype);
  const outStrides = input.shape.map((_, i) => numelOf(input.shape.slice(i + 1)));
  const bases = basePointers(index.shape, outStrides, d, 0);
  const sd = outStrides[d];
  for (let k = 0; k < iv.length; k++) o[bases[k] + iv[k] * sd] += sv[k];
  return record("scatterAdd", [input, srcView], new Tensor(o, input.shape, dtype), { dim: d, aux: index });
}

/** Rows (or slices along dim) picked by a 1-D index, like torch.index_select; composed from gather. */
export function indexSelect(t: Tensor, dim: number, index: Tensor): Tensor {
  checkIndexTensor("indexSelect", index);
  if (index.dim() > 1) throw new TensorError(`indexSelect: index must be 1-D, got shape ${fmt(index.shape)}`);
  const d = normDim(dim, t.dim(), "indexSelect", t.shape);
  const n = index.numel();
  const idxShape = t.shape.map((_, i) => (i === d ? n : 1));
  const outShape = t.shape.map((s, i) => (i === d ? n : s));
  return gather(t, d, index.reshape(idxShape).expand(outShape), "indexSelect");
}
