// Which kernels run: LLMPATH_KERNELS=auto|simd|reference and LLMPATH_THREADS=n, overridable at runtime (tests, bench).
import { nodeHost } from "./node-host.ts";

/** auto: WASM SIMD when the work is large enough; simd: whenever possible (tests); reference: never. */
export type KernelMode = "auto" | "simd" | "reference";

const MODES: readonly KernelMode[] = ["auto", "simd", "reference"];
let mode: KernelMode | undefined;
let threads: number | null = null;

function envMode(): KernelMode {
  const v = (nodeHost()?.env.LLMPATH_KERNELS ?? "auto").toLowerCase();
  if (!(MODES as readonly string[]).includes(v)) {
    throw new Error(`LLMPATH_KERNELS=${v} is not a kernel mode; use one of ${MODES.join(", ")}`);
  }
  return v as KernelMode;
}

export function kernelMode(): KernelMode {
  if (mode === undefined) mode = envMode();
  return mode;
}

/** Force a mode (null: back to LLMPATH_KERNELS, default auto). */
export function setKernelMode(m: KernelMode | null): void {
  if (m !== null && !MODES.includes(m)) throw new Error(`setKernelMode: ${m} is not one of ${MODES.join(", ")}`);
  mode = m ?? undefined;
}

/** Threads for large matmuls: setThreads(n), else LLMPATH_THREADS, else every core. */
export function threadCount(): number {
  if (threads !== null) return threads;
  const h = nodeHost();
  if (!h) return 1;
  const env = h.env.LLMPATH_THREADS;
  if (env !== undefined && env !== "") {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1) throw new Error(`LLMPATH_THREADS=${env} must be a whole number ≥ 1`);
    return n;
  }
  return Math.max(1, h.os.availableParallelism());
}

/** Force the number of matmul threads (1 = single thread); null: back to LLMPATH_THREADS / all cores. */
export function setThreads(n: number | null): void {
  if (n !== null && (!Number.isInteger(n) || n < 1)) throw new Error(`setThreads: ${n} must be a whole number ≥ 1 (or null)`);
  threads = n;
}
