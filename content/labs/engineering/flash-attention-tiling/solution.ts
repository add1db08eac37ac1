// FlashAttention tiling: reference solution — plain attention, online softmax, tiled attention, and an HBM↔SRAM traffic model.

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
  check("naiveAttention", q, k, v, T, d);
  const mem = opts.mem ?? uncounted;
  const scale = 1 / Math.sqrt(d);
  const S = mem.hbm(T * T);
  mem.read(2 * T * d); // pass 1: read Q, K; write S
  for (let i = 0; i < T; i++) {
    for (let j = 0; j < T; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += q[i * d + c]! * k[j * d + c]!;
      S[i * T + j] = opts.causal && j > i ? Number.NEGATIVE_INFINITY : s * scale;
    }
  }
  mem.write(T * T);
  mem.read(T * T); // pass 2: read S, write P (in place)
  for (let i = 0; i < T; i++) {
    let mx = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < T; j++) mx = Math.max(mx, S[i * T + j]!);
    let sum = 0;
    for (let j = 0; j < T; j++) sum += S[i * T + j] = Math.exp(S[i * T + j]! - mx);
    for (let j = 0; j < T; j++) S[i * T + j]! /= sum;
  }
  mem.write(T * T);
  mem.read(T * T + T * d); // pass 3: read P, V; write O
  const out = new Float32Array(T * d);
  for (let i = 0; i < T; i++) {
    for (let j = 0; j < T; j++) {
      const p = S[i * T + j]!;
      if (p === 0) continue;
      for (let c = 0; c < d; c++) out[i * d + c] += p * v[j * d + c]!;
    }
  }
  mem.write(T * d);
  return out;
}

/** Running softmax statistics of some scores: max m and sum l = Σ exp(x − m). Empty: m = −∞, l = 0. */
export interface SoftmaxStats {
  max: number;
  sum: number;
}

/** Task 2: the statistics of the union of two parts: m = max(ma, mb), l = la·e^(ma−m) + lb·e^(mb−m). */
export function combineStats(a: SoftmaxStats, b: SoftmaxStats): SoftmaxStats {
  const m = Math.max(a.max, b.max);
  if (m === Number.NEGATIVE_INFINITY) return { max: m, sum: 0 };
  return { max: m, sum: a.sum * Math.exp(a.max - m) + b.sum * Math.exp(b.max - m) };
}

/** Task 2: one pass over x in chunks of `chunk`, combining each chunk's statistics into the running ones. */
export function onlineSoftmax(x: ArrayLike<number>, chunk: number): SoftmaxStats {
  if (!Number.isInteger(chunk) || chunk < 1) throw new Error(`onlineSoftmax: chunk must be a positive integer, got ${chunk}`);
  let run: SoftmaxStats = { max: Number.NEGATIVE_INFINITY, sum: 0 };
  for (let s = 0; s < x.length; s += chunk) {
    const e = Math.min(s + chunk, x.length);
    let m = Number.NEGATIVE_INFINITY;
    for (let i = s; i < e; i++) m = Math.max(m, x[i]!);
    let l = 0;
    if (m !== Number.NEGATIVE_INFINITY) for (let i = s; i < e; i++) l += Math.exp(x[i]! - m);
    run = combineStats(run, { max: m, sum: l });
  }
  return run;
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
  check("flashAttention", q, k, v, T, d);
  const { blockQ: Br, blockK: Bc } = opts;
  if (!(Br >= 1 && Bc >= 1)) throw new Error(`flashAttention: blockQ and blockK must be ≥ 1, got ${Br} and ${Bc}`);
  const mem = opts.mem ?? uncounted;
  const scale = 1 / Math.sqrt(d);
  const out = new Float32Array(T * d);
  const lse = mem.hbm(T);
  const Qi = mem.sram(Br * d);
  const Kj = mem.sram(Bc * d);
  const Vj = mem.sram(Bc * d);
  const S = mem.sram(Br * Bc);
  const O = mem.sram(Br * d);
  const m = mem.sram(Br);
  const l = mem.sram(Br);
  for (let r0 = 0; r0 < T; r0 += Br) {
    const nr = Math.min(Br, T - r0);
    Qi.set(q.subarray(r0 * d, (r0 + nr) * d));
    mem.read(nr * d);
    O.fill(0);
    m.fill(Number.NEGATIVE_INFINITY);
    l.fill(0);
    for (let c0 = 0; c0 < T; c0 += Bc) {
      if (opts.causal && c0 > r0 + nr - 1) break; // every key of this block is in the future of every query
      const nc = Math.min(Bc, T - c0);
      Kj.set(k.subarray(c0 * d, (c0 + nc) * d));
      Vj.set(v.subarray(c0 * d, (c0 + nc) * d));
      mem.read(2 * nc * d);
      for (let i = 0; i < nr; i++) {
        let mx = m[i]!;
        for (let j = 0; j < nc; j++) {
          let s = Number.NEGATIVE_INFINITY;
          if (!(opts.causal && c0 + j > r0 + i)) {
            s = 0;
            for (let c = 0; c < d; c++) s += Qi[i * d + c]! * Kj[j * d + c]!;
            s *= scale;
          }
          S[i * Bc + j] = s;
          mx = Math.max(mx, s);
        }
        if (mx === Number.NEGATIVE_INFINITY) continue; // nothing visible yet for this row
        const corr = Math.exp(m[i]! - mx); // rescale what was accumulated under the old max
        let rowSum = 0;
        for (let c = 0; c < d; c++) O[i * d + c]! *= corr;
        for (let j = 0; j < nc; j++) {
          const p = Math.exp(S[i * Bc + j]! - mx);
          rowSum += p;
          if (p !== 0) for (let c = 0; c < d; c++) O[i * d + c] += p * Vj[j * d + c]!;
        }
        l[i] = l[i]! * corr + rowSum;
        m[i] = mx;
      }
    }
    for (let i = 0; i < nr; i++) {
      for (let c = 0; c < d; c++) out[(r0 + i) * d + c] = O[i * d + c]! / l[i]!;
      lse[r0 + i] = m[i]! + Math.log(l[i]!);
    }
    mem.write(nr * d + nr);
  }
  return { out, lse };
}

/** Task 4: the largest square tile B (Br = Bc = B) whose SRAM buffers fit in M floats: 4·B·d + B² + 2·B ≤ M. */
export function blockSize(M: number, d: number): number {
  let B = 0;
  while (4 * (B + 1) * d + (B + 1) ** 2 + 2 * (B + 1) <= M) B++;
  if (B === 0) throw new Error(`blockSize: SRAM of ${M} floats cannot hold even one row of Q, K, V and O at d = ${d} (needs ${4 * d + 3})`);
  return B;
}

/** Task 4: floats moved by naiveAttention: read Q, K, write S; read S, write P; read P, V, write O = 4Td + 4T². */
export function ioNaive(T: number, d: number): number {
  return 4 * T * d + 4 * T * T;
}

/**
 * Task 4: floats moved by flashAttention: Q once (Td), K and V once per query block for the key blocks it visits,
 * O and the log-sum-exp once (Td + T). Without a mask that is 2Td + T + 2Td·⌈T/Br⌉.
 */
export function ioTiled(T: number, d: number, Br: number, Bc: number, causal = false): number {
  let kv = 0;
  for (let r0 = 0; r0 < T; r0 += Br) {
    const last = Math.min(r0 + Br, T) - 1; // the last query row of this block
    kv += causal ? Math.min(T, (Math.floor(last / Bc) + 1) * Bc) : T;
  }
  return 2 * T * d + T + 2 * d * kv;
}
