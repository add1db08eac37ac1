// Raw strided copy loops on typed arrays: the only place that walks arbitrary strides element by element.
import type { TypedArray } from "../dtype.ts";

/**
 * Copy the strided view (offset, shape, strides) of `src` into `dst` in row-major order.
 * Stride 0 means "broadcast this dim". Converts between array types by plain assignment.
 */
export function readStrided(
  src: TypedArray,
  offset: number,
  shape: readonly number[],
  strides: readonly number[],
  dst: TypedArray,
  dstOffset = 0,
): void {
  const nd = shape.length;
  if (nd === 0) {
    dst[dstOffset] = src[offset];
    return;
  }
  const last = nd - 1;
  const lastN = shape[last];
  const lastS = strides[last];
  let rows = 1;
  for (let d = 0; d < last; d++) rows *= shape[d];
  if (lastN === 0 || rows === 0) return;
  const idx = new Int32Array(nd);
  let p = offset;
  let o = dstOffset;
  for (let r = 0; r < rows; r++) {
    if (lastS === 1) {
      for (let j = 0; j < lastN; j++) dst[o++] = src[p + j];
    } else {
      for (let j = 0, q = p; j < lastN; j++, q += lastS) dst[o++] = src[q];
    }
    for (let d = last - 1; d >= 0; d--) {
      idx[d]++;
      p += strides[d];
      if (idx[d] < shape[d]) break;
      p -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}

/** Write the contiguous `src` (row-major, starting at srcOffset) into the strided view of `dst`. */
export function writeStrided(
  dst: TypedArray,
  offset: number,
  shape: readonly number[],
  strides: readonly number[],
  src: TypedArray,
  srcOffset = 0,
): void {
  const nd = shape.length;
  if (nd === 0) {
    dst[offset] = src[srcOffset];
    return;
  }
  const last = nd - 1;
  const lastN = shape[last];
  const lastS = strides[last];
  let rows = 1;
  for (let d = 0; d < last; d++) rows *= shape[d];
  if (lastN === 0 || rows === 0) return;
  const idx = new Int32Array(nd);
  let p = offset;
  let o = srcOffset;
  for (let r = 0; r < rows; r++) {
    for (let j = 0, q = p; j < lastN; j++, q += lastS) dst[q] = src[o++];
    for (let d = last - 1; d >= 0; d--) {
      idx[d]++;
      p += strides[d];
      if (idx[d] < shape[d]) break;
      p -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}

/** Strides that broadcast a tensor of (shape, strides) to `target` (0 on broadcast dims). */
export function broadcastStrides(shape: readonly number[], strides: readonly number[], target: readonly number[]): number[] {
  const out = new Array<number>(target.length).fill(0);
  const lead = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[lead + i] = shape[i] === 1 ? 0 : strides[i];
  return out;
}
