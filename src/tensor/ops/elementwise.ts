// Elementwise primitives with NumPy broadcasting: one tight loop per op, chosen by a switch outside the loop.
import { record } from "../autograd/graph.ts";
import { type DType, type TypedArray, allocate, floatOf, isFloat, promoteTypes, promoteWithScalar } from "../dtype.ts";
import { TensorError, broadcastShapes, fmt, numelOf, sameShape } from "../shape.ts";
import { type F32BinaryOp, type F32UnaryOp, binaryF32, unaryF32 } from "../kernels/elementwise-f32.ts";
import { Tensor, type TensorLike } from "../tensor.ts";
import { erf } from "./erf.ts";
import { broadcastStrides, readStrided } from "./strided.ts";

export type BinaryOp = "add" | "sub" | "mul" | "div" | "pow" | "maximum" | "minimum" | "eq" | "ne" | "lt" | "le" | "gt" | "ge" | "and" | "or";
export type UnaryOp = "neg" | "exp" | "log" | "sqrt" | "rsqrt" | "abs" | "tanh" | "sigmoid" | "relu" | "sin" | "cos" | "erf" | "sign" | "not";

const COMPARE = new Set<BinaryOp>(["eq", "ne", "lt", "le", "gt", "ge", "and", "or"]);
const FLOAT_UNARY = new Set<UnaryOp>(["exp", "log", "sqrt", "rsqrt", "tanh", "sigmoid", "sin", "cos", "erf"]);
/** Ops with a float32 fast loop in kernels/elementwise-f32.ts (the loops below stay the reference). */
const F32_BINARY = new Set<BinaryOp>(["add", "sub", "mul", "div", "maximum", "minimum"]);
const F32_UNARY = new Set<UnaryOp>(["neg", "exp", "log", "sqrt", "rsqrt", "abs", "tanh", "sigmoid", "relu", "sin", "cos", "erf"]);

/** A JS number becomes a 0-d tensor with torch's "weak scalar" dtype next to `like`. */
export function asTensor(x: TensorLike, like: Tensor): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x !== "number") throw new TensorError(`expected a Tensor or a number, got ${typeof x}`);
  const dtype = promoteWithScalar(like.dtype, x);
  const data = allocate(dtype, 1);
  data[0] = x;
  return new Tensor(data, [], dtype);
}

/** The elements of t broadcast to `shape`, as a contiguous array of `dtype` (no copy when already so). */
export function operand(t: Tensor, shape: readonly number[], dtype: DType): TypedArray {
  if (t.dtype === dtype && sameShape(t.shape, shape) && t.isContiguous()) return t.data.subarray(t.offset, t.offset + numelOf(shape));
  const out = allocate(dtype, numelOf(shape));
  if (dtype === "bool" && t.dtype !== "bool") {
    const tmp = new Float64Array(out.length);
    readStrided(t.data, t.offset, shape, broadcastStrides(t.shape, t.strides, shape), tmp);
    for (let i = 0; i < tmp.length; i++) out[i] = tmp[i] !== 0 ? 1 : 0;
    return out;
  }
  readStrided(t.data, t.offset, shape, broadcastStrides(t.shape, t.strides, shape), out);
  return out;
}

function binaryDtype(op: BinaryOp, a: DType, b: DType): { compute: DType; out: DType } {
  const p = promoteTypes(a, b);
  if (COMPARE.has(op)) return { compute: p, out: "bool" };
  if (op === "div") return { compute: floatOf(p), out: floatOf(p) };
  const arith = p === "bool" ? "int32" : p;
  return { compute: arith, out: arith };
}

