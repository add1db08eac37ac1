// Fast paths for the engine (WASM SIMD built from the .wat sources here, worker threads); see README.md in this folder.
import { kernelMode, threadCount } from "./config.ts";
import { gemmLoadError, useSimdGemm } from "./gemm.ts";

export { kernelMode, setKernelMode, setThreads, threadCount } from "./config.ts";
export type { KernelMode } from "./config.ts";
export { simdGemm, useSimdGemm } from "./gemm.ts";
export type { Operand } from "./gemm.ts";
export { shutdownPool } from "./pool.ts";

/** What runs now: the kernel path (simd or reference, and why) and the matmul thread count. */
export function kernelInfo(): { mode: string; path: string; threads: number } {
  const mode = kernelMode();
  const simd = mode !== "reference" && useSimdGemm(64, 64, 64);
  const why = mode === "reference" ? "forced by LLMPATH_KERNELS=reference" : simd ? "wasm-simd" : `unavailable: ${gemmLoadError() ?? "?"}`;
  return { mode, path: simd ? `wasm-simd (${mode})` : `reference (${why})`, threads: threadCount() };
}
