// Worker threads over shared WebAssembly memory for large matmuls: chunks of A panels are claimed atomically by the
// calling thread and the workers; the caller blocks (Atomics.wait) until every chunk is done. Workers are unref'd.
import { nodeHost } from "./node-host.ts";

export interface GemmJob {
  ap: number;
  bp: number;
  cp: number;
  np: number;
  kp: number;
  panels: number;
}

// Int32 slots of the control block.
const SEQ = 0; // job number (workers wait on it)
const NEXT = 1; // (job tag << 16) | next chunk to claim
const DONE = 2; // chunks finished in the current job
const ARGS = 3; // ap bp cp np kp panels chunk nChunks (8 slots)
const ACTIVE = 11; // workers with index < ACTIVE take part
const READY = 12; // A panels packed so far (the caller packs them while workers already compute)
const SLOTS = 13;

/** The worker: plain JS (no TypeScript loader needed), instantiates gemm.wat on the shared memory and claims chunks. */
const WORKER_JS = `
const { workerData } = require("node:worker_threads");
const { module, memory, ctl: sab, flags: flagsSab, index } = workerData;
const ctl = new Int32Array(sab);
const flags = new Int32Array(flagsSab);
const gemm = new WebAssembly.Instance(module, { env: { memory } }).exports.gemm;
let seen = Atomics.load(ctl, ${SEQ});
for (;;) {
  Atomics.wait(ctl, ${SEQ}, seen);
  seen = Atomics.load(ctl, ${SEQ});
  if (index >= Atomics.load(ctl, ${ACTIVE})) continue;
  const a = [];
  for (let i = 0; i < 8; i++) a.push(Atomics.load(ctl, ${ARGS} + i));
  const [ap, bp, cp, np, kp, panels, chunk, n] = a;
  for (;;) {
    const v = Atomics.load(ctl, ${NEXT});
    if (v >>> 16 !== seen || (v & 0xffff) >= n) break;
    if (Atomics.compareExchange(ctl, ${NEXT}, v, v + 1) !== v) continue;
    const c = v & 0xffff;
    const p1 = Math.min(panels, (c + 1) * chunk);
    for (let r = Atomics.load(ctl, ${READY}); r < p1; r = Atomics.load(ctl, ${READY})) Atomics.wait(ctl, ${READY}, r);
    gemm(ap, bp, cp, np, kp, c * chunk, p1);
    Atomics.store(flags, c, 1);
    Atomics.add(ctl, ${DONE}, 1);
    Atomics.notify(ctl, ${DONE});
  }
}`;

/** Chunk numbers are 16 bits (see NEXT): one "finished" flag per chunk. */
const MAX_CHUNKS = 0x10000;

interface Pool {
  ctl: Int32Array;
  flags: Int32Array;
  workers: { terminate(): Promise<number> }[];
  memory: WebAssembly.Memory;
}

let pool: Pool | null = null;
let seq = 0;
/** Set when workers cannot start (e.g. Node's permission model without --allow-worker): one thread from then on. */
let unavailable: string | null = null;

function ensurePool(module: WebAssembly.Module, memory: WebAssembly.Memory, nWorkers: number): Pool | null {
  const wt = nodeHost()?.workerThreads;
  if (!wt || unavailable) return null;
  if (!pool || pool.memory !== memory) {
    const ctl = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
    pool = { ctl, flags: new Int32Array(new SharedArrayBuffer(MAX_CHUNKS * 4)), workers: [], memory };
  }
  try {
    while (pool.workers.length < nWorkers) {
      const w = new wt.Worker(WORKER_JS, { eval: true, workerData: { module, memory, ctl: pool.ctl.buffer, flags: pool.flags.buffer, index: pool.workers.length } });
      w.unref(); // never keeps the process alive
      pool.workers.push(w);
    }
  } catch (e) {
    unavailable = e instanceof Error ? e.message : String(e);
    return null;
  }
  return pool;
}