function binaryKernel(op: BinaryOp, a: TypedArray, b: TypedArray, o: TypedArray, n: number): void {
  switch (op) {
    case "add": for (let i = 0; i < n; i++) o[i] = a[i] + b[i]; break;
    case "sub": for (let i = 0; i < n; i++) o[i] = a[i] - b[i]; break;
    case "mul": for (let i = 0; i < n; i++) o[i] = a[i] * b[i]; break;
    case "div": for (let i = 0; i < n; i++) o[i] = a[i] / b[i]; break;
    case "pow": for (let i = 0; i < n; i++) o[i] = a[i] ** b[i]; break;
    case "maximum": for (let i = 0; i < n; i++) o[i] = a[i] >= b[i] || Number.isNaN(a[i]) ? a[i] : b[i]; break;
    case "minimum": for (let i = 0; i < n; i++) o[i] = a[i] <= b[i] || Number.isNaN(a[i]) ? a[i] : b[i]; break;
    case "eq": for (let i = 0; i < n; i++) o[i] = a[i] === b[i] ? 1 : 0; break;
    case "ne": for (let i = 0; i < n; i++) o[i] = a[i] !== b[i] ? 1 : 0; break;
    case "lt": for (let i = 0; i < n; i++) o[i] = a[i] < b[i] ? 1 : 0; break;
    case "le": for (let i = 0; i < n; i++) o[i] = a[i] <= b[i] ? 1 : 0; break;
    case "gt": for (let i = 0; i < n; i++) o[i] = a[i] > b[i] ? 1 : 0; break;
    case "ge": for (let i = 0; i < n; i++) o[i] = a[i] >= b[i] ? 1 : 0; break;
    case "and": for (let i = 0; i < n; i++) o[i] = a[i] !== 0 && b[i] !== 0 ? 1 : 0; break;
    case "or": for (let i = 0; i < n; i++) o[i] = a[i] !== 0 || b[i] !== 0 ? 1 : 0; break;
  }
}

/** a (op) b with broadcasting and type promotion; records autograd for differentiable ops. */
export function binary(op: BinaryOp, a: Tensor, bIn: TensorLike): Tensor {
  const b = asTensor(bIn, a);
  const shape = broadcastShapes(op, a.shape, b.shape);
  const { compute, out } = binaryDtype(op, a.dtype, b.dtype);
  const n = numelOf(shape);
  const fast = out === "float32" && F32_BINARY.has(op) ? binaryF32(op as F32BinaryOp, a, b, shape, n) : null;
  const o = fast ?? allocate(out, n);
  if (!fast) binaryKernel(op, operand(a, shape, compute), operand(b, shape, compute), o, n);
  const res = new Tensor(o, shape, out);
  return COMPARE.has(op) ? res : record(op as "add", [a, b], res);
}

function unaryKernel(op: UnaryOp, a: TypedArray, o: TypedArray, n: number): void {
  switch (op) {
    case "neg": for (let i = 0; i < n; i++) o[i] = -a[i]; break;
    case "exp": for (let i = 0; i < n; i++) o[i] = Math.exp(a[i]); break;
    case "log": for (let i = 0; i < n; i++) o[i] = Math.log(a[i]); break;
    case "sqrt": for (let i = 0; i < n; i++) o[i] = Math.sqrt(a[i]); break;
    case "rsqrt": for (let i = 0; i < n; i++) o[i] = 1 / Math.sqrt(a[i]); break;
    case "abs": for (let i = 0; i < n; i++) o[i] = Math.abs(a[i]); break;
    case "tanh": for (let i = 0; i < n; i++) o[i] = Math.tanh(a[i]); break;
    case "sigmoid": for (let i = 0; i < n; i++) o[i] = 1 / (1 + Math.exp(-a[i])); break;
    case "relu": for (let i = 0; i < n; i++) o[i] = Math.max(a[i], 0); break;
    case "sin": for (let i = 0; i < n; i++) o[i] = Math.sin(a[i]); break;
    case "cos": for (let i = 0; i < n; i++) o[i] = Math.cos(a[i]); break;
    case "erf": for (let i = 0; i < n; i++) o[i] = erf(a[i]); break;
    case "sign": for (let i = 0; i < n; i++) o[i] = a[i] > 0 ? 1 : a[i] < 0 ? -1 : a[i]; break;
    case "not": for (let i = 0; i < n; i++) o[i] = a[i] === 0 ? 1 : 0; break;
  }
}

