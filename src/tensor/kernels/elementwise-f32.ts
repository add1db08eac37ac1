// Fast float32 elementwise loops: monomorphic (Float32Array only, so V8 keeps them tight) and broadcasting without
// materialising the broadcast operand. Covers full, scalar, trailing-dims ("bias") and size-1-tail ("keepdim") operands;
// anything else returns null and the reference loops in ops/elementwise.ts run.
import { erf } from "../ops/erf.ts";
import type { Tensor } from "../tensor.ts";
import { kernelMode } from "./config.ts";

export type F32BinaryOp = "add" | "sub" | "mul" | "div" | "maximum" | "minimum";
export type F32UnaryOp = "neg" | "exp" | "log" | "sqrt" | "rsqrt" | "abs" | "tanh" | "sigmoid" | "relu" | "sin" | "cos" | "erf";

/** How an operand is read along the output, one output row (last dim, length L) at a time. */
interface Access {
  data: Float32Array;
  /** element index of output row r's first element */
  base: (r: number) => number;
  /** 1: advance along the row; 0: one value per row */
  step: 0 | 1;
}

/** The access pattern of contiguous float32 `t` broadcast to `shape`, or null when it is none of the simple kinds. */
function access(t: Tensor, shape: readonly number[]): Access | null {
  if (t.dtype !== "float32" || !t.isContiguous()) return null;
  const data = (t.data as Float32Array).subarray(t.offset, t.offset + t.numel());
  const nd = shape.length;
  const L = nd === 0 ? 1 : shape[nd - 1];
  const n = t.numel();
  if (n === 1) return { data, base: () => 0, step: 0 };
  const lead = nd - t.dim();
  const s = (i: number) => (i < lead ? 1 : t.shape[i - lead]);
  // trailing dims equal to the output's, 1 before them: element i of the output reads i mod n
  let k = nd;
  while (k > 0 && s(k - 1) === shape[k - 1]) k--;
  let ones = true;
  for (let i = 0; i < k; i++) if (s(i) !== 1) ones = false;
  if (ones && k < nd) return { data, base: (r) => (r * L) % n, step: 1 };
  // leading dims equal to the output's, 1 after them (keepdim reductions): one value per block of q elements
  let j = 0;
  while (j < nd && s(j) === shape[j]) j++;
  let tailOnes = true;
  for (let i = j; i < nd; i++) if (s(i) !== 1) tailOnes = false;
  if (tailOnes && j < nd) {
    let q = 1;
    for (let i = j; i < nd; i++) q *= shape[i];
    return { data, base: (r) => Math.floor((r * L) / q), step: 0 };
  }
  return null;
}

/** out = a (op) b over `shape` (float32), or null when an operand's layout is not a simple kind or kernels are off. */
export function binaryF32(op: F32BinaryOp, a: Tensor, b: Tensor, shape: readonly number[], n: number): Float32Array | null {
  if (kernelMode() === "reference") return null;
  const A = access(a, shape);
  const B = access(b, shape);
  if (!A || !B) return null;
  const o = new Float32Array(n);
  const L = shape.length === 0 ? 1 : shape[shape.length - 1];
  if (L === 0) return o;
  const rows = n / L;
  for (let r = 0; r < rows; r++) rowLoop(op, A.data, A.base(r), A.step, B.data, B.base(r), B.step, o, r * L, L);
  return o;
}

function rowLoop(op: F32BinaryOp, a: Float32Array, ia: number, sa: number, b: Float32Array, ib: number, sb: number, o: Float32Array, io: number, L: number): void {
  const end = io + L;
  switch (op) {
    case "add": for (; io < end; io++, ia += sa, ib += sb) o[io] = a[ia] + b[ib]; break;
    case "sub": for (; io < end; io++, ia += sa, ib += sb) o[io] = a[ia] - b[ib]; break;
    case "mul": for (; io < end; io++, ia += sa, ib += sb) o[io] = a[ia] * b[ib]; break;
    case "div": for (; io < end; io++, ia += sa, ib += sb) o[io] = a[ia] / b[ib]; break;
    case "maximum": for (; io < end; io++, ia += sa, ib += sb) o[io] = a[ia] >= b[ib] || Number.isNaN(a[ia]) ? a[ia] : b[ib]; break;
    case "minimum": for (; io < end; io++, ia += sa, ib += sb) o[io] = a[ia] <= b[ib] || Number.isNaN(a[ia]) ? a[ia] : b[ib]; break;
  }
}

/** out = op(a) for contiguous float32 a, or null (other dtypes/layouts, reference mode). */
export function unaryF32(op: F32UnaryOp, a: Tensor): Float32Array | null {
  if (kernelMode() === "reference" || a.dtype !== "float32" || !a.isContiguous()) return null;
  const n = a.numel();
  const x = (a.data as Float32Array).subarray(a.offset, a.offset + n);
  const o = new Float32Array(n);
  switch (op) {
    case "neg": for (let i = 0; i < n; i++) o[i] = -x[i]; break;
    case "exp": for (let i = 0; i < n; i++) o[i] = Math.exp(x[i]); break;
    case "log": for (let i = 0; i < n; i++) o[i] = Math.log(x[i]); break;
    case "sqrt": for (let i = 0; i < n; i++) o[i] = Math.sqrt(x[i]); break;
    case "rsqrt": for (let i = 0; i < n; i++) o[i] = 1 / Math.sqrt(x[i]); break;
    case "abs": for (let i = 0; i < n; i++) o[i] = Math.abs(x[i]); break;
    case "tanh": for (let i = 0; i < n; i++) o[i] = Math.tanh(x[i]); break;
    case "sigmoid": for (let i = 0; i < n; i++) o[i] = 1 / (1 + Math.exp(-x[i])); break;
    case "relu": for (let i = 0; i < n; i++) o[i] = x[i] > 0 ? x[i] : Number.isNaN(x[i]) ? x[i] : 0; break;
    case "sin": for (let i = 0; i < n; i++) o[i] = Math.sin(x[i]); break;
    case "cos": for (let i = 0; i < n; i++) o[i] = Math.cos(x[i]); break;
    case "erf": for (let i = 0; i < n; i++) o[i] = erf(x[i]); break;
  }
  return o;
}

/**
 * Sum of contiguous float32 `t` over its leading `k` dims (a bias gradient: (B·T, d) → (d)), without the transposed
 * copy the general reduction makes. Accumulates in float64 in the same order as the reference, so bitwise equal.
 */
export function sumLeadingF32(t: Tensor, k: number): Float32Array | null {
  if (kernelMode() === "reference" || t.dtype !== "float32" || !t.isContiguous() || k <= 0 || k >= t.dim()) return null;
  let rows = 1;
  for (let i = 0; i < k; i++) rows *= t.shape[i];
  const inner = t.numel() / Math.max(rows, 1);
  const x = t.data as Float32Array;
  const acc = new Float64Array(inner);
  for (let r = 0, p = t.offset; r < rows; r++) for (let j = 0; j < inner; j++, p++) acc[j] += x[p];
  return Float32Array.from(acc);
}
