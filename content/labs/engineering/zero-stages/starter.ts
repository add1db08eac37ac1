// zero-stages lab: data-parallel Adam on N simulated ranks with ZeRO-1/2/3 partitioning and a DeepSpeed-style config.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
// biome-ignore-all lint/correctness/noUnusedImports: the starter imports what the solution needs
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

/**
 * Task 1: parse `{ "zero_optimization": { ... } }` (other top-level keys are ignored, as the rest of a DeepSpeed config).
 * Collects every problem and throws one Error listing them, each naming the key, the value and what is allowed.
 */
export function parseZeroConfig(json: unknown): ZeroConfig {
  throw new Error("TODO: parseZeroConfig (Task 1)");
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
  throw new Error("TODO: shardRange (Task 2)");
}

/** Task 2: consecutive buckets [start, end) of at most `size` elements covering [0, numel). */
export function buckets(numel: number, size: number): [number, number][] {
  throw new Error("TODO: buckets (Task 2)");
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

/**
 * Task 3–5: train data-parallel with ZeRO stage config.stage. batches[step][rank] is rank r's micro-batch at that step.
 * Stage 0: all-reduce grads, full Adam everywhere. 1: reduce-scatter grads, Adam on the own shard, all-gather params.
 * 2: as 1, keeping only the own gradient shard. 3: params sharded too — all-gather before forward, free, all-gather again
 * before backward; parameters with numel ≤ threshold stay whole on every rank (gathered once after the step).
 */
export function trainZero(opts: { problem: Problem; comm: Comm; config: ZeroConfig; batches: Batch[][]; adam: AdamHyper }): ZeroResult {
  throw new Error("TODO: trainZero (Task 3)");
}
