// matmul like torch.matmul (1-D, 2-D, batched with broadcasting), built on one register-blocked batched kernel `bmm`.
// mmKernel below is the readable reference; float32 products take the WASM SIMD kernel (kernels/gemm.ts) when it is on.
import { record } from "../autograd/graph.ts";
import { type DType, type TypedArray, allocate, promoteTypes } from "../dtype.ts";
import { operand } from "../ops/elementwise.ts";
import { simdGemm, useSimdGemm } from "../kernels/index.ts";
import { TensorError, fmt, numelOf } from "../shape.ts";
import { Tensor } from "../tensor.ts";

/**
 * C[M,N] = A[M,K] · B[K,N], given A row-major and Bᵀ row-major ([N,K]) in float64, so both inner
 * reads are sequential. A 2×2 register block: each loaded A and Bᵀ element is used twice.
 */
function mmKernel(A: Float64Array, ao: number, BT: Float64Array, bo: number, C: TypedArray, co: number, M: number, K: number, N: number): void {
  // Cache blocking: a block of Bᵀ rows (≈128 KiB) stays hot while every row pair of A passes over it.
  const jb = Math.max(2, Math.min(N, (Math.floor(16384 / Math.max(K, 1)) >> 1) << 1));
  for (let j0 = 0; j0 < N; j0 += jb) mmBlock(A, ao, BT, bo, C, co, M, K, N, j0, Math.min(N, j0 + jb));
}

function mmBlock(A: Float64Array, ao: number, BT: Float64Array, bo: number, C: TypedArray, co: number, M: number, K: number, N: number, jStart: number, jEnd: number): void {
  let i = 0;
  for (; i + 1 < M; i += 2) {
    const a0 = ao + i * K;
    const a1 = a0 + K;
    const c0 = co + i * N;
    const c1 = c0 + N;
    let j = jStart;
    for (; j + 1 < jEnd; j += 2) {
      const b0 = bo + j * K;
      const b1 = b0 + K;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let k = 0; k < K; k++) {
        const x0 = A[a0 + k];
        const x1 = A[a1 + k];
        const y0 = BT[b0 + k];
        const y1 = BT[b1 + k];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
      }
      C[c0 + j] = s00;
      C[c0 + j + 1] = s01;
      C[c1 + j] = s10;
      C[c1 + j + 1] = s11;
    }
    for (; j < jEnd; j++) {
      const b0 = bo + j * K;
      let s0 = 0;
      let s1 = 0;
      for (let k = 0; k < K; k++) {
        s0 += A[a0 + k] * BT[b0 + k];
        s1 += A[a1 + k] * BT[b0 + k];
      }
      C[c0 + j] = s0;
      C[c1 + j] = s1;
    }
  }
  for (; i < M; i++) {
    const a0 = ao + i * K;
    for (let j = jStart; j < jEnd; j++) {
      const b0 = bo + j * K;
      let s = 0;
      for (let k = 0; k < K; k++) s += A[a0 + k] * BT[b0 + k];
      C[co + i * N + j] = s;
    }
  }
}

/** Batched matrix product of [B,M,K] and [B,K,N] (same B). A primitive with its own backward rule. */
export function bmm(a: Tensor, b: Tensor): Tensor {
  const [B, M, K] = a.shape;
  const [B2, K2, N] = b.shape;
  if (a.dim() !== 3 || b.dim() !== 3 || B !== B2 || K !== K2) {
    throw new TensorError(`bmm: cannot multiply ${fmt(a.shape)} by ${fmt(b.shape)} (need [B,M,K] and [B,K,N])`);
  }
  const p = promoteTypes(a.dtype, b.dtype);
  const dtype: DType = p === "bool" ? "int32" : p;
  if (dtype === "float32" && a.dtype === "float32" && b.dtype === "float32" && useSimdGemm(M, K, N)) {
    return record("bmm", [a, b], new Tensor(bmmSimd(a, b), [B, M, N], dtype));
  }
  const A = operand(a, a.shape, "float64") as Float64Array;
  const bt = new Tensor(b.data, [B, N, K], b.dtype, [b.strides[0], b.strides[2], b.strides[1]], b.offset);
  const BT = operand(bt, bt.shape, "float64") as Float64Array;
  const out = allocate(dtype, B * M * N);
  for (let bi = 0; bi < B; bi++) mmKernel(A, bi * M * K, BT, bi * K * N, out, bi * M * N, M, K, N);
  return record("bmm", [a, b], new Tensor(out, [B, M, N], dtype));
}

/** The float32 fast path: one SIMD GEMM per batch, reading a and b through their strides (transposes cost nothing). */
function bmmSimd(a: Tensor, b: Tensor): Float32Array {
  const [B, M, K] = a.shape;
  const N = b.shape[2];
  const out = new Float32Array(B * M * N);
  const ad = a.data as Float32Array;
  const bd = b.data as Float32Array;
  for (let bi = 0; bi < B; bi++) {
    const A = { data: ad, off: a.offset + bi * a.strides[0], rs: a.strides[1], cs: a.strides[2] };
    const Bo = { data: bd, off: b.offset + bi * b.strides[0], rs: b.strides[1], cs: b.strides[2] };
    simdGemm(A, Bo, out, bi * M * N, M, K, N);
  }
  return out;
}

function mismatch(a: Tensor, b: Tensor, why: string): TensorError {
  return new TensorError(`matmul: cannot multiply ${fmt(a.shape)} by ${fmt(b.shape)} (${why})`);
}

/** torch.matmul semantics: 1-D operands are promoted and the added dim removed; batch dims broadcast. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (!(b instanceof Tensor)) throw new TensorError(`matmul: expected a Tensor, got ${typeof b}`);
  if (a.dim() === 0 || b.dim() === 0) throw mismatch(a, b, "both arguments need at least 1 dim");
  const K = a.shape[a.dim() - 1];
  const K2 = b.dim() === 1 ? b.shape[0] : b.shape[b.dim() - 2];
  if (K !== K2) throw mismatch(a, b, `inner dims ${K} ≠ ${K2}`);
  if (a.dim() === 1 && b.dim() === 1) return matmul(a.unsqueeze(0), b.unsqueeze(1)).reshape([]);
  if (a.dim() === 1) return matmul(a.unsqueeze(0), b).squeeze(-2);
  if (b.dim() === 1) return matmul(a, b.unsqueeze(1)).squeeze(-1);
  const M = a.shape[a.dim() - 2];
  const N = b.shape[b.dim() - 1];
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  if (bBatch.length === 0) {
    const out = bmm(a.reshape([1, numelOf(aBatch) * M, K]), b.unsqueeze(0));
    return out.reshape([...aBatch, M, N]);
  }
  const nb = Math.max(aBatch.length, bBatch.length);
  const batch: number[] = [];
  for (let i = 1; i <= nb; i++) {
    const x = aBatch[aBatch.length - i] ?? 1;
    const y = bBatch[bBatch.length - i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw mismatch(a, b, `batch dims ${fmt(aBatch)} and ${fmt(bBatch)} cannot broadcast: ${x} vs ${y}`);
    batch.unshift(x === 1 ? y : x);
  }
  const Bt = numelOf(batch);
  const a3 = a.expand([...batch, M, K]).reshape([Bt, M, K]);
  const b3 = b.expand([...batch, K, N]).reshape([Bt, K, N]);
  return bmm(a3, b3).reshape([...batch, M, N]);
}
