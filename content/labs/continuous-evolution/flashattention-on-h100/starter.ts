// FlashAttention-2 on an H100-class GPU: fill in each TODO (README.en.md / README.zh.md has one task per TODO).
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
// biome-ignore-all lint/correctness/noUnusedVariables: a helper for the bodies you write

/** The published figures a roofline needs. Units: TFLOP/s, TB/s (10¹² bytes/s), KiB. */
export interface Gpu {
  name: string;
  /** Dense (no sparsity) BF16/FP16 tensor-core peak. */
  peakTflops: number;
  hbmTBps: number;
  smemPerSmKiB: number;
  maxSmemPerBlockKiB: number;
  registerFilePerSmKiB: number;
  numSms: number;
}

export interface AttentionShape {
  batch: number;
  heads: number;
  seqLen: number;
  headDim: number;
  causal?: boolean;
  /** 2 for BF16/FP16 (default). */
  bytesPerElement?: number;
}

function checkShape(s: AttentionShape, where: string): void {
  for (const k of ["batch", "heads", "seqLen", "headDim"] as const) {
    if (!Number.isInteger(s[k]) || s[k] < 1) throw new RangeError(`${where}: ${k} must be a positive integer, got ${s[k]}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Task 1: FLOPs
// ---------------------------------------------------------------------------------------------------------------

/**
 * Matmul FLOPs of attention (2 per multiply-add): forward = 4·B·H·N²·d (QKᵀ and PV), halved when causal;
 * backward = 2.5 × forward (five N²d matmuls instead of two); "forward+backward" = 3.5 × forward.
 */
export function attentionFlops(s: AttentionShape, pass: "forward" | "backward" | "forward+backward" = "forward"): number {
  throw new Error("TODO: attentionFlops (task 1)");
}

// ---------------------------------------------------------------------------------------------------------------
// Task 2: bytes moved to and from HBM
// ---------------------------------------------------------------------------------------------------------------

/** Standard attention writes S and P to HBM: e·B·H·(4Nd + 4N²) — read Q, K, V, write O, write S, read S, write P, read P. */
export function standardAttentionBytes(s: AttentionShape): number {
  throw new Error("TODO: standardAttentionBytes (task 2)");
}

/**
 * FlashAttention forward with query blocks of blockM rows: Q read and O written once; K and V streamed once per query
 * block, ⌈N/blockM⌉ times — or once in total when kvFromL2 (the re-reads hit the L2 cache). e·B·H·(2Nd + 2Nd·reads).
 */
export function flashAttentionBytes(s: AttentionShape, blockM: number, opts: { kvFromL2?: boolean } = {}): number {
  throw new Error("TODO: flashAttentionBytes (task 2)");
}

// ---------------------------------------------------------------------------------------------------------------
// Task 3: the roofline
// ---------------------------------------------------------------------------------------------------------------

export interface RooflineVerdict {
  /** FLOP per byte of HBM traffic. */
  intensity: number;
  /** Peak FLOP/s ÷ bandwidth (B/s): the intensity where the two roofs meet. */
  ridge: number;
  bound: "memory" | "compute";
  /** min(peak, intensity × bandwidth), TFLOP/s. */
  attainableTflops: number;
  /** Lower bound on run time: max(FLOPs / peak, bytes / bandwidth), milliseconds. */
  minTimeMs: number;
}

export function ridgePoint(gpu: Gpu): number {
  throw new Error("TODO: ridgePoint (task 3)");
}

export function roofline(gpu: Gpu, flops: number, bytes: number): RooflineVerdict {
  throw new Error("TODO: roofline (task 3)");
}

// ---------------------------------------------------------------------------------------------------------------
// Task 4: tiles that fit
// ---------------------------------------------------------------------------------------------------------------

export interface TileChoice {
  blockM: number;
  blockN: number;
  smemBytes: number;
  accumulatorBytes: number;
  /** Thread blocks one SM can hold at once, counting shared memory only. */
  blocksPerSm: number;
}

/** Shared memory of one forward thread block: a Q tile (M×d) plus `stages` buffers of a K and a V tile (N×d each). */
export function tileSmemBytes(blockM: number, blockN: number, headDim: number, opts: { stages?: number; bytesPerElement?: number } = {}): number {
  throw new Error("TODO: tileSmemBytes (task 4)");
}

/** FP32 accumulators kept in registers: the score tile S (M×N) and the output tile O (M×d). */
export function tileAccumulatorBytes(blockM: number, blockN: number, headDim: number): number {
  throw new Error("TODO: tileAccumulatorBytes (task 4)");
}

/**
 * Among the candidates, the tiles that fit maxSmemPerBlock and whose accumulators fit half the register file; pick the
 * one with the most FLOPs per loaded element, M·N/(M+N) (the tile's QKᵀ does 2·M·N·d FLOPs on (M+N)·d loaded values),
 * ties going to the larger blockM (fewer K/V passes over HBM). Throws when nothing fits.
 */
export function chooseTiles(
  gpu: Gpu,
  headDim: number,
  opts: { stages?: number; bytesPerElement?: number; candidatesM?: number[]; candidatesN?: number[] } = {},
): TileChoice {
  throw new Error("TODO: chooseTiles (task 4)");
}

// ---------------------------------------------------------------------------------------------------------------
// Task 5: from a measured time to utilisation
// ---------------------------------------------------------------------------------------------------------------

/** TFLOP/s achieved by `flops` in `ms` milliseconds. */
export function achievedTflops(flops: number, ms: number): number {
  throw new Error("TODO: achievedTflops (task 5)");
}

/** Achieved ÷ peak, in [0, 1] for a plausible measurement. */
export function utilisation(gpu: Gpu, flops: number, ms: number): number {
  throw new Error("TODO: utilisation (task 5)");
}
