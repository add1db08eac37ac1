// In-place helpers for optimizers (copy_, fill_, zero_, add_, sub_, mul_, div_): no autograd, refused on tensors that need grad.
import { isGradEnabled } from "../autograd/graph.ts";
import { isFloat } from "../dtype.ts";
import { TensorError, broadcastShapes, fmt, sameShape } from "../shape.ts";
import { Tensor, type TensorLike } from "../tensor.ts";
import { asTensor, operand } from "./elementwise.ts";
import { writeStrided } from "./strided.ts";

function guard(t: Tensor, op: string, other?: TensorLike): void {
  if (t.requiresGrad && isGradEnabled()) {
    throw new TensorError(
      `${op}: in-place update of a tensor ${fmt(t.shape)} that requires grad; wrap the update in noGrad(() => ...) (optimizers do)`,
    );
  }
  if (other instanceof Tensor) {
    const shape = broadcastShapes(op, t.shape, other.shape);
    if (!sameShape(shape, t.shape)) throw new TensorError(`${op}: cannot broadcast ${fmt(other.shape)} into the destination ${fmt(t.shape)}`);
  }
}

/** Overwrite t's elements with src (a tensor broadcast to t.shape, or a number). */
export function copyInto<T extends Tensor>(t: T, src: TensorLike, op: string): T {
  guard(t, op, src);
  const s = src instanceof Tensor ? src : asTensor(src, t);
  writeStrided(t.data, t.offset, t.shape, t.strides, operand(s, t.shape, t.dtype));
  return t;
}

/** t ← t + alpha·other (add_/sub_), t ← t·other (mul_), t ← t/other (div_). */
export function updateInPlace<T extends Tensor>(t: T, other: TensorLike, op: "add_" | "sub_" | "mul_" | "div_", alpha: number): T {
  guard(t, op, other);
  if (!isFloat(t.dtype) && op === "div_") throw new TensorError(`div_: in-place division of an ${t.dtype} tensor ${fmt(t.shape)} would need a float result`);
  const o = other instanceof Tensor ? other : asTensor(other, t);
  const b = operand(o, t.shape, isFloat(t.dtype) ? t.dtype : "float64");
  const cur = t.isContiguous() ? t.data.subarray(t.offset, t.offset + t.numel()) : operand(t, t.shape, t.dtype).slice();
  const n = cur.length;
  if (op === "mul_") for (let i = 0; i < n; i++) cur[i] *= b[i];
  else if (op === "div_") for (let i = 0; i < n; i++) cur[i] /= b[i];
  else if (alpha === 1) for (let i = 0; i < n; i++) cur[i] += b[i];
  else for (let i = 0; i < n; i++) cur[i] += alpha * b[i];
  if (!t.isContiguous()) writeStrided(t.data, t.offset, t.shape, t.strides, cur);
  return t;
}