/** Why matmuls run on one thread although more were asked for (null: workers are fine). */
export function poolUnavailable(): string | null {
  return unavailable;
}

/**
 * Run `job` over `threads` threads (this one included). `runLocal(p0, p1)` computes A panels [p0, p1) here.
 * `packA(p0, p1)` packs A panels [p0, p1) into kernel memory: this thread packs chunk by chunk after the job is
 * published, so workers start on the first chunks while the rest is still being packed. `finish(p0, p1)` runs here
 * once per chunk as soon as that chunk is computed (copying results out while workers still compute).
 * Workers still starting up simply find every chunk taken, so the result never waits on them.
 * Returns false (nothing done) when workers cannot be started; the caller then runs the job on its own.
 */
export function parallelGemm(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  job: GemmJob,
  threads: number,
  runLocal: (p0: number, p1: number) => void,
  packA: (p0: number, p1: number) => void,
  finish: (p0: number, p1: number) => void,
): boolean {
  const p = ensurePool(module, memory, threads - 1);
  if (!p) return false;
  const { ctl } = p;
  seq = (seq % 0x7fff) + 1;
  // about 8 chunks per thread: a thread the OS deschedules holds up only a small piece
  const chunk = Math.min(32, Math.max(2, Math.ceil(job.panels / (threads * 8))));
  const n = Math.ceil(job.panels / chunk);
  if (n > MAX_CHUNKS) return false;
  const { flags } = p;
  flags.fill(0, 0, n); // published to the workers by the Atomics stores below
  const args = [job.ap, job.bp, job.cp, job.np, job.kp, job.panels, chunk, n];
  for (let i = 0; i < args.length; i++) Atomics.store(ctl, ARGS + i, args[i]);
  Atomics.store(ctl, ACTIVE, threads - 1);
  Atomics.store(ctl, DONE, 0);
  Atomics.store(ctl, READY, 0);
  Atomics.store(ctl, NEXT, seq << 16);
  Atomics.store(ctl, SEQ, seq);
  Atomics.notify(ctl, SEQ);
  for (let c = 0; c < n; c++) {
    const p1 = Math.min(job.panels, (c + 1) * chunk);
    packA(c * chunk, p1);
    Atomics.store(ctl, READY, p1);
    Atomics.notify(ctl, READY);
  }
  for (;;) {
    const v = Atomics.load(ctl, NEXT);
    if ((v & 0xffff) >= n) break;
    if (Atomics.compareExchange(ctl, NEXT, v, v + 1) !== v) continue;
    const c = v & 0xffff;
    const p1 = Math.min(job.panels, (c + 1) * chunk);
    runLocal(c * chunk, p1);
    finish(c * chunk, p1); // while this chunk's results are still in cache
    flags[c] = 2;
    Atomics.add(ctl, DONE, 1);
  }
  // Finish the workers' chunks as they complete (flag 1 = computed by a worker, 2 = finished here).
  let finished = 0;
  for (let c = 0; c < n; c++) if (flags[c] === 2) finished++;
  while (finished < n) {
    const d = Atomics.load(ctl, DONE);
    let progress = false;
    for (let c = 0; c < n; c++) {
      if (Atomics.load(flags, c) !== 1) continue;
      finish(c * chunk, Math.min(job.panels, (c + 1) * chunk));
      flags[c] = 2;
      finished++;
      progress = true;
    }
    if (!progress && finished < n) Atomics.wait(ctl, DONE, d);
  }
  return true;
}

/** Stop the workers (tests; normal exits need nothing, the workers are unref'd). */
export async function shutdownPool(): Promise<void> {
  const p = pool;
  pool = null;
  if (p) await Promise.all(p.workers.map((w) => w.terminate()));
}

/** How many worker threads exist now. */
export function poolSize(): number {
  return pool?.workers.length ?? 0;
}
