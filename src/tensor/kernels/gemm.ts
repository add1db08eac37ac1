// C = A·B in float32 on the WASM SIMD micro-kernel (gemm.wat): packs strided operands into panels, runs, copies out.
import { kernelMode, threadCount } from "./config.ts";
import { type GemmJob, parallelGemm } from "./pool.ts";
import { loadWasmModule } from "./wasm-module.ts";

const MR = 4; // rows of an A panel (micro-tile height)
const NR = 8; // columns of a B panel (micro-tile width)
const PAGE = 65536;
const MAX_PAGES = 16384; // 1 GiB, the maximum declared in gemm.wat
/** Below this many multiply-adds the reference loop is as fast (call and packing overheads). */
const AUTO_MIN_MACS = 24 * 24 * 24;
/** From this many multiply-adds on, the work is split over threads. */
const PARALLEL_MIN_MACS = 128 * 128 * 256;

interface Gemm {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  gemm: (ap: number, bp: number, c: number, np: number, kp: number, p0: number, p1: number) => void;
}

let state: Gemm | null | undefined;
let loadError: string | null = null;

function load(): Gemm | null {
  if (state !== undefined) return state;
  try {
    const module = loadWasmModule("gemm");
    const memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
    const inst = new WebAssembly.Instance(module, { env: { memory } });
    state = { module, memory, gemm: inst.exports.gemm as Gemm["gemm"] };
  } catch (e) {
    loadError = e instanceof Error ? e.message : String(e);
    state = null;
  }
  return state;
}

/** Why the SIMD path is unavailable (null when it works or was not tried). */
export function gemmLoadError(): string | null {
  return loadError;
}

/** Whether a float32 product of this size should take the SIMD path under the current mode. */
export function useSimdGemm(M: number, K: number, N: number): boolean {
  const mode = kernelMode();
  if (mode === "reference" || M === 0 || N === 0 || K === 0) return false;
  if (mode === "auto" && M * K * N < AUTO_MIN_MACS) return false;
  if (bytesFor(M, K, N) > MAX_PAGES * PAGE) return false; // too big for the kernel's memory: the reference runs
  return load() !== null;
}

/** A strided 2-D operand: element (i, j) is data[off + i·rs + j·cs]. */
export interface Operand {
  data: Float32Array;
  off: number;
  rs: number;
  cs: number;
}

/** Kernel memory one product needs: 64 bytes of header, packed A and B, padded C. */
function bytesFor(M: number, K: number, N: number): number {
  const Mp = Math.ceil(M / MR) * MR;
  const Np = Math.ceil(N / NR) * NR;
  const Kp = K + (K & 1);
  return 64 + (Mp * Kp + Np * Kp + Mp * Np) * 4;
}

function ensureBytes(g: Gemm, bytes: number): void {
  const need = Math.ceil(bytes / PAGE);
  const have = g.memory.buffer.byteLength / PAGE;
  if (need > MAX_PAGES) throw new Error(`matmul: operands need ${(bytes / 2 ** 20).toFixed(0)} MiB of kernel memory, more than the 1 GiB limit`);
  if (need > have) g.memory.grow(need - have);
}

/** Ap[p][k][r] = A[4p + r, k] for panels p in [p0, p1), zero-padded to Mp × Kp; `o` is where panel 0 starts. */
function packA(F: Float32Array, o: number, A: Operand, M: number, K: number, Kp: number, p0: number, p1: number): void {
  const { data, off, rs, cs } = A;
  o += p0 * Kp * MR;
  for (let i0 = p0 * MR; i0 < M && i0 < p1 * MR; i0 += MR) {
    if (i0 + MR <= M) {
      for (let k = 0, s = off + i0 * rs; k < K; k++, s += cs, o += MR) {
        F[o] = data[s];
        F[o + 1] = data[s + rs];
        F[o + 2] = data[s + 2 * rs];
        F[o + 3] = data[s + 3 * rs];
      }
    } else {
      for (let k = 0; k < K; k++, o += MR) {
        for (let r = 0; r < MR; r++) F[o + r] = i0 + r < M ? data[off + (i0 + r) * rs + k * cs] : 0;
      }
    }
    F.fill(0, o, o + (Kp - K) * MR);
    o += (Kp - K) * MR;
  }
}

/** Bp[q][k][c] = B[k, 8q + c], zero-padded to Kp × Np. */
function packB(F: Float32Array, o: number, B: Operand, K: number, N: number, Kp: number): void {
  const { data, off, rs, cs } = B;
  if (rs === 1 && cs !== 1) {
    // B is a transposed view (e.g. a Linear weight (out, in) used as (in, out)): read each column contiguously
    for (let j0 = 0; j0 < N; j0 += NR, o += Kp * NR) {
      const w = Math.min(NR, N - j0);
      for (let c = 0; c < NR; c++) {
        if (c >= w) {
          for (let k = 0; k < K; k++) F[o + k * NR + c] = 0;
          continue;
        }
        for (let k = 0, s = off + (j0 + c) * cs, d = o + c; k < K; k++, s++, d += NR) F[d] = data[s];
      }
      F.fill(0, o + K * NR, o + Kp * NR);
    }
    return;
  }
  for (let j0 = 0; j0 < N; j0 += NR) {
    const w = Math.min(NR, N - j0);
    for (let k = 0, s = off + j0 * cs; k < K; k++, s += rs, o += NR) {
      if (w === NR && cs === 1) {
        for (let c = 0; c < NR; c++) F[o + c] = data[s + c];
      } else {
        for (let c = 0; c < NR; c++) F[o + c] = c < w ? data[s + c * cs] : 0;
      }
    }
    F.fill(0, o, o + (Kp - K) * NR);
    o += (Kp - K) * NR;
  }
}

/** out[outOff + i·N + j] = Σ_k A[i, k]·B[k, j] for one M×K by K×N product. Call useSimdGemm first. */
export function simdGemm(A: Operand, B: Operand, out: Float32Array, outOff: number, M: number, K: number, N: number): void {
  const g = load();
  if (!g) throw new Error(`matmul: the WASM SIMD kernel is unavailable (${loadError})`);
  const Mp = Math.ceil(M / MR) * MR;
  const Np = Math.ceil(N / NR) * NR;
  const Kp = K + (K & 1);
  const ap = 64;
  const bp = ap + Mp * Kp * 4;
  const cp = bp + Np * Kp * 4;
  ensureBytes(g, cp + Mp * Np * 4);
  const F = new Float32Array(g.memory.buffer);
  packB(F, bp >> 2, B, K, N, Kp);
  const panels = Mp / MR;
  const job: GemmJob = { ap, bp, cp, np: Np, kp: Kp, panels };
  const threads = threadCount();
  const parallel = threads > 1 && M * K * N >= PARALLEL_MIN_MACS && panels >= 16;
  const run = (p0: number, p1: number) => g.gemm(ap, bp, cp, Np, Kp, p0, p1);
  const pack = (p0: number, p1: number) => packA(F, ap >> 2, A, M, K, Kp, p0, p1);
  const c0 = cp >> 2;
  const finish = (p0: number, p1: number) => {
    const r0 = p0 * MR;
    const r1 = Math.min(M, p1 * MR);
    if (Np === N) out.set(F.subarray(c0 + r0 * N, c0 + r1 * N), outOff + r0 * N);
    else for (let i = r0; i < r1; i++) out.set(F.subarray(c0 + i * Np, c0 + i * Np + N), outOff + i * N);
  };
  if (!parallel || !parallelGemm(g.module, g.memory, job, threads, run, pack, finish)) {
    pack(0, panels);
    run(0, panels);
    finish(0, panels);
  }
}
