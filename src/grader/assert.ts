// Lab assertions: expectClose, expectShape, expectEqual, expectTrue, expectThrows — messages state every number.
import { AssertionError } from "./assertion-error.ts";
import { firstDifference } from "./deep-equal.ts";
import { describeValue, formatIndex, formatNumber, formatShape, unravelIndex } from "./format.ts";
import { toNumeric } from "./numeric.ts";

export interface CloseOptions {
  /** Absolute tolerance (default 1e-5, PyTorch's float32 default). */
  atol?: number;
  /** Relative tolerance (default 1.3e-6, PyTorch's float32 default). */
  rtol?: number;
  /** Treat NaN as equal to NaN (default false). */
  equalNan?: boolean;
  /** What is being compared, printed first (e.g. "U @ diag(s) @ Vh"). */
  label?: string;
}

export const DEFAULT_ATOL = 1e-5;
export const DEFAULT_RTOL = 1.3e-6;

function prefix(fn: string, label?: string): string {
  return label ? `${fn} (${label})` : fn;
}

/**
 * Passes when every element satisfies |a − e| ≤ atol + rtol·|e| (or a === e, for infinities).
 * Shapes must match exactly; no broadcasting, so a wrong shape is reported as such.
 */
export function expectClose(actual: unknown, expected: unknown, options: CloseOptions = {}): void {
  const atol = options.atol ?? DEFAULT_ATOL;
  const rtol = options.rtol ?? DEFAULT_RTOL;
  const name = prefix("expectClose", options.label);
  if (!(atol >= 0) || !(rtol >= 0)) throw new TypeError(`${name}: atol and rtol must be non-negative numbers (got atol=${atol}, rtol=${rtol})`);
  const a = toNumeric(actual, `${name}: received value`);
  const e = toNumeric(expected, `${name}: expected value`);
  if (a.shape.length !== e.shape.length || a.shape.some((d, i) => d !== e.shape[i])) {
    throw new AssertionError(`${name}: shape mismatch: expected shape ${formatShape(e.shape)}, received shape ${formatShape(a.shape)}`, {
      kind: "shape",
      expectedShape: e.shape,
      receivedShape: a.shape,
      shape: a.shape,
      atol,
      rtol,
    });
  }
  let first = -1;
  let mismatches = 0;
  let maxAbsDiff = 0;
  let maxAt = -1;
  const n = e.data.length;
  for (let i = 0; i < n; i++) {
    const x = Number(a.data[i]);
    const y = Number(e.data[i]);
    const diff = Math.abs(x - y);
    let ok: boolean;
    if (x === y) ok = true;
    else if (Number.isNaN(x) || Number.isNaN(y)) ok = options.equalNan === true && Number.isNaN(x) && Number.isNaN(y);
    else ok = diff <= atol + rtol * Math.abs(y);
    // Contribution to "max abs diff": a NaN on one side only counts as infinitely far.
    const d = Number.isNaN(x) !== Number.isNaN(y) ? Number.POSITIVE_INFINITY : x === y || Number.isNaN(diff) ? 0 : diff;
    if (d > maxAbsDiff) {
      maxAbsDiff = d;
      maxAt = i;
    }
    if (!ok) {
      mismatches++;
      if (first < 0) first = i;
    }
  }
  if (first < 0) return;
  const index = unravelIndex(first, e.shape);
  const maxIndex = unravelIndex(maxAt < 0 ? first : maxAt, e.shape);
  const x = Number(a.data[first]);
  const y = Number(e.data[first]);
  const bound = atol + rtol * Math.abs(y);
  const where = e.shape.length === 0 ? "" : ` at index ${formatIndex(index)}`;
  const lines = [
    `${name}: values differ${where} (${mismatches} of ${n} element${n === 1 ? "" : "s"} outside tolerance)`,
    `  expected: ${formatNumber(y)}`,
    `  received: ${formatNumber(x)}`,
    `  tolerance: |a − e| ≤ atol + rtol·|e| = ${formatNumber(atol)} + ${formatNumber(rtol)}·${formatNumber(Math.abs(y))} = ${formatNumber(bound)}, but |a − e| = ${formatNumber(Math.abs(x - y))}`,
    `  shape: ${formatShape(e.shape)}; max abs diff: ${formatNumber(maxAbsDiff)}${e.shape.length === 0 ? "" : ` at ${formatIndex(maxIndex)}`}`,
  ];
  throw new AssertionError(lines.join("\n"), {
    kind: "close",
    index,
    expected: y,
    received: x,
    atol,
    rtol,
    maxAbsDiff,
    maxAbsDiffIndex: maxIndex,
    shape: e.shape,
    mismatches,
    total: n,
  });
}

