// The SVD's inner loops (the SvdLoops of src/tensor/linalg/svd-loops.ts) on the WASM SIMD kernel svd.wat, with the
// replays of logged rotations spread over worker threads (shared wasm memory; row blocks claimed with Atomics).
import type { ReplayTask, SvdLoops } from "../linalg/svd-loops.ts";
import { kernelMode, threadCount } from "./config.ts";
import { nodeHost } from "./node-host.ts";
import { loadWasmModule } from "./wasm-module.ts";

const PAGE = 65536;
const MAX_PAGES = 16384; // 1 GiB, the maximum declared in svd.wat
/** Below this many row-rotations in one flush, threads cost more than they save. */
const PARALLEL_MIN_WORK = 1 << 22;

interface Exports {
  dot(x: number, y: number, len: number): number;
  axpy(t: number, x: number, y: number, len: number): void;
  axpy_acc(t: number, x: number, y: number, len: number, e: number, w: number): void;
  replay(buf: number, ld: number, r0: number, r1: number, log0: number, log1: number): void;
}

// Int32 slots of the control block shared with the workers.
const SEQ = 0; // job number (workers wait on it)
const NEXT = 1; // (job tag << 16) | next task to claim
const DONE = 2; // tasks finished in the current job
const TASKS = 3; // byte address of the task table (6 int32 per task: buf ld r0 r1 log0 log1, addresses in bytes)
const COUNT = 4; // tasks in the current job
const SLOTS = 5;

/** The worker: plain JS, instantiates svd.wat on the shared memory and claims replay tasks of the current job. */
const WORKER_JS = `
const { workerData } = require("node:worker_threads");
const { module, memory, ctl: sab } = workerData;
const ctl = new Int32Array(sab);
const replay = new WebAssembly.Instance(module, { env: { memory } }).exports.replay;
let seen = Atomics.load(ctl, ${SEQ});
for (;;) {
  Atomics.wait(ctl, ${SEQ}, seen);
  seen = Atomics.load(ctl, ${SEQ});
  const table = Atomics.load(ctl, ${TASKS}) >> 2;
  const n = Atomics.load(ctl, ${COUNT});
  const T = new Int32Array(memory.buffer);
  for (;;) {
    const v = Atomics.load(ctl, ${NEXT});
    if (v >>> 16 !== seen || (v & 0xffff) >= n) break;
    if (Atomics.compareExchange(ctl, ${NEXT}, v, v + 1) !== v) continue;
    const o = table + 6 * (v & 0xffff);
    replay(T[o], T[o + 1], T[o + 2], T[o + 3], T[o + 4], T[o + 5]);
    Atomics.add(ctl, ${DONE}, 1);
    Atomics.notify(ctl, ${DONE});
  }
}`;

interface State {
  loops: SvdLoops;
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  x: Exports;
}

let state: State | null | undefined;
let loadError: string | null = null;
let workers: { terminate(): Promise<number> }[] = [];
let ctl: Int32Array | null = null;
let seq = 0;
/** Set when workers cannot start (e.g. Node's permission model): replays run on this thread from then on. */
let noWorkers = false;

function ensureWorkers(s: State, n: number): Int32Array | null {
  const wt = nodeHost()?.workerThreads;
  if (!wt || noWorkers) return null;
  ctl ??= new Int32Array(new SharedArrayBuffer(SLOTS * 4));
  try {
    while (workers.length < n) {
      const w = new wt.Worker(WORKER_JS, { eval: true, workerData: { module: s.module, memory: s.memory, ctl: ctl.buffer } });
      w.unref(); // never keeps the process alive
      workers.push(w);
    }
  } catch {
    noWorkers = true;
    return null;
  }
  return ctl;
}

