// zero-stages lab (reference): data-parallel Adam on N simulated ranks with ZeRO-1/2/3 partitioning and a DeepSpeed-style config.
import { type Tensor, tensor } from "llmpath/tensor";

/** Task 1: the ZeRO section of a DeepSpeed config, camelCased and with defaults filled in. */
export interface ZeroConfig {
  stage: 0 | 1 | 2 | 3;
  overlapComm: boolean;
  reduceBucketSize: number;
  stage3PrefetchBucketSize: number;
  stage3ParamPersistenceThreshold: number;
}

const DEFAULTS = {
  stage: 0,
  overlap_comm: false,
  reduce_bucket_size: 500_000_000,
  stage3_prefetch_bucket_size: 50_000_000,
  stage3_param_persistence_threshold: 100_000,
} as const;
type Key = keyof typeof DEFAULTS;
const KEYS = Object.keys(DEFAULTS) as Key[];

/** Edit distance, to suggest the key a typo meant. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * Task 1: parse `{ "zero_optimization": { ... } }` (other top-level keys are ignored, as the rest of a DeepSpeed config).
 * Collects every problem and throws one Error listing them, each naming the key, the value and what is allowed.
 */
export function parseZeroConfig(json: unknown): ZeroConfig {
  const problems: string[] = [];
  if (json === null || typeof json !== "object" || Array.isArray(json)) throw new Error("ZeRO config: expected a JSON object with a zero_optimization section");
  const raw = (json as Record<string, unknown>).zero_optimization;
  if (raw === undefined) throw new Error('ZeRO config: missing "zero_optimization" (e.g. { "zero_optimization": { "stage": 2 } })');
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new Error("ZeRO config: zero_optimization must be an object");
  const z = raw as Record<string, unknown>;
  for (const k of Object.keys(z)) {
    if ((KEYS as string[]).includes(k)) continue;
    const near = KEYS.map((c) => [c, distance(k, c)] as const).sort((a, b) => a[1] - b[1])[0]!;
    problems.push(`zero_optimization.${k}: unknown key${near[1] <= 3 ? ` (did you mean ${near[0]}?)` : ""}; known keys: ${KEYS.join(", ")}`);
  }
  const get = <K extends Key>(k: K): unknown => (z[k] === undefined ? DEFAULTS[k] : z[k]);
  const stage = get("stage");
  if (!(stage === 0 || stage === 1 || stage === 2 || stage === 3)) problems.push(`zero_optimization.stage: must be 0, 1, 2 or 3, got ${JSON.stringify(stage)}`);
  const overlap = get("overlap_comm");
  if (typeof overlap !== "boolean") problems.push(`zero_optimization.overlap_comm: must be true or false, got ${JSON.stringify(overlap)}`);
  const count = (k: Key, min: number): number => {
    const v = get(k);
    if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
      const hint = v === "auto" ? ' ("auto" is filled in by the Hugging Face Trainer; give a number here)' : "";
      problems.push(`zero_optimization.${k}: must be an integer ≥ ${min} (number of elements), got ${JSON.stringify(v)}${hint}`);
      return min;
    }
    return v;
  };
  const reduceBucketSize = count("reduce_bucket_size", 1);
  const stage3PrefetchBucketSize = count("stage3_prefetch_bucket_size", 1);
  const stage3ParamPersistenceThreshold = count("stage3_param_persistence_threshold", 0);
  if (problems.length > 0) throw new Error(`ZeRO config has ${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
  return { stage: stage as ZeroConfig["stage"], overlapComm: overlap as boolean, reduceBucketSize, stage3PrefetchBucketSize, stage3ParamPersistenceThreshold };
}

/** The collectives the tests hand you. Every buffer is a full-length (Ψ) per-rank array; [start, end) picks the range. */
export interface Comm {
  readonly size: number;
  /** Every rank's [start, end) becomes the sum over ranks. */
  allReduce(bufs: Float32Array[], start: number, end: number): void;
  /** Rank r's part of [start, end) ∩ shard r becomes the sum over ranks; the rest of its buffer is left as it was. */
  reduceScatter(bufs: Float32Array[], start: number, end: number): void;
  /** Every rank's [start, end) is filled from the owners: position i comes from the rank whose shard holds i. */
  allGather(bufs: Float32Array[], start: number, end: number): void;
}

/** Task 2: rank r's shard of Ψ values: [floor(r·Ψ/N), floor((r+1)·Ψ/N)). */
export function shardRange(numel: number, n: number, rank: number): [number, number] {
  return [Math.floor((rank * numel) / n), Math.floor(((rank + 1) * numel) / n)];
}

/** Task 2: consecutive buckets [start, end) of at most `size` elements covering [0, numel). */
export function buckets(numel: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  for (let s = 0; s < numel; s += size) out.push([s, Math.min(numel, s + size)]);
  return out;
}

export interface Batch {
  x: Tensor;
  y: Tensor;
}

export interface Problem {
  /** Parameter shapes, in the order of the flat vector. */
  shapes: number[][];
  /** Initial flat parameters (Ψ values). */
  init: Float32Array;
  /** Mean loss of one micro-batch given the parameter tensors. */
  loss(params: Tensor[], batch: Batch): Tensor;
}

export interface AdamHyper {
  lr: number;
  betas: [number, number];
  eps: number;
}

/** What one rank holds between steps (the tests add up byteLength). */
export interface RankState {
  params: Float32Array[];
  grads: Float32Array[];
  optimizer: Float32Array[];
}

export interface ZeroResult {
  /** Final parameters, assembled from the owners' shards (saving a checkpoint: not counted as traffic). */
  params: Float32Array;
  ranks: RankState[];
  /** Gradient bucket buffer one rank allocates: reduceBucketSize (capped at Ψ) values, twice with overlapComm. */
  bucketBufferBytes: number;
}

/** Offsets of each parameter in the flat vector. */
function offsets(shapes: number[][]): [number, number][] {
  let o = 0;
  return shapes.map((s) => {
    const n = s.reduce((a, b) => a * b, 1);
    const r: [number, number] = [o, o + n];
    o += n;
    return r;
  });
}

/** One Adam step (torch's formula) on p[lo, hi) with gradients g[lo, hi) and moments m, v indexed from 0. */
function adam(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, lo: number, hi: number, t: number, h: AdamHyper): void {
  const [b1, b2] = h.betas;
  const stepSize = h.lr / (1 - b1 ** t);
  const bc2Sqrt = Math.sqrt(1 - b2 ** t);
  for (let i = lo; i < hi; i++) {
    const j = i - lo;
    const gi = g[i]!;
    m[j] = b1 * m[j]! + (1 - b1) * gi;
    v[j] = b2 * v[j]! + (1 - b2) * gi * gi;
    p[i] = p[i]! - (stepSize * m[j]!) / (Math.sqrt(v[j]!) / bc2Sqrt + h.eps);
  }
}

/**
 * Task 3–5: train data-parallel with ZeRO stage config.stage. batches[step][rank] is rank r's micro-batch at that step.
 * Stage 0: all-reduce grads, full Adam everywhere. 1: reduce-scatter grads, Adam on the own shard, all-gather params.
 * 2: as 1, keeping only the own gradient shard. 3: params sharded too — all-gather before forward, free, all-gather again
 * before backward; parameters with numel ≤ threshold stay whole on every rank (gathered once after the step).
 */
export function trainZero(opts: { problem: Problem; comm: Comm; config: ZeroConfig; batches: Batch[][]; adam: AdamHyper }): ZeroResult {
  const { problem, comm, config, batches, adam: hyper } = opts;
  const n = comm.size;
  const psi = problem.init.length;
  const offs = offsets(problem.shapes);
  if (offs.at(-1)![1] !== psi) throw new Error(`trainZero: the shapes hold ${offs.at(-1)![1]} values but init has ${psi}`);
  const stage = config.stage;
  const shard = Array.from({ length: n }, (_, r) => shardRange(psi, n, r));
  const persistent = offs.map(([s, e]) => stage === 3 && e - s <= config.stage3ParamPersistenceThreshold);
  // Per-rank persistent state.
  const full = Array.from({ length: n }, () => problem.init.slice()); // stage 3: only the own shard and persistent params are valid
  const fullGrad = Array.from({ length: n }, () => new Float32Array(psi)); // stages 0/1 keep it; 2/3 keep the own shard only
  const optLen = (r: number) => (stage === 0 ? psi : shard[r]![1] - shard[r]![0]);
  const m = Array.from({ length: n }, (_, r) => new Float32Array(optLen(r)));
  const v = Array.from({ length: n }, (_, r) => new Float32Array(optLen(r)));
  const gradBuckets = buckets(psi, config.reduceBucketSize);
  // Stage 3 gathers the non-persistent parameters in prefetch buckets of consecutive parameters.
  const gatherGroups: [number, number][] = [];
  offs.forEach(([s, e], i) => {
    if (persistent[i]) return;
    const last = gatherGroups.at(-1);
    if (last && last[1] === s && e - last[0] <= config.stage3PrefetchBucketSize) last[1] = e;
    else gatherGroups.push([s, e]);
  });
  const gatherAll = () => {
    for (const [s, e] of gatherGroups) comm.allGather(full, s, e);
  };
  batches.forEach((stepBatches, step) => {
    if (stepBatches.length !== n) throw new Error(`trainZero: step ${step} has ${stepBatches.length} micro-batches for ${n} ranks`);
    if (stage === 3) gatherAll(); // before forward
    const params = full.map((f) => offs.map(([s, e], i) => tensor(f.subarray(s, e), { shape: problem.shapes[i] }).requiresGrad_()));
    const losses = params.map((ps, r) => problem.loss(ps, stepBatches[r]!));
    if (stage === 3) {
      // Free the gathered parameters (the graph keeps only their storage), then gather them again for backward.
      for (let r = 0; r < n; r++) {
        const [lo, hi] = shard[r]!;
        offs.forEach(([s, e], i) => {
          if (persistent[i]) return;
          for (let j = s; j < e; j++) if (j < lo || j >= hi) full[r]![j] = Number.NaN;
          params[r]![i]!.data.fill(Number.NaN);
        });
      }
      gatherAll();
      for (let r = 0; r < n; r++) {
        offs.forEach(([s, e], i) => {
          if (!persistent[i]) params[r]![i]!.data.set(full[r]!.subarray(s, e));
        });
      }
    }
    for (const l of losses) l.backward();
    params.forEach((ps, r) => {
      offs.forEach(([s], i) => {
        fullGrad[r]!.set(ps[i]!.grad!.toFloat32Array(), s);
      });
    });
    for (const [s, e] of gradBuckets) {
      if (stage === 0) comm.allReduce(fullGrad, s, e);
      else comm.reduceScatter(fullGrad, s, e);
    }
    for (let r = 0; r < n; r++) {
      const [lo, hi] = stage === 0 ? [0, psi] : shard[r]!;
      const g = fullGrad[r]!;
      for (let i = lo; i < hi; i++) g[i] = g[i]! / n;
      adam(full[r]!, g, m[r]!, v[r]!, lo, hi, step + 1, hyper);
    }
    if (stage === 1 || stage === 2) for (const [s, e] of gradBuckets) comm.allGather(full, s, e);
    if (stage === 3) {
      offs.forEach(([s, e], i) => {
        if (persistent[i]) comm.allGather(full, s, e);
      });
    }
  });
  const params = new Float32Array(psi);
  for (let r = 0; r < n; r++) params.set(full[r]!.subarray(...(stage === 0 ? [0, psi] : shard[r]!)), stage === 0 ? 0 : shard[r]![0]);
  const ranks: RankState[] = Array.from({ length: n }, (_, r) => {
    const [lo, hi] = shard[r]!;
    const own = full[r]!.slice(lo, hi);
    const persistentCopies = offs.filter((_, i) => persistent[i]).map(([s, e]) => full[r]!.slice(s, e));
    return {
      params: stage === 3 ? [own, ...persistentCopies] : [full[r]!],
      grads: stage >= 2 ? [fullGrad[r]!.slice(lo, hi)] : [fullGrad[r]!],
      optimizer: [m[r]!, v[r]!],
    };
  });
  const bucketBufferBytes = 4 * Math.min(config.reduceBucketSize, psi) * (config.overlapComm ? 2 : 1);
  return { params, ranks, bucketBufferBytes };
}
