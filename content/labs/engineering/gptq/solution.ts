// GPTQ: reference solution — Hessian from calibration activations, damping, Cholesky, column-by-column quantization with error feedback.
import { Tensor, tensor } from "llmpath/tensor";

/** Row-major float64 copy of a 2-D tensor with its sizes. */
function mat(op: string, A: Tensor): { a: Float64Array; rows: number; cols: number } {
  if (A.dim() !== 2) throw new Error(`${op}: expected a 2-D tensor, got [${A.shape.join(", ")}]`);
  return { a: A.toFloat64Array(), rows: A.shape[0]!, cols: A.shape[1]! };
}

const f64 = (a: Float64Array, rows: number, cols: number) => new Tensor(a, [rows, cols], "float64");

/** Task 1: H = 2 XᵀX for calibration activations X (n samples, in_features), as float64 (in, in). */
export function hessian(X: Tensor): Tensor {
  const { a: x, rows: n, cols: d } = mat("hessian", X);
  const h = new Float64Array(d * d);
  for (let s = 0; s < n; s++) {
    for (let i = 0; i < d; i++) {
      const xi = 2 * x[s * d + i]!;
      if (xi === 0) continue;
      for (let j = 0; j < d; j++) h[i * d + j] += xi * x[s * d + j]!;
    }
  }
  return f64(h, d, d);
}

/** Task 1: H + λ·mean(diag H)·I (GPTQ's percdamp, usually λ = 0.01). */
export function dampen(H: Tensor, lambda: number): Tensor {
  const { a: h, rows: d } = mat("dampen", H);
  let mean = 0;
  for (let i = 0; i < d; i++) mean += h[i * d + i]! / d;
  for (let i = 0; i < d; i++) h[i * d + i] += lambda * mean;
  return f64(h, d, d);
}

/** Task 2: the lower-triangular L with A = L Lᵀ (float64). Throws when A is not symmetric positive definite. */
export function cholesky(A: Tensor): Tensor {
  const { a, rows: n, cols } = mat("cholesky", A);
  if (n !== cols) throw new Error(`cholesky: expected a square matrix, got [${n}, ${cols}]`);
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let s = a[j * n + j]!;
    for (let k = 0; k < j; k++) s -= L[j * n + k]! ** 2;
    if (!(s > 0)) throw new Error(`cholesky: matrix is not positive definite (pivot ${j} is ${s}); add damping to the diagonal`);
    const djj = Math.sqrt(s);
    L[j * n + j] = djj;
    for (let i = j + 1; i < n; i++) {
      let t = a[i * n + j]!;
      for (let k = 0; k < j; k++) t -= L[i * n + k]! * L[j * n + k]!;
      L[i * n + j] = t / djj;
    }
  }
  return f64(L, n, n);
}

/** Task 2: the upper-triangular U with H⁻¹ = Uᵀ U (torch: cholesky(cholesky_inverse(cholesky(H)), upper=True)). */
export function inverseCholeskyUpper(H: Tensor): Tensor {
  const n = H.shape[0]!;
  const L = cholesky(H).toFloat64Array();
  const Li = new Float64Array(n * n); // L⁻¹, lower triangular, by forward substitution column by column
  for (let c = 0; c < n; c++) {
    for (let i = c; i < n; i++) {
      let s = i === c ? 1 : 0;
      for (let k = c; k < i; k++) s -= L[i * n + k]! * Li[k * n + c]!;
      Li[i * n + c] = s / L[i * n + i]!;
    }
  }
  const Hinv = new Float64Array(n * n); // H⁻¹ = L⁻ᵀ L⁻¹
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = Math.max(i, j); k < n; k++) s += Li[k * n + i]! * Li[k * n + j]!;
      Hinv[i * n + j] = s;
    }
  }
  return cholesky(f64(Hinv, n, n)).transpose(0, 1).contiguous();
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
  const { a: w, rows, cols } = mat("gptqQuantize", W);
  if (H.dim() !== 2 || H.shape[0] !== cols || H.shape[1] !== cols) {
    throw new Error(`gptqQuantize: H must be (${cols}, ${cols}) for W [${rows}, ${cols}], got [${H.shape.join(", ")}]`);
  }
  const maxq = 2 ** opts.bits - 1;
  const G = opts.groupSize ?? cols;
  const B = opts.blockSize ?? 128;
  if (cols % G !== 0) throw new Error(`gptqQuantize: groupSize ${G} must divide in_features ${cols}`);
  if (opts.groupSize !== undefined && B % G !== 0) throw new Error(`gptqQuantize: blockSize ${B} must be a multiple of groupSize ${G}`);
  const h = H.toFloat64Array();
  for (let i = 0; i < cols; i++) {
    if (h[i * cols + i] === 0) {
      h[i * cols + i] = 1; // a dead input: never active, so its weights do not matter
      for (let r = 0; r < rows; r++) w[r * cols + i] = 0;
    }
  }
  const U = inverseCholeskyUpper(dampen(f64(h, cols, cols), opts.percdamp ?? 0.01)).toFloat64Array();
  const nGroups = cols / G;
  const scale = new Float64Array(rows * nGroups);
  const zero = new Float64Array(rows * nGroups);
  const s = new Float64Array(rows);
  const z = new Float64Array(rows);
  if (opts.groupSize === undefined) findParams(w, rows, cols, 0, cols, maxq, s, z); // per row, from the whole W
  const q = new Int32Array(rows * cols);
  const Wq = new Float32Array(rows * cols);
  for (let i1 = 0; i1 < cols; i1 += B) {
    const i2 = Math.min(i1 + B, cols);
    const err = new Float64Array(rows * (i2 - i1)); // scaled errors of this block, (rows, i2 − i1)
    for (let i = i1; i < i2; i++) {
      if (opts.groupSize !== undefined && i % G === 0) findParams(w, rows, cols, i, G, maxq, s, z); // from the updated weights
      const d = U[i * cols + i]!;
      for (let r = 0; r < rows; r++) {
        const g = r * nGroups + Math.floor(i / G);
        scale[g] = s[r]!;
        zero[g] = z[r]!;
        const x = w[r * cols + i]!;
        const code = Math.min(maxq, Math.max(0, roundHalfEven(x / s[r]!) + z[r]!));
        const dq = (code - z[r]!) * s[r]!;
        q[r * cols + i] = code;
        Wq[r * cols + i] = dq;
        const e = (x - dq) / d;
        err[r * (i2 - i1) + (i - i1)] = e;
        for (let j = i + 1; j < i2; j++) w[r * cols + j] -= e * U[i * cols + j]!; // inside the block: right away
      }
    }
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < i2 - i1; k++) {
        const e = err[r * (i2 - i1) + k]!;
        if (e === 0) continue;
        const row = (i1 + k) * cols;
        for (let j = i2; j < cols; j++) w[r * cols + j] -= e * U[row + j]!; // the rest: once per block (lazy batch)
      }
    }
  }
  return {
    Wq: tensor(Wq, { shape: [rows, cols] }),
    q: tensor(q, { shape: [rows, cols], dtype: "int32" }),
    scale: tensor(Float32Array.from(scale), { shape: [rows, nGroups] }),
    zero: tensor(Float32Array.from(zero), { shape: [rows, nGroups] }),
  };
}

/** Task 4: ‖X Wᵀ − X W'ᵀ‖_F, the layer's output error on activations X (n, in). */
export function outputError(X: Tensor, W: Tensor, Wq: Tensor): number {
  const D = X.double().matmul(W.double().sub(Wq.double()).transpose(0, 1)); // (n, out)
  return Math.sqrt(D.mul(D).sum().item());
}
