// GPTQ: your file — Hessian from calibration activations, damping, Cholesky, column-by-column quantization with error feedback.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
import { Tensor } from "llmpath/tensor"; // gptqQuantize also needs `tensor` from here

/** Row-major float64 copy of a 2-D tensor with its sizes. */
function mat(op: string, A: Tensor): { a: Float64Array; rows: number; cols: number } {
  if (A.dim() !== 2) throw new Error(`${op}: expected a 2-D tensor, got [${A.shape.join(", ")}]`);
  return { a: A.toFloat64Array(), rows: A.shape[0]!, cols: A.shape[1]! };
}

const f64 = (a: Float64Array, rows: number, cols: number) => new Tensor(a, [rows, cols], "float64");

/** Task 1: H = 2 XᵀX for calibration activations X (n samples, in_features), as float64 (in, in). */
export function hessian(X: Tensor): Tensor {
  throw new Error("TODO: task 1 — accumulate 2·xᵀx over the calibration rows (float64)");
}

/** Task 1: H + λ·mean(diag H)·I (GPTQ's percdamp, usually λ = 0.01). */
export function dampen(H: Tensor, lambda: number): Tensor {
  throw new Error("TODO: task 1 — add λ·mean(diag H) to every diagonal entry");
}

/** Task 2: the lower-triangular L with A = L Lᵀ (float64). Throws when A is not symmetric positive definite. */
export function cholesky(A: Tensor): Tensor {
  throw new Error("TODO: task 2 — column by column: L[j][j] = √(A[j][j] − Σ L[j][k]²), L[i][j] = (A[i][j] − Σ L[i][k] L[j][k]) / L[j][j]");
}

/** Task 2: the upper-triangular U with H⁻¹ = Uᵀ U (torch: cholesky(cholesky_inverse(cholesky(H)), upper=True)). */
export function inverseCholeskyUpper(H: Tensor): Tensor {
  throw new Error("TODO: task 2 — invert H through its Cholesky factor, then return the transpose of cholesky(H⁻¹)");
}

export interface GptqOptions {
  /** bits per weight, 2..8 */
  bits: number;
  /** columns sharing one scale/zero; omit for one scale/zero per row. blockSize must be a multiple of it. */
  groupSize?: number;
  /** columns per lazy batch (default 128) */
  blockSize?: number;
  /** damping λ: H + λ·mean(diag H)·I (default 0.01) */
  percdamp?: number;
}

export interface GptqResult {
  /** dequantized weights W' (rows, cols), float32 */
  Wq: Tensor;
  /** int32 codes in [0, 2^bits − 1] */
  q: Tensor;
  /** float32 (rows, groups) */
  scale: Tensor;
  /** float32 (rows, groups), integral */
  zero: Tensor;
}

/** Asymmetric min–max parameters of values w[r·stride + c0 .. c0 + width) for every row (the RTN formula of lab 1). */
function findParams(w: Float64Array, rows: number, stride: number, c0: number, width: number, maxq: number, scale: Float64Array, zero: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    let mn = Number.POSITIVE_INFINITY;
    let mx = Number.NEGATIVE_INFINITY;
    for (let c = c0; c < c0 + width; c++) {
      mn = Math.min(mn, w[r * stride + c]!);
      mx = Math.max(mx, w[r * stride + c]!);
    }
    let s = (mx - mn) / maxq;
    if (s === 0) s = mn === 0 ? 1 : Math.abs(mn);
    scale[r] = s;
    zero[r] = roundHalfEven(-mn / s);
  }
}

function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  return d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
}

/** Task 3: GPTQ on one linear layer W (out, in) with Hessian H (in, in) from its calibration inputs. */
export function gptqQuantize(W: Tensor, H: Tensor, opts: GptqOptions): GptqResult {
  throw new Error("TODO: task 3 — quantize column i, spread (w − q) / U[i][i] times row i of U over the later columns; lazy batches");
}

/** Task 4: ‖X Wᵀ − X W'ᵀ‖_F, the layer's output error on activations X (n, in). */
export function outputError(X: Tensor, W: Tensor, Wq: Tensor): number {
  throw new Error("TODO: task 4 — ‖X (W − W')ᵀ‖_F in float64");
}
