// Numeric comparison helpers: allclose and assertClose (a failure names shape, index, values, diff and tolerance).
import { tensor } from "../creation.ts";
import { fmt } from "../shape.ts";
import { type NestedList, Tensor } from "../tensor.ts";

export interface Tolerance {
  atol?: number;
  rtol?: number;
}
type Comparable = Tensor | NestedList | readonly NestedList[] | Float32Array | Float64Array | Int32Array;

function values(x: Comparable): { data: Float64Array; shape: number[] } {
  const t = x instanceof Tensor ? x : tensor(x as NestedList, { dtype: "float64" });
  return { data: t.toFloat64Array(), shape: t.shape };
}

function unravel(i: number, shape: number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return idx;
}

export interface CloseReport {
  ok: boolean;
  message: string;
  maxAbsDiff: number;
}

/** Element-wise |a − e| ≤ atol + rtol·|e| (NaN matches NaN; ±Inf must match exactly). */
export function compareClose(actual: Comparable, expected: Comparable, tol: Tolerance = {}, name = "value"): CloseReport {
  const atol = tol.atol ?? 1e-8;
  const rtol = tol.rtol ?? 1e-5;
  const a = values(actual);
  const e = values(expected);
  if (a.data.length !== e.data.length || (a.shape.length > 0 && e.shape.length > 0 && fmt(a.shape) !== fmt(e.shape))) {
    return { ok: false, maxAbsDiff: Number.POSITIVE_INFINITY, message: `${name}: shape mismatch: expected ${fmt(e.shape)}, received ${fmt(a.shape)}` };
  }
  let first = -1;
  let maxDiff = 0;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i];
    const y = e.data[i];
    const same = x === y || (Number.isNaN(x) && Number.isNaN(y));
    const diff = same ? 0 : Math.abs(x - y);
    const bad = !same && (!Number.isFinite(x) || !Number.isFinite(y) || !(diff <= atol + rtol * Math.abs(y)));
    if (bad && first < 0) first = i;
    if (diff > maxDiff || Number.isNaN(diff)) maxDiff = Number.isNaN(diff) ? Number.NaN : Math.max(maxDiff, diff);
  }
  if (first < 0) return { ok: true, message: "", maxAbsDiff: maxDiff };
  const idx = unravel(first, e.shape);
  return {
    ok: false,
    maxAbsDiff: maxDiff,
    message:
      `${name}: mismatch at index [${idx.join(",")}] of shape ${fmt(e.shape)}: expected ${e.data[first]}, received ${a.data[first]}; ` +
      `max abs diff ${maxDiff}; tolerance |a−e| ≤ atol + rtol·|e| with atol=${atol}, rtol=${rtol}`,
  };
}

export function allclose(actual: Comparable, expected: Comparable, tol: Tolerance = {}): boolean {
  return compareClose(actual, expected, tol).ok;
}

/** Throws an Error whose message gives shape, first offending index, expected, received, max abs diff and tolerance. */
export function assertClose(actual: Comparable, expected: Comparable, tol: Tolerance & { name?: string } = {}): void {
  const r = compareClose(actual, expected, tol, tol.name ?? "assertClose");
  if (!r.ok) throw new Error(r.message);
}
