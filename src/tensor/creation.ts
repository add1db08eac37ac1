// Creating tensors: tensor() from JS data or typed arrays, zeros/ones/full/arange/eye, and random tensors.
import { type DType, type TypedArray, allocate, dtypeOfArray } from "./dtype.ts";
import { normals, uniforms } from "./random.ts";
import { type Shape, TensorError, fmt, numelOf } from "./shape.ts";
import { type NestedList, Tensor } from "./tensor.ts";

export interface TensorOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}
export interface CreateOptions extends TensorOptions {
  shape?: Shape;
}
export type TensorData = number | boolean | NestedList | readonly NestedList[] | TypedArray;

function finish(t: Tensor, opts: TensorOptions | undefined): Tensor {
  if (opts?.requiresGrad) t.requiresGrad = true;
  return t;
}

function fromArray(values: ArrayLike<number>, shape: Shape, dtype: DType): TypedArray {
  const out = allocate(dtype, values.length);
  if (dtype === "bool") for (let i = 0; i < values.length; i++) out[i] = values[i] ? 1 : 0;
  else for (let i = 0; i < values.length; i++) out[i] = values[i];
  if (out.length !== numelOf(shape)) throw new TensorError(`tensor: ${values.length} values do not fill shape ${fmt(shape)} (${numelOf(shape)} elements)`);
  return out;
}

/** Shape of a nested JS array, checking that it is rectangular. */
function nestedShape(data: NestedList): number[] {
  const shape: number[] = [];
  let cur: NestedList = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0];
  }
  return shape;
}

function flattenNested(data: NestedList, shape: number[]): { values: number[]; sawBool: boolean } {
  const values: number[] = [];
  let sawBool = false;
  const walk = (x: NestedList, d: number, path: number[]) => {
    if (d === shape.length) {
      if (Array.isArray(x)) throw new TensorError(`tensor: ragged nested array at index [${path.join(",")}]: expected a number, got an array`);
      if (typeof x === "boolean") sawBool = true;
      else if (typeof x !== "number") throw new TensorError(`tensor: element at [${path.join(",")}] is ${typeof x}, expected a number or boolean`);
      values.push(typeof x === "boolean" ? (x ? 1 : 0) : x);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[d]) {
      const got = Array.isArray(x) ? `length ${x.length}` : typeof x;
      throw new TensorError(`tensor: ragged nested array at index [${path.join(",")}]: expected length ${shape[d]}, got ${got}`);
    }
    x.forEach((y, i) => {
      walk(y, d + 1, [...path, i]);
    });
  };
  walk(data, 0, []);
  return { values, sawBool };
}

/**
 * tensor(data, {shape?, dtype?, requiresGrad?}). Inferred dtype: JS numbers → float32, booleans → bool,
 * Float32Array → float32, Float64Array → float64, Int32Array → int32, Uint8Array → bool. Data is copied.
 */
export function tensor(data: TensorData, opts: CreateOptions = {}): Tensor {
  if (ArrayBuffer.isView(data)) {
    const arr = data as TypedArray;
    const dtype = opts.dtype ?? dtypeOfArray(arr);
    const shape = opts.shape ? [...opts.shape] : [arr.length];
    return finish(new Tensor(fromArray(arr, shape, dtype), shape, dtype), opts);
  }
  const shape = nestedShape(data as NestedList);
  const { values, sawBool } = flattenNested(data as NestedList, shape);
  const dtype = opts.dtype ?? (sawBool ? "bool" : "float32");
  const finalShape = opts.shape ? [...opts.shape] : shape;
  return finish(new Tensor(fromArray(values, finalShape, dtype), finalShape, dtype), opts);
}

function shapeOf(shape: number | Shape, op: string): number[] {
  const s = typeof shape === "number" ? [shape] : [...shape];
  for (const v of s) if (!Number.isInteger(v) || v < 0) throw new TensorError(`${op}: invalid size ${v} in shape ${fmt(s)}`);
  return s;
}

