// Small argument checks shared by F functions, so their errors name the op and the shapes.
import type { Tensor } from "../core.ts";

export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}

/** Normalises a normalizedShape argument (number or list) to a list. */
export function asShape(s: number | readonly number[]): number[] {
  return typeof s === "number" ? [s] : [...s];
}

/** Throws unless the trailing dims of x equal `shape` (LayerNorm/RMSNorm convention). */
export function checkTrailing(op: string, x: Tensor, shape: readonly number[]): void {
  const xs = x.shape;
  const k = shape.length;
  const ok = k <= xs.length && shape.every((d, i) => xs[xs.length - k + i] === d);
  if (!ok) {
    throw new Error(
      `${op}: normalizedShape ${fmtShape(shape)} does not match the last ${k} dim(s) of input ${fmtShape(xs)}`,
    );
  }
}

/** Throws unless `t` (an optional affine parameter) has exactly `shape`. */
export function checkParamShape(op: string, name: string, t: Tensor | undefined | null, shape: readonly number[]): void {
  if (!t) return;
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new Error(`${op}: ${name} has shape ${fmtShape(t.shape)} but normalizedShape is ${fmtShape(shape)}`);
  }
}

/** The dims [-k, ..., -1] as a list. */
export function lastDims(k: number): number[] {
  return Array.from({ length: k }, (_, i) => i - k);
}
