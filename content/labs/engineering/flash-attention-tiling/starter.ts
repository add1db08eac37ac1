// FlashAttention tiling: your file — plain attention, online softmax, tiled attention, and an HBM↔SRAM traffic model.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write

/**
 * The memory model the tests hand to your kernels. Arrays q, k, v and the output live in slow memory (HBM).
 * `hbm(n)` allocates an extra HBM buffer; `sram(n)` allocates fast on-chip scratch (the tests give you M floats in
 * all and throw past that); `read(n)` / `write(n)` record n floats moved HBM → SRAM / SRAM → HBM.
 */
export interface Memory {
  hbm(n: number): Float32Array;
  sram(n: number): Float32Array;
  read(n: number): void;
  write(n: number): void;
}

/** A memory that only allocates (for callers that do not measure anything). */
export const uncounted: Memory = { hbm: (n) => new Float32Array(n), sram: (n) => new Float32Array(n), read: () => {}, write: () => {} };

export interface AttentionOptions {
  causal?: boolean;
  mem?: Memory;
}

function check(op: string, q: Float32Array, k: Float32Array, v: Float32Array, T: number, d: number): void {
  for (const [name, a] of [["q", q], ["k", k], ["v", v]] as const) {
    if (a.length !== T * d) throw new Error(`${op}: ${name} has ${a.length} floats, expected T·d = ${T}·${d} = ${T * d}`);
  }
}

/**
 * Task 1: softmax(q kᵀ/√d) v for one head; q, k, v row-major (T, d). Materialises S (T, T) in HBM and records the
 * traffic of the three textbook passes: S = QKᵀ, P = softmax(S), O = PV.
 */
export function naiveAttention(q: Float32Array, k: Float32Array, v: Float32Array, T: number, d: number, opts: AttentionOptions = {}): Float32Array {
  throw new Error("TODO: task 1 — S = q kᵀ/√d into mem.hbm(T·T), softmax each row, O = P v; record read/write of each pass");
}

/** Running softmax statistics of some scores: max m and sum l = Σ exp(x − m). Empty: m = −∞, l = 0. */
export interface SoftmaxStats {
  max: number;
  sum: number;
}

/** Task 2: the statistics of the union of two parts: m = max(ma, mb), l = la·e^(ma−m) + lb·e^(mb−m). */
export function combineStats(a: SoftmaxStats, b: SoftmaxStats): SoftmaxStats {
  throw new Error("TODO: task 2 — m = max(ma, mb); l = la·exp(ma − m) + lb·exp(mb − m); two empty parts stay empty");
}

/** Task 2: one pass over x in chunks of `chunk`, combining each chunk's statistics into the running ones. */
export function onlineSoftmax(x: ArrayLike<number>, chunk: number): SoftmaxStats {
  throw new Error("TODO: task 2 — for each chunk: its own max and sum, then combineStats with the running pair");
}

export interface FlashOptions extends AttentionOptions {
  /** query rows per tile (Br) */
  blockQ: number;
  /** key rows per tile (Bc) */
  blockK: number;
}

/**
 * Task 3: the same attention, tile by tile (FlashAttention-2 loop order: query blocks outside, key blocks inside).
 * SRAM holds Qi, Kj, Vj, the score tile, an output accumulator and m, l for one query block; HBM gets the output
 * and the log-sum-exp of every row (what a backward pass would need), T floats of extra memory instead of T².
 */
export function flashAttention(q: Float32Array, k: Float32Array, v: Float32Array, T: number, d: number, opts: FlashOptions): { out: Float32Array; lse: Float32Array } {
  throw new Error("TODO: task 3 — query blocks outside, key blocks inside; keep m, l and an output accumulator per row in SRAM");
}

/** Task 4: the largest square tile B (Br = Bc = B) whose SRAM buffers fit in M floats: 4·B·d + B² + 2·B ≤ M. */
export function blockSize(M: number, d: number): number {
  throw new Error("TODO: task 4 — the largest B with 4·B·d + B² + 2·B ≤ M");
}

/** Task 4: floats moved by naiveAttention: read Q, K, write S; read S, write P; read P, V, write O = 4Td + 4T². */
export function ioNaive(T: number, d: number): number {
  throw new Error("TODO: task 4 — count the three passes: 2Td + T², 2T², T² + 2Td");
}

/**
 * Task 4: floats moved by flashAttention: Q once (Td), K and V once per query block for the key blocks it visits,
 * O and the log-sum-exp once (Td + T). Without a mask that is 2Td + T + 2Td·⌈T/Br⌉.
 */
export function ioTiled(T: number, d: number, Br: number, Bc: number, causal = false): number {
  throw new Error("TODO: task 4 — Q once, K and V per query block for the key blocks it visits, O and the log-sum-exp once");
}
