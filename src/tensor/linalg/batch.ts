// Shared plumbing for linalg Tensor functions: input validation and looping a float64 kernel over a batch of matrices.
import { type DType, type Tensor, tensor } from "../core.ts";

const fmt = (shape: readonly number[]) => `[${shape.join(", ")}]`;

/** Check that `A` is a float32/float64 tensor with ≥ 2 dims; returns batch size and matrix dims. */
export function matrixBatch(op: string, A: Tensor): { batchShape: number[]; batch: number; m: number; n: number } {
  if (A === null || typeof A !== "object" || !Array.isArray((A as Tensor).shape)) {
    throw new Error(`${op}: expected a Tensor, got ${A === null ? "null" : typeof A}`);
  }
  if (A.dtype !== "float32" && A.dtype !== "float64") {
    throw new Error(`${op}: expected a float32 or float64 tensor, got ${A.dtype} ${fmt(A.shape)}; convert it first with .float()`);
  }
  if (A.shape.length < 2) {
    throw new Error(`${op}: expected a matrix (2-D) or a batch of matrices (…, m, n), got a ${A.shape.length}-D tensor ${fmt(A.shape)}`);
  }
  const m = A.shape[A.shape.length - 2]!;
  const n = A.shape[A.shape.length - 1]!;
  const batchShape = A.shape.slice(0, -2);
  return { batchShape, batch: batchShape.reduce((a, b) => a * b, 1), m, n };
}

/** Collects per-matrix float64 results into one tensor of the input's dtype. */
export class BatchOutput {
  readonly data: Float64Array;
  constructor(
    readonly shape: number[],
    readonly per: number,
    batch: number,
  ) {
    this.data = new Float64Array(per * batch);
  }
  put(b: number, values: Float64Array): void {
    this.data.set(values.subarray(0, this.per), b * this.per);
  }
  toTensor(dtype: DType): Tensor {
    return tensor(dtype === "float64" ? this.data : Float32Array.from(this.data), { shape: this.shape, dtype });
  }
}