/** Replays on this thread and the workers: tasks are claimed one at a time; returns when all are done. */
function replayParallel(s: State, tasks: readonly ReplayTask[], scratch: number, threads: number): boolean {
  const c = ensureWorkers(s, threads - 1);
  if (!c || tasks.length > 0xffff) return false;
  const T = new Int32Array(s.memory.buffer);
  const table = scratch * 2; // float64 offset → int32 offset
  tasks.forEach((t, i) => {
    T.set([t.buf * 8, t.ld, t.r0, t.r1, t.log0 * 8, t.log1 * 8], table + 6 * i);
  });
  seq = (seq % 0x7fff) + 1;
  Atomics.store(c, TASKS, table * 4);
  Atomics.store(c, COUNT, tasks.length);
  Atomics.store(c, DONE, 0);
  Atomics.store(c, NEXT, seq << 16);
  Atomics.store(c, SEQ, seq);
  Atomics.notify(c, SEQ);
  for (;;) {
    const v = Atomics.load(c, NEXT);
    if ((v & 0xffff) >= tasks.length) break;
    if (Atomics.compareExchange(c, NEXT, v, v + 1) !== v) continue;
    const o = table + 6 * (v & 0xffff);
    s.x.replay(T[o]!, T[o + 1]!, T[o + 2]!, T[o + 3]!, T[o + 4]!, T[o + 5]!);
    Atomics.add(c, DONE, 1);
  }
  for (let d = Atomics.load(c, DONE); d < tasks.length; d = Atomics.load(c, DONE)) Atomics.wait(c, DONE, d);
  return true;
}

function load(): State | null {
  if (state !== undefined) return state;
  try {
    const module = loadWasmModule("svd");
    const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    const x = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Exports;
    const s: State = { module, memory, x, loops: null as unknown as SvdLoops };
    s.loops = {
      name: "wasm-simd",
      heap(size) {
        const bytes = size * 8;
        const have = memory.buffer.byteLength;
        if (bytes > have) memory.grow(Math.ceil((bytes - have) / PAGE));
        return new Float64Array(memory.buffer, 0, size);
      },
      // offsets are in float64 values; the kernel takes byte addresses
      dot: (_h, x0, y0, len) => x.dot(x0 * 8, y0 * 8, len),
      axpy: (_h, t, x0, y0, len) => x.axpy(t, x0 * 8, y0 * 8, len),
      axpyAcc: (_h, t, x0, y0, len, e, w) => x.axpy_acc(t, x0 * 8, y0 * 8, len, e, w * 8),
      replay: (_h, buf, ld, r0, r1, log0, log1) => x.replay(buf * 8, ld, r0, r1, log0 * 8, log1 * 8),
      replayAll(_h, tasks, scratch) {
        const threads = Math.min(threadCount(), tasks.length);
        const work = tasks.reduce((w, t) => w + (t.r1 - t.r0) * (t.log1 - t.log0), 0) / 2;
        if (threads > 1 && work >= PARALLEL_MIN_WORK && replayParallel(s, tasks, scratch, threads)) return;
        for (const t of tasks) x.replay(t.buf * 8, t.ld, t.r0, t.r1, t.log0 * 8, t.log1 * 8);
      },
    };
    state = s;
  } catch (e) {
    loadError = e instanceof Error ? e.message : String(e);
    state = null;
  }
  return state;
}

/** Why the SIMD SVD loops are unavailable (null when they work or were not tried). */
export function svdLoadError(): string | null {
  return loadError;
}

/**
 * The SIMD loops for an m×n SVD under the current kernel mode, or null (then the reference loops run): off in
 * reference mode, for small matrices in auto mode, and for matrices whose working set exceeds the kernel's 1 GiB.
 */
export function simdSvdLoops(m: number, n: number, heapValues?: number): SvdLoops | null {
  const mode = kernelMode();
  if (mode === "reference") return null;
  if (mode === "auto" && Math.min(m, n) < 16) return null; // small: call overheads outweigh the SIMD gain
  if (heapValues !== undefined && heapValues * 8 > MAX_PAGES * PAGE) return null;
  return load()?.loops ?? null;
}

/** Stop the replay workers (tests; normal exits need nothing, the workers are unref'd). */
export async function shutdownSvdWorkers(): Promise<void> {
  const w = workers;
  workers = [];
  await Promise.all(w.map((x) => x.terminate()));
}

/** How many replay workers exist now. */
export function svdWorkerCount(): number {
  return workers.length;
}