export function full(shape: number | Shape, value: number | boolean, opts: TensorOptions = {}): Tensor {
  const s = shapeOf(shape, "full");
  const dtype = opts.dtype ?? (typeof value === "boolean" ? "bool" : "float32");
  const d = allocate(dtype, numelOf(s));
  d.fill(typeof value === "boolean" ? (value ? 1 : 0) : value);
  return finish(new Tensor(d, s, dtype), opts);
}
export const zeros = (shape: number | Shape, opts: TensorOptions = {}): Tensor => full(shape, 0, opts);
export const ones = (shape: number | Shape, opts: TensorOptions = {}): Tensor => full(shape, 1, opts);
export const zerosLike = (t: Tensor, opts: TensorOptions = {}): Tensor => full(t.shape, 0, { dtype: t.dtype, ...opts });
export const onesLike = (t: Tensor, opts: TensorOptions = {}): Tensor => full(t.shape, 1, { dtype: t.dtype, ...opts });
export const fullLike = (t: Tensor, value: number, opts: TensorOptions = {}): Tensor => full(t.shape, value, { dtype: t.dtype, ...opts });

/** arange(end) or arange(start, end, step?); float32 unless a dtype is given (torch would pick int64 for integers). */
export function arange(start: number, end?: number | TensorOptions, step = 1, opts: TensorOptions = {}): Tensor {
  let lo = start;
  let hi: number;
  if (end === undefined || typeof end === "object") {
    opts = end ?? opts;
    lo = 0;
    hi = start;
  } else hi = end;
  if (step === 0 || !Number.isFinite(step)) throw new TensorError(`arange: step must be a non-zero finite number, got ${step}`);
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const dtype = opts.dtype ?? "float32";
  const d = allocate(dtype, n);
  for (let i = 0; i < n; i++) d[i] = lo + i * step;
  return finish(new Tensor(d, [n], dtype), opts);
}

export function linspace(start: number, end: number, steps: number, opts: TensorOptions = {}): Tensor {
  const dtype = opts.dtype ?? "float32";
  const d = allocate(dtype, steps);
  for (let i = 0; i < steps; i++) d[i] = steps === 1 ? start : start + ((end - start) * i) / (steps - 1);
  return finish(new Tensor(d, [steps], dtype), opts);
}

/** Identity matrix n×m (m defaults to n). */
export function eye(n: number, m: number | TensorOptions = n, opts: TensorOptions = {}): Tensor {
  if (typeof m === "object") {
    opts = m;
    m = n;
  }
  const t = zeros([n, m], opts.dtype ? { dtype: opts.dtype } : {});
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return finish(t, opts);
}

function fromFloats(values: Float64Array, shape: number[], opts: TensorOptions, dflt: DType): Tensor {
  const dtype = opts.dtype ?? dflt;
  const d = allocate(dtype, values.length);
  d.set(values);
  return finish(new Tensor(d, shape, dtype), opts);
}

/** Standard normal samples (Philox + Box–Muller, see README). */
export function randn(shape: number | Shape, opts: TensorOptions = {}): Tensor {
  const s = shapeOf(shape, "randn");
  return fromFloats(normals(numelOf(s)), s, opts, "float32");
}

/** Uniform samples in [0, 1). */
export function rand(shape: number | Shape, opts: TensorOptions = {}): Tensor {
  const s = shapeOf(shape, "rand");
  const u = uniforms(numelOf(s));
  if ((opts.dtype ?? "float32") === "float32") for (let i = 0; i < u.length; i++) if (Math.fround(u[i]) >= 1) u[i] = 1 - 2 ** -24;
  return fromFloats(u, s, opts, "float32");
}

/** Integers uniform in [low, high); int32 unless a dtype is given. */
export function randint(low: number, high: number, shape: number | Shape, opts: TensorOptions = {}): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) throw new TensorError(`randint: need integers low < high, got ${low} and ${high}`);
  const s = shapeOf(shape, "randint");
  const u = uniforms(numelOf(s));
  for (let i = 0; i < u.length; i++) u[i] = low + Math.floor(u[i] * (high - low));
  return fromFloats(u, s, opts, "int32");
}

export const randnLike = (t: Tensor, opts: TensorOptions = {}): Tensor => randn(t.shape, { dtype: t.dtype, ...opts });
export const randLike = (t: Tensor, opts: TensorOptions = {}): Tensor => rand(t.shape, { dtype: t.dtype, ...opts });