export function unary(op: UnaryOp, a: Tensor): Tensor {
  let out: DType = FLOAT_UNARY.has(op) ? floatOf(a.dtype) : a.dtype;
  if (op === "not") out = "bool";
  else if (out === "bool") out = "int32";
  const n = a.numel();
  const fast = out === "float32" && F32_UNARY.has(op) ? unaryF32(op as F32UnaryOp, a) : null;
  const o = fast ?? allocate(out, n);
  if (!fast) unaryKernel(op, operand(a, a.shape, op === "not" ? a.dtype : out), o, n);
  const res = new Tensor(o, a.shape, out);
  return op === "not" || op === "sign" ? res : record(op, [a], res);
}

/** x ** e for a number exponent. */
export function powScalar(a: Tensor, exponent: number): Tensor {
  const out = promoteWithScalar(a.dtype === "bool" ? "int32" : a.dtype, exponent);
  const n = a.numel();
  const src = operand(a, a.shape, out);
  const o = allocate(out, n);
  if (exponent === 2) for (let i = 0; i < n; i++) o[i] = src[i] * src[i];
  else for (let i = 0; i < n; i++) o[i] = src[i] ** exponent;
  return record("powScalar", [a], new Tensor(o, a.shape, out), { exponent });
}

export function clamp(a: Tensor, min?: number, max?: number): Tensor {
  if (min === undefined && max === undefined) throw new TensorError(`clamp: give at least one of min and max (shape ${fmt(a.shape)})`);
  const lo = min ?? Number.NEGATIVE_INFINITY;
  const hi = max ?? Number.POSITIVE_INFINITY;
  let out = a.dtype === "bool" ? "int32" : a.dtype;
  if (!isFloat(out) && (!Number.isInteger(lo) && Number.isFinite(lo) || !Number.isInteger(hi) && Number.isFinite(hi))) out = "float32";
  const n = a.numel();
  const src = operand(a, a.shape, out);
  const o = allocate(out, n);
  for (let i = 0; i < n; i++) {
    o[i] = Math.min(Math.max(src[i], lo), hi);
  }
  return record("clamp", [a], new Tensor(o, a.shape, out), { min: lo, max: hi });
}

/** Convert to another dtype (differentiable between float dtypes). Same dtype returns the tensor itself. */
export function cast(a: Tensor, dtype: DType): Tensor {
  if (a.dtype === dtype) return a;
  const o = operand(a, a.shape, dtype);
  const res = new Tensor(o.buffer === a.data.buffer ? o.slice() : o, a.shape, dtype);
  return record("cast", [a], res, { dtype: a.dtype });
}

/** where(cond, x, y): x where cond is true, else y; broadcasts all three. */
export function where(cond: Tensor, xIn: TensorLike, yIn: TensorLike): Tensor {
  if (cond.dtype !== "bool") throw new TensorError(`where: condition must be a bool tensor, got ${cond.dtype} ${fmt(cond.shape)}; compare first, e.g. x.gt(0)`);
  const floatLike = new Tensor(allocate("float32", 1), [], "float32");
  const x = xIn instanceof Tensor ? xIn : asTensor(xIn, yIn instanceof Tensor ? yIn : floatLike);
  const y = asTensor(yIn, x);
  const shape = broadcastShapes("where", broadcastShapes("where", cond.shape, x.shape), y.shape);
  const dtype = promoteTypes(x.dtype, y.dtype);
  const n = numelOf(shape);
  const c = operand(cond, shape, "bool");
  const xa = operand(x, shape, dtype);
  const ya = operand(y, shape, dtype);
  const o = allocate(dtype, n);
  for (let i = 0; i < n; i++) o[i] = c[i] ? xa[i] : ya[i];
  return record("where", [x, y], new Tensor(o, shape, dtype), { aux: cond });
}

export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  if (!(mask instanceof Tensor) || mask.dtype !== "bool") {
    throw new TensorError(`maskedFill: mask must be a bool tensor, got ${mask instanceof Tensor ? `${mask.dtype} ${fmt(mask.shape)}` : typeof mask}`);
  }
  const shape = broadcastShapes("maskedFill", x.shape, mask.shape);
  if (!sameShape(shape, x.shape)) throw new TensorError(`maskedFill: mask ${fmt(mask.shape)} must broadcast to the input ${fmt(x.shape)}`);
  const v = new Tensor(allocate(x.dtype, 1), [], x.dtype);
  v.data[0] = value;
  return where(mask, v, x);
}
