// linalg.norm / vectorNorm / matrixNorm, composed from core ops so the composable ones are differentiable.
import type { Tensor } from "../core.ts";
import { svd } from "./svd.ts";

export type VectorOrd = number; // any p, plus Infinity, -Infinity, 0
export type MatrixOrd = "fro" | "nuc" | 1 | -1 | 2 | -2 | number;
export type NormOrd = number | "fro" | "nuc";

const fmt = (shape: readonly number[]) => `[${shape.join(", ")}]`;

function normDim(op: string, d: number, nd: number, shape: readonly number[]): number {
  if (!Number.isInteger(d) || d < -nd || d >= nd) throw new Error(`${op}: dim ${d} is out of range for a tensor of ${nd} dims ${fmt(shape)}`);
  return d < 0 ? d + nd : d;
}

function checkFloat(op: string, x: Tensor): void {
  if (x.dtype !== "float32" && x.dtype !== "float64") {
    throw new Error(`${op}: expected a float32 or float64 tensor, got ${x.dtype} ${fmt(x.shape)}; convert it first with .float()`);
  }
}

/** Max over `dim` as a tensor (core's max(dim) returns {values, indices}). */
const maxAlong = (t: Tensor, dim: number, keepdim: boolean) => t.max(dim, keepdim).values;
const minAlong = (t: Tensor, dim: number, keepdim: boolean) => t.min(dim, keepdim).values;

/**
 * Vector p-norm over `dim` (all elements when omitted), like torch.linalg.vector_norm:
 * ord 2 (default) = sqrt(Σ x²), ord p = (Σ |x|^p)^(1/p), Infinity = max |x|, -Infinity = min |x|, 0 = count of non-zeros.
 * Differentiable (except at x = 0 for the 2-norm, where the gradient is NaN; torch returns 0 there).
 */
export function vectorNorm(x: Tensor, ord: VectorOrd = 2, dim?: number | readonly number[], keepdim = false): Tensor {
  const op = "linalg.vectorNorm";
  checkFloat(op, x);
  if (typeof ord !== "number" || Number.isNaN(ord)) throw new Error(`${op}: ord must be a number (p, Infinity, -Infinity or 0), got ${String(ord)}`);
  const nd = x.shape.length;
  let dims: number[] = dim === undefined ? [...Array(nd).keys()] : typeof dim === "number" ? [dim] : [...dim];
  dims = dims.map((d) => normDim(op, d, nd, x.shape));
  if (new Set(dims).size !== dims.length) throw new Error(`${op}: dim ${JSON.stringify(dim)} repeats a dimension`);
  if (ord === Number.POSITIVE_INFINITY || ord === Number.NEGATIVE_INFINITY) {
    // Reduce one dim at a time, highest first so indices stay valid.
    let t = x.abs();
    for (const d of [...dims].sort((a, b) => b - a)) t = ord > 0 ? maxAlong(t, d, keepdim) : minAlong(t, d, keepdim);
    return t;
  }
  if (ord === 0) return x.ne(0).float().to(x.dtype).sum(dims, keepdim);
  if (ord === 2) return x.square().sum(dims, keepdim).sqrt();
  if (ord === 1) return x.abs().sum(dims, keepdim);
  return x.abs().pow(ord).sum(dims, keepdim).pow(1 / ord);
}

/**
 * Matrix norm over the two dims `dim` (default the last two), like torch.linalg.matrix_norm:
 * "fro" (default), "nuc" (Σ σ), 1 / -1 (max / min column abs-sum), Infinity / -Infinity (max / min row abs-sum),
 * 2 / -2 (largest / smallest σ). "fro", ±1 and ±Infinity are differentiable; "nuc" and ±2 go through the SVD and are not.
 */
export function matrixNorm(A: Tensor, ord: MatrixOrd = "fro", dim: readonly [number, number] = [-2, -1], keepdim = false): Tensor {
  const op = "linalg.matrixNorm";
  checkFloat(op, A);
  const nd = A.shape.length;
  if (nd < 2) throw new Error(`${op}: expected a tensor with at least 2 dims, got ${fmt(A.shape)}`);
  if (!Array.isArray(dim) || dim.length !== 2) throw new Error(`${op}: dim must be a pair of dims, got ${JSON.stringify(dim)}`);
  const r = normDim(op, dim[0], nd, A.shape);
  const c = normDim(op, dim[1], nd, A.shape);
  if (r === c) throw new Error(`${op}: dim ${JSON.stringify(dim)} names the same dimension twice`);
  const [hi, lo] = r > c ? [r, c] : [c, r];
  const squeezeBoth = (t: Tensor) => (keepdim ? t : t.squeeze(hi).squeeze(lo));
  switch (ord) {
    case "fro":
      return A.square().sum([r, c], keepdim).sqrt();
    case 1:
    case -1: {
      const colSums = A.abs().sum(r, true); // Σ over rows → one value per column
      return squeezeBoth(ord === 1 ? maxAlong(colSums, c, true) : minAlong(colSums, c, true));
    }
    case Number.POSITIVE_INFINITY:
    case Number.NEGATIVE_INFINITY: {
      const rowSums = A.abs().sum(c, true);
      return squeezeBoth(ord > 0 ? maxAlong(rowSums, r, true) : minAlong(rowSums, r, true));
    }
    case "nuc":
    case 2:
    case -2: {
      // Move (r, c) to the end, take singular values (…, k), then reduce.
      const rest = [...Array(nd).keys()].filter((d) => d !== r && d !== c);
      const S = svd(A.permute([...rest, r, c]).contiguous()).S;
      let out = ord === "nuc" ? S.sum(-1) : ord === 2 ? maxAlong(S, -1, false) : minAlong(S, -1, false);
      if (keepdim) out = out.unsqueeze(lo).unsqueeze(hi);
      return out;
    }
    default:
      throw new Error(`${op}: unsupported ord ${JSON.stringify(ord)}; use "fro", "nuc", 1, -1, 2, -2, Infinity or -Infinity`);
  }
}

/**
 * torch.linalg.norm(x, ord?, dim?, keepdim?): with neither ord nor dim, the 2-norm of all elements;
 * a single dim (or a 1-D input with ord) gives a vector norm; two dims (or a 2-D input with ord) a matrix norm.
 */
export function norm(x: Tensor, ord?: NormOrd, dim?: number | readonly number[], keepdim = false): Tensor {
  const op = "linalg.norm";
  checkFloat(op, x);
  if (dim === undefined) {
    if (ord === undefined) return vectorNorm(x, 2, undefined, keepdim);
    if (x.shape.length === 1) {
      if (typeof ord !== "number") throw new Error(`${op}: ord ${JSON.stringify(ord)} is a matrix norm but the input is 1-D ${fmt(x.shape)}`);
      return vectorNorm(x, ord, undefined, keepdim);
    }
    if (x.shape.length === 2) return matrixNorm(x, ord, [0, 1], keepdim);
    throw new Error(`${op}: with ord given and no dim the input must be 1-D or 2-D, got ${fmt(x.shape)}; pass dim`);
  }
  const dims = typeof dim === "number" ? [dim] : [...dim];
  if (dims.length === 1) {
    if (ord !== undefined && typeof ord !== "number") throw new Error(`${op}: ord ${JSON.stringify(ord)} needs two dims, got dim ${JSON.stringify(dim)}`);
    return vectorNorm(x, ord ?? 2, dims, keepdim);
  }
  if (dims.length === 2) return matrixNorm(x, ord ?? "fro", [dims[0]!, dims[1]!], keepdim);
  throw new Error(`${op}: dim must name one or two dims, got ${JSON.stringify(dim)}`);
}
