// The SVD's inner loops (the SvdLoops of src/tensor/linalg/svd-loops.ts) on the WASM SIMD kernel svd.wat.
import type { SvdLoops } from "../linalg/svd-loops.ts";
import { kernelMode } from "./config.ts";
import { loadWasmModule } from "./wasm-module.ts";

const PAGE = 65536;
const MAX_PAGES = 65536; // 4 GiB, the maximum declared in svd.wat

interface Exports {
  dot(x: number, y: number, len: number): number;
  axpy(t: number, x: number, y: number, len: number): void;
  axpy_acc(t: number, x: number, y: number, len: number, e: number, w: number): void;
  replay(buf: number, ld: number, r0: number, r1: number, log0: number, log1: number): void;
}

let loops: SvdLoops | null | undefined;
let loadError: string | null = null;

function load(): SvdLoops | null {
  if (loops !== undefined) return loops;
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES });
    const x = new WebAssembly.Instance(loadWasmModule("svd"), { env: { memory } }).exports as unknown as Exports;
    loops = {
      name: "wasm-simd",
      heap(size) {
        const bytes = size * 8;
        const have = memory.buffer.byteLength;
        if (bytes > MAX_PAGES * PAGE) throw new Error(`linalg.svd: the matrix needs ${(bytes / 2 ** 30).toFixed(1)} GiB of kernel memory, more than 4 GiB`);
        if (bytes > have) memory.grow(Math.ceil((bytes - have) / PAGE));
        return new Float64Array(memory.buffer, 0, size);
      },
      // offsets are in float64 values; the kernel takes byte addresses
      dot: (_h, x0, y0, len) => x.dot(x0 * 8, y0 * 8, len),
      axpy: (_h, t, x0, y0, len) => x.axpy(t, x0 * 8, y0 * 8, len),
      axpyAcc: (_h, t, x0, y0, len, e, w) => x.axpy_acc(t, x0 * 8, y0 * 8, len, e, w * 8),
      replay: (_h, buf, ld, r0, r1, log0, log1) => x.replay(buf * 8, ld, r0, r1, log0 * 8, log1 * 8),
    };
  } catch (e) {
    loadError = e instanceof Error ? e.message : String(e);
    loops = null;
  }
  return loops;
}

/** Why the SIMD SVD loops are unavailable (null when they work or were not tried). */
export function svdLoadError(): string | null {
  return loadError;
}

/** The SIMD loops for an m×n SVD under the current kernel mode, or null (then the reference loops run). */
export function simdSvdLoops(m: number, n: number): SvdLoops | null {
  const mode = kernelMode();
  if (mode === "reference") return null;
  if (mode === "auto" && Math.min(m, n) < 16) return null; // small: call overheads outweigh the SIMD gain
  return load();
}
