// Shared by every peer of bench/engine.ts: the workload sizes, the timing rule (median after warm-up) and the result shape.

/** Workload 1: matmul N×N. */
export const MATMUL_SIZES = [128, 256, 512, 1024] as const;
/** Workload 2: causal attention forward. */
export const ATTN = { B: 1, H: 8, T: 256, D: 64 } as const;
/** Workload 3: MLP training step with Adam. */
export const MLP = { inDim: 784, hidden: 256, outDim: 10, batch: 64, lr: 1e-3 } as const;
/** Workload 4: the labs' tiny character-level GPT (pre-LayerNorm GPT-2 blocks, GELU, untied LM head), Adam. */
export const GPT = { nLayer: 4, dModel: 128, nHead: 4, blockSize: 64, vocab: 3000, batch: 16, lr: 3e-4 } as const;
/** Workload 5: SVD (reduced) of an N×N matrix. */
export const SVD_N = 768;

/** What one peer reports; every time is a median in milliseconds, null = not run (reason in `skipped`). */
export interface PeerResult {
  peer: string;
  version: string;
  threads: string;
  matmulMs: Record<string, number | null>;
  /** matmul 1024 with the engine forced to one thread (llmpath only). */
  matmul1024OneThreadMs?: number | null;
  attentionMs: number | null;
  mlpStepMs: number | null;
  gptStepMs: number | null;
  svdMs: number | null;
  skipped: Record<string, string>;
}

export interface TimingOptions {
  warmup?: number;
  reps?: number;
  /** Stop repeating once this much time was spent on timed runs (at least one timed run always happens). */
  budgetMs?: number;
}

/** Median wall time of `fn` in ms after `warmup` untimed calls. */
export function medianMs(fn: () => void, opts: TimingOptions = {}): number {
  const { warmup = 2, reps = 9, budgetMs = 4000 } = opts;
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  let spent = 0;
  while (times.length < reps && (times.length === 0 || spent < budgetMs)) {
    const t0 = performance.now();
    fn();
    const dt = performance.now() - t0;
    times.push(dt);
    spent += dt;
  }
  times.sort((a, b) => a - b);
  const m = times.length >> 1;
  return times.length % 2 ? times[m] : (times[m - 1] + times[m]) / 2;
}

/** Deterministic pseudo-random float32 data in [-1, 1) (a small LCG; peers get the same numbers). */
export function randomData(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Int32 token ids in [0, vocab). */
export function randomIds(n: number, vocab: number, seed: number): Int32Array {
  const r = randomData(n, seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.min(vocab - 1, Math.floor(((r[i] + 1) / 2) * vocab));
  return out;
}

/** The line a peer prints last on stdout; bench/engine.ts parses it. */
export function emit(result: PeerResult): void {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

/** Progress to stderr (stdout is reserved for the result line). */
export function progress(peer: string, what: string, ms: number | null): void {
  process.stderr.write(`  ${peer.padEnd(10)} ${what.padEnd(26)} ${ms === null ? "skipped" : `${ms.toFixed(2)} ms`}\n`);
}
