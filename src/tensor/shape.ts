// Shape helpers: sizes, strides, dim normalisation, broadcasting, and the engine's error type.
export type Shape = readonly number[];

/** Errors from the engine; the message names the op and the shapes. */
export class TensorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TensorError";
  }
}

export const fmt = (shape: Shape): string => `[${shape.join(",")}]`;

export function numelOf(shape: Shape): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function contiguousStrides(shape: Shape): number[] {
  const st = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = acc;
    acc *= shape[i];
  }
  return st;
}

/** Map a possibly negative dim into [0, ndim); `op` and `shape` go into the error. */
export function normDim(dim: number, ndim: number, op: string, shape: Shape, extra = 0): number {
  const n = ndim + extra;
  if (!Number.isInteger(dim) || dim < -n || dim >= Math.max(n, 1)) {
    throw new TensorError(
      `${op}: dim ${dim} is out of range for a tensor of ${ndim} dims ${fmt(shape)} (valid: ${-Math.max(n, 1)}..${Math.max(n, 1) - 1})`,
    );
  }
  return dim < 0 ? dim + Math.max(n, 1) : dim;
}

/** Normalise a dim list (or all dims when undefined), sorted and without duplicates. */
export function normDims(dim: number | readonly number[] | undefined, shape: Shape, op: string): number[] {
  if (dim === undefined) return shape.map((_, i) => i);
  const list = typeof dim === "number" ? [dim] : dim;
  const out = list.map((d) => normDim(d, shape.length, op, shape));
  if (new Set(out).size !== out.length) throw new TensorError(`${op}: dim ${fmt(list)} repeats a dim (shape ${fmt(shape)})`);
  return out.sort((a, b) => a - b);
}

/** NumPy/PyTorch broadcasting of two shapes. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 1; i <= n; i++) {
    const x = i <= a.length ? a[a.length - i] : 1;
    const y = i <= b.length ? b[b.length - i] : 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new TensorError(`${op}: shapes ${fmt(a)} and ${fmt(b)} cannot broadcast (dim -${i}: ${x} vs ${y})`);
    }
    out[n - i] = x === 1 ? y : x;
  }
  return out;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Resolve a single -1 in a target shape for reshape/view. */
export function inferShape(op: string, from: Shape, to: readonly number[]): number[] {
  const n = numelOf(from);
  const neg = to.filter((s) => s === -1).length;
  if (neg > 1) throw new TensorError(`${op}: only one dimension can be -1, got ${fmt(to)}`);
  for (const s of to) {
    if (!Number.isInteger(s) || s < -1) throw new TensorError(`${op}: invalid size ${s} in ${fmt(to)}`);
  }
  const known = to.reduce((p, s) => (s === -1 ? p : p * s), 1);
  const out = [...to];
  if (neg === 1) {
    if (known === 0 || n % known !== 0) {
      throw new TensorError(`${op}: cannot reshape ${fmt(from)} (${n} elements) into ${fmt(to)}`);
    }
    out[out.indexOf(-1)] = n / known;
  } else if (known !== n) {
    throw new TensorError(`${op}: cannot reshape ${fmt(from)} (${n} elements) into ${fmt(to)} (${known} elements)`);
  }
  return out;
}