function shapeOf(value: unknown): number[] {
  if (value !== null && typeof value === "object" && Array.isArray((value as { shape?: unknown }).shape)) {
    return [...(value as { shape: number[] }).shape];
  }
  return toNumeric(value, "expectShape: received value").shape;
}

/** Passes when `value` (tensor, nested array or typed array) has exactly `shape`. */
export function expectShape(value: unknown, shape: readonly number[], label?: string): void {
  const name = prefix("expectShape", label);
  const got = shapeOf(value);
  if (got.length !== shape.length || got.some((d, i) => d !== shape[i])) {
    throw new AssertionError(`${name}: expected shape ${formatShape(shape)}, received shape ${formatShape(got)}`, {
      kind: "shape",
      expectedShape: [...shape],
      receivedShape: got,
      shape: got,
    });
  }
}

/** Deep equality (arrays, typed arrays, plain objects, Map, Set; NaN equals NaN). */
export function expectEqual(actual: unknown, expected: unknown, label?: string): void {
  const name = prefix("expectEqual", label);
  const diff = firstDifference(actual, expected);
  if (!diff) return;
  const at = diff.path === "" ? "" : ` at ${diff.path}`;
  const lines = [
    `${name}: values differ${at}${diff.reason ? ` (${diff.reason})` : ""}`,
    `  expected: ${describeValue(diff.expected)}`,
    `  received: ${describeValue(diff.received)}`,
  ];
  throw new AssertionError(lines.join("\n"), { kind: "equal", path: diff.path, expected: diff.expected, received: diff.received });
}

/** Passes when `condition` is truthy; `message` says what should have been true. */
export function expectTrue(condition: unknown, message: string): void {
  if (condition) return;
  throw new AssertionError(`expectTrue: ${message}`, { kind: "true", expected: true, received: condition });
}

function matches(error: unknown, pattern: RegExp | string | undefined): boolean {
  if (pattern === undefined) return true;
  const text = error instanceof Error ? error.message : String(error);
  return typeof pattern === "string" ? text.includes(pattern) : pattern.test(text);
}

function throwsFailure(pattern: RegExp | string | undefined, error: unknown, returned: boolean): AssertionError {
  const want = pattern === undefined ? "an error" : `an error matching ${typeof pattern === "string" ? JSON.stringify(pattern) : String(pattern)}`;
  const got = returned ? "it returned normally" : `it threw ${error instanceof Error ? `${error.name}: ${error.message}` : describeValue(error)}`;
  return new AssertionError(`expectThrows: expected ${want}, but ${got}`, {
    kind: "throws",
    expected: pattern === undefined ? "an error" : String(pattern),
    received: returned ? "no error" : error instanceof Error ? error.message : describeValue(error),
  });
}

/**
 * Passes when `fn` throws an error whose message matches `pattern` (a RegExp, or a substring); returns the error.
 * If `fn` returns a promise, returns a promise that settles the same way (remember to `await` it).
 */
export function expectThrows(fn: () => Promise<unknown>, pattern?: RegExp | string): Promise<unknown>;
export function expectThrows(fn: () => unknown, pattern?: RegExp | string): unknown;
export function expectThrows(fn: () => unknown, pattern?: RegExp | string): unknown {
  let result: unknown;
  try {
    result = fn();
  } catch (error) {
    if (matches(error, pattern)) return error;
    throw throwsFailure(pattern, error, false);
  }
  if (result !== null && typeof result === "object" && typeof (result as PromiseLike<unknown>).then === "function") {
    return Promise.resolve(result).then(
      () => {
        throw throwsFailure(pattern, undefined, true);
      },
      (error: unknown) => {
        if (matches(error, pattern)) return error;
        throw throwsFailure(pattern, error, false);
      },
    );
  }
  throw throwsFailure(pattern, undefined, true);
}
