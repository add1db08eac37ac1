// The Tensor class: flat typed-array storage viewed through shape, strides and offset; methods delegate to ops/.
import { type Node, backward as runBackward, checkRequiresGrad } from "./autograd/graph.ts";
import * as C from "./compose/stats.ts";
import { matmul } from "./compose/matmul.ts";
import { type DType, type TypedArray, allocate } from "./dtype.ts";
import * as E from "./ops/elementwise.ts";
import * as I from "./ops/indexing.ts";
import * as P from "./ops/inplace.ts";
import * as M from "./ops/movement.ts";
import * as R from "./ops/reduce.ts";
import { readStrided } from "./ops/strided.ts";
import { formatTensor } from "./print.ts";
import { TensorError, contiguousStrides, fmt, normDim, numelOf } from "./shape.ts";

export type Scalar = number;
export type TensorLike = Tensor | number;
export type NestedList = number | boolean | NestedList[];
/** Accepts both `t.reshape(2, 3)` and `t.reshape([2, 3])`. */
export type SizeArgs = number[] | [readonly number[]];

export function sizeArgs(args: SizeArgs): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? [...(args[0] as readonly number[])] : [...(args as number[])];
}

export class Tensor {
  /** Raw storage shared by views. */
  data: TypedArray;
  readonly shape: number[];
  readonly strides: number[];
  readonly offset: number;
  readonly dtype: DType;
  /** Accumulated gradient of a leaf after backward(); set to null to clear. */
  grad: Tensor | null = null;
  /** The autograd node that produced this tensor (null for leaves). */
  gradFn: Node | null = null;
  /** Set by retainGrad(): keep .grad on a non-leaf tensor too. */
  retainsGrad = false;
  private _requiresGrad = false;

  constructor(data: TypedArray, shape: readonly number[], dtype: DType, strides?: readonly number[], offset = 0) {
    this.data = data;
    this.shape = [...shape];
    this.strides = strides ? [...strides] : contiguousStrides(shape);
    this.offset = offset;
    this.dtype = dtype;
  }

  get requiresGrad(): boolean {
    return this._requiresGrad;
  }
  set requiresGrad(v: boolean) {
    if (v) checkRequiresGrad(this.dtype, "requiresGrad");
    if (!v && this.gradFn) {
      throw new TensorError(`requiresGrad: cannot turn off gradients of a non-leaf tensor ${fmt(this.shape)} (produced by ${this.gradFn.name}); use detach()`);
    }
    this._requiresGrad = v;
  }
  /** Used by the autograd recorder; skips the leaf checks. */
  markRequiresGrad(): void {
    this._requiresGrad = true;
  }
  get isLeaf(): boolean {
    return this.gradFn === null;
  }
  requiresGrad_(v = true): this {
    this.requiresGrad = v;
    return this;
  }
  retainGrad(): this {
    this.retainsGrad = true;
    return this;
  }

