// FlashAttention-2 on an H100-class GPU, reference solution: FLOPs, HBM bytes, roofline verdicts, tile sizes that fit, achieved utilisation.

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
  checkShape(s, "attentionFlops");
  const fwd = 4 * s.batch * s.heads * s.seqLen * s.seqLen * s.headDim * (s.causal ? 0.5 : 1);
  return pass === "forward" ? fwd : pass === "backward" ? 2.5 * fwd : 3.5 * fwd;
}

// ---------------------------------------------------------------------------------------------------------------
// Task 2: bytes moved to and from HBM
// ---------------------------------------------------------------------------------------------------------------

/** Standard attention writes S and P to HBM: e·B·H·(4Nd + 4N²) — read Q, K, V, write O, write S, read S, write P, read P. */
export function standardAttentionBytes(s: AttentionShape): number {
  checkShape(s, "standardAttentionBytes");
  const e = s.bytesPerElement ?? 2;
  const n = s.seqLen;
  const d = s.headDim;
  return e * s.batch * s.heads * (4 * n * d + 4 * n * n);
}

/**
 * FlashAttention forward with query blocks of blockM rows: Q read and O written once; K and V streamed once per query
 * block, ⌈N/blockM⌉ times — or once in total when kvFromL2 (the re-reads hit the L2 cache). e·B·H·(2Nd + 2Nd·reads).
 */
export function flashAttentionBytes(s: AttentionShape, blockM: number, opts: { kvFromL2?: boolean } = {}): number {
  checkShape(s, "flashAttentionBytes");
  if (!Number.isInteger(blockM) || blockM < 1) throw new RangeError(`flashAttentionBytes: blockM must be a positive integer, got ${blockM}`);
  const e = s.bytesPerElement ?? 2;
  const nd = s.seqLen * s.headDim;
  const reads = opts.kvFromL2 ? 1 : Math.ceil(s.seqLen / blockM);
  return e * s.batch * s.heads * (2 * nd + 2 * nd * reads);
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
  return (gpu.peakTflops * 1e12) / (gpu.hbmTBps * 1e12);
}

export function roofline(gpu: Gpu, flops: number, bytes: number): RooflineVerdict {
  if (!(flops > 0 && bytes > 0)) throw new RangeError(`roofline: flops and bytes must be positive, got ${flops} and ${bytes}`);
  const intensity = flops / bytes;
  const ridge = ridgePoint(gpu);
  const attainableTflops = Math.min(gpu.peakTflops, (intensity * gpu.hbmTBps * 1e12) / 1e12);
  const minTimeMs = Math.max(flops / (gpu.peakTflops * 1e12), bytes / (gpu.hbmTBps * 1e12)) * 1e3;
  return { intensity, ridge, bound: intensity < ridge ? "memory" : "compute", attainableTflops, minTimeMs };
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
  const e = opts.bytesPerElement ?? 2;
  return e * (blockM * headDim + 2 * (opts.stages ?? 2) * blockN * headDim);
}

/** FP32 accumulators kept in registers: the score tile S (M×N) and the output tile O (M×d). */
export function tileAccumulatorBytes(blockM: number, blockN: number, headDim: number): number {
  return 4 * (blockM * blockN + blockM * headDim);
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
  const ms = opts.candidatesM ?? [64, 128, 192, 256];
  const ns = opts.candidatesN ?? [32, 64, 128, 256];
  const smemLimit = gpu.maxSmemPerBlockKiB * 1024;
  const regLimit = (gpu.registerFilePerSmKiB * 1024) / 2;
  let best: TileChoice | undefined;
  for (const blockM of ms) {
    for (const blockN of ns) {
      const smemBytes = tileSmemBytes(blockM, blockN, headDim, opts);
      const accumulatorBytes = tileAccumulatorBytes(blockM, blockN, headDim);
      if (smemBytes > smemLimit || accumulatorBytes > regLimit) continue;
      const reuse = (blockM * blockN) / (blockM + blockN);
      const bestReuse = best ? (best.blockM * best.blockN) / (best.blockM + best.blockN) : -1;
      if (reuse > bestReuse || (reuse === bestReuse && best !== undefined && blockM > best.blockM)) {
        best = { blockM, blockN, smemBytes, accumulatorBytes, blocksPerSm: Math.floor((gpu.smemPerSmKiB * 1024) / smemBytes) };
      }
    }
  }
  if (!best) throw new Error(`chooseTiles: no candidate tile fits ${gpu.name} for headDim ${headDim} (shared memory ${gpu.maxSmemPerBlockKiB} KiB per block, accumulators ${regLimit} bytes)`);
  return best;
}

// ---------------------------------------------------------------------------------------------------------------
// Task 5: from a measured time to utilisation
// ---------------------------------------------------------------------------------------------------------------

/** TFLOP/s achieved by `flops` in `ms` milliseconds. */
export function achievedTflops(flops: number, ms: number): number {
  if (!(ms > 0)) throw new RangeError(`achievedTflops: time must be positive, got ${ms} ms`);
  return flops / (ms * 1e-3) / 1e12;
}

/** Achieved ÷ peak, in [0, 1] for a plausible measurement. */
export function utilisation(gpu: Gpu, flops: number, ms: number): number {
  return achievedTflops(flops, ms) / gpu.peakTflops;
}