  // ---- storage and metadata ----
  numel(): number { return numelOf(this.shape); }
  dim(): number { return this.shape.length; }
  get ndim(): number {
    return this.shape.length;
  }
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    if (dim === undefined) return [...this.shape];
    return this.shape[normDim(dim, this.shape.length, "size", this.shape)];
  }
  isContiguous(): boolean {
    const st = contiguousStrides(this.shape);
    for (let i = 0; i < st.length; i++) if (this.shape[i] !== 1 && this.strides[i] !== st[i]) return false;
    return true;
  }
  /** A contiguous row-major copy of the elements in this tensor's own dtype storage type. */
  contiguousData(): TypedArray {
    if (this.isContiguous()) return this.data.subarray(this.offset, this.offset + this.numel());
    const out = allocate(this.dtype, this.numel());
    readStrided(this.data, this.offset, this.shape, this.strides, out);
    return out;
  }
  toFloat32Array(): Float32Array {
    const out = new Float32Array(this.numel());
    readStrided(this.data, this.offset, this.shape, this.strides, out);
    return out;
  }
  toFloat64Array(): Float64Array {
    const out = new Float64Array(this.numel());
    readStrided(this.data, this.offset, this.shape, this.strides, out);
    return out;
  }
  item(): number {
    if (this.numel() !== 1) {
      throw new TensorError(`item: only one-element tensors can be converted to a number, got shape ${fmt(this.shape)}`);
    }
    return this.data[this.offset];
  }
  tolist(): NestedList {
    const flat = this.toFloat64Array();
    const asVal = (v: number): number | boolean => (this.dtype === "bool" ? v !== 0 : v);
    if (this.shape.length === 0) return asVal(flat[0]);
    let pos = 0;
    const build = (d: number): NestedList[] => {
      const out: NestedList[] = [];
      for (let i = 0; i < this.shape[d]; i++) out.push(d === this.shape.length - 1 ? asVal(flat[pos++]) : build(d + 1));
      return out;
    };
    return build(0);
  }
  toString(): string { return formatTensor(this); }

  // ---- autograd ----
  backward(grad?: Tensor, opts: { retainGraph?: boolean } = {}): void {
    runBackward(this, grad, opts.retainGraph ?? false);
  }
  detach(): Tensor { return new Tensor(this.data, this.shape, this.dtype, this.strides, this.offset); }
  clone(): Tensor { return M.cloneOp(this); }
  to(dtype: DType): Tensor { return E.cast(this, dtype); }
  float(): Tensor { return E.cast(this, "float32"); }
  double(): Tensor { return E.cast(this, "float64"); }
  int(): Tensor { return E.cast(this, "int32"); }
  bool(): Tensor { return E.cast(this, "bool"); }

  // ---- elementwise ----
  add(other: TensorLike, alpha = 1): Tensor {
    return E.binary("add", this, alpha === 1 ? other : E.binary("mul", E.asTensor(other, this), alpha));
  }
  sub(other: TensorLike, alpha = 1): Tensor {
    return E.binary("sub", this, alpha === 1 ? other : E.binary("mul", E.asTensor(other, this), alpha));
  }
  mul(other: TensorLike): Tensor { return E.binary("mul", this, other); }
  div(other: TensorLike): Tensor { return E.binary("div", this, other); }
  pow(exponent: TensorLike): Tensor {
    return typeof exponent === "number" ? E.powScalar(this, exponent) : E.binary("pow", this, exponent);
  }
  maximum(other: TensorLike): Tensor { return E.binary("maximum", this, other); }
  minimum(other: TensorLike): Tensor { return E.binary("minimum", this, other); }
  neg(): Tensor { return E.unary("neg", this); }
  exp(): Tensor { return E.unary("exp", this); }
  log(): Tensor { return E.unary("log", this); }
  sqrt(): Tensor { return E.unary("sqrt", this); }
  rsqrt(): Tensor { return E.unary("rsqrt", this); }
  abs(): Tensor { return E.unary("abs", this); }
  tanh(): Tensor { return E.unary("tanh", this); }
  sigmoid(): Tensor { return E.unary("sigmoid", this); }
  relu(): Tensor { return E.unary("relu", this); }
  sin(): Tensor { return E.unary("sin", this); }
  cos(): Tensor { return E.unary("cos", this); }
  erf(): Tensor { return E.unary("erf", this); }
  sign(): Tensor { return E.unary("sign", this); }
  square(): Tensor { return E.binary("mul", this, this); }
  reciprocal(): Tensor { return E.binary("div", E.asTensor(1, this), this); }
  clamp(min?: number | null, max?: number | null): Tensor { return E.clamp(this, min ?? undefined, max ?? undefined); }
  eq(other: TensorLike): Tensor { return E.binary("eq", this, other); }
  ne(other: TensorLike): Tensor { return E.binary("ne", this, other); }
  lt(other: TensorLike): Tensor { return E.binary("lt", this, other); }
  le(other: TensorLike): Tensor { return E.binary("le", this, other); }
  gt(other: TensorLike): Tensor { return E.binary("gt", this, other); }
  ge(other: TensorLike): Tensor { return E.binary("ge", this, other); }
  logicalNot(): Tensor { return E.unary("not", this); }
  logicalAnd(other: TensorLike): Tensor { return E.binary("and", this, other); }
  logicalOr(other: TensorLike): Tensor { return E.binary("or", this, other); }
  maskedFill(mask: Tensor, value: number): Tensor { return E.maskedFill(this, mask, value); }

  // ---- reductions ----
  sum(dim?: number | readonly number[], keepdim = false): Tensor { return R.sum(this, dim, keepdim); }
  mean(dim?: number | readonly number[], keepdim = false): Tensor { return C.mean(this, dim, keepdim); }
  max(): Tensor;
  max(dim: number, keepdim?: boolean): { values: Tensor; indices: Tensor };
  max(dim?: number, keepdim = false): Tensor | { values: Tensor; indices: Tensor } {
    return dim === undefined ? R.extremeAll(this, "max") : R.extremeDim(this, dim, keepdim, "max");
  }
  min(): Tensor;
  min(dim: number, keepdim?: boolean): { values: Tensor; indices: Tensor };
  min(dim?: number, keepdim = false): Tensor | { values: Tensor; indices: Tensor } {
    return dim === undefined ? R.extremeAll(this, "min") : R.extremeDim(this, dim, keepdim, "min");
  }
  /** Max over one or more dims without indices (torch.amax). */
  amax(dim?: number | readonly number[], keepdim = false): Tensor { return R.extremeAll(this, "max", dim, keepdim); }
  amin(dim?: number | readonly number[], keepdim = false): Tensor { return R.extremeAll(this, "min", dim, keepdim); }
  argmax(dim?: number, keepdim = false): Tensor { return R.argExtreme(this, dim, keepdim, "max"); }
  argmin(dim?: number, keepdim = false): Tensor { return R.argExtreme(this, dim, keepdim, "min"); }
  var(dim?: number | readonly number[], unbiased = true, keepdim = false): Tensor { return C.variance(this, dim, unbiased, keepdim); }
  std(dim?: number | readonly number[], unbiased = true, keepdim = false): Tensor { return C.variance(this, dim, unbiased, keepdim).sqrt(); }
  logsumexp(dim: number | readonly number[], keepdim = false): Tensor { return C.logsumexp(this, dim, keepdim); }
  softmax(dim: number): Tensor { return C.softmax(this, dim); }
  logSoftmax(dim: number): Tensor { return C.logSoftmax(this, dim); }
  cumsum(dim: number): Tensor { return R.cumsum(this, dim); }
  prod(dim?: number, keepdim = false): Tensor { return C.prod(this, dim, keepdim); }

  // ---- movement / views ----
  reshape(...shape: SizeArgs): Tensor { return M.reshape(this, sizeArgs(shape), "reshape"); }
  view(...shape: SizeArgs): Tensor { return M.reshape(this, sizeArgs(shape), "view"); }
  transpose(dim0: number, dim1: number): Tensor { return M.transpose(this, dim0, dim1); }
  get T(): Tensor {
    return M.permute(this, this.shape.map((_, i) => this.shape.length - 1 - i));
  }
  permute(...dims: SizeArgs): Tensor { return M.permute(this, sizeArgs(dims)); }
  contiguous(): Tensor { return M.contiguous(this); }
  unsqueeze(dim: number): Tensor { return M.unsqueeze(this, dim); }
  squeeze(dim?: number): Tensor { return M.squeeze(this, dim); }
  expand(...shape: SizeArgs): Tensor { return M.expand(this, sizeArgs(shape)); }
  expandAs(other: Tensor): Tensor { return M.expand(this, other.shape); }
  flatten(startDim = 0, endDim = -1): Tensor { return M.flatten(this, startDim, endDim); }
  slice(dim: number, start?: number, end?: number, step = 1): Tensor { return M.slice(this, dim, start, end, step); }
  select(dim: number, index: number): Tensor { return M.select(this, dim, index); }
  narrow(dim: number, start: number, length: number): Tensor { return M.narrow(this, dim, start, length); }
  split(sizeOrSizes: number | number[], dim = 0): Tensor[] {
    return M.split(this, sizeOrSizes, dim);
  }
  chunk(chunks: number, dim = 0): Tensor[] {
    return M.chunk(this, chunks, dim);
  }
  repeat(...sizes: SizeArgs): Tensor { return M.repeat(this, sizeArgs(sizes)); }
  tril(diagonal = 0): Tensor { return M.triangle(this, diagonal, "tril"); }
  triu(diagonal = 0): Tensor { return M.triangle(this, diagonal, "triu"); }
  indexSelect(dim: number, index: Tensor): Tensor { return I.indexSelect(this, dim, index); }
  gather(dim: number, index: Tensor): Tensor { return I.gather(this, dim, index); }
  matmul(other: Tensor): Tensor { return matmul(this, other); }

  // ---- in-place (no autograd; for optimizers, under noGrad) ----
  copy_(src: TensorLike): this { return P.copyInto(this, src, "copy_"); }
  fill_(value: number): this { return P.copyInto(this, value, "fill_"); }
  zero_(): this { return P.copyInto(this, 0, "zero_"); }
  add_(other: TensorLike, alpha = 1): this { return P.updateInPlace(this, other, "add_", alpha); }
  sub_(other: TensorLike, alpha = 1): this { return P.updateInPlace(this, other, "sub_", -alpha); }
  mul_(other: TensorLike): this { return P.updateInPlace(this, other, "mul_", 1); }
  div_(other: TensorLike): this { return P.updateInPlace(this, other, "div_", 1); }
}
