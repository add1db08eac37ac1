// gradient-checkpointing lab: checkpoint a deep stack segment by segment, predict the memory saved and the forwards repeated.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
// biome-ignore-all lint/correctness/noUnusedImports: the starter imports what the solution needs
import { checkpoint, type Tensor } from "llmpath/tensor";

/** One block of the model: activations in, activations of the same shape out. */
export type Block = (x: Tensor) => Tensor;

/** Task 1: split blocks 0..layers−1 into consecutive segments of k (the last one may be shorter). */
export function segments(layers: number, k: number): number[][] {
  throw new Error("TODO: segments (Task 1)");
}

/**
 * Task 2: run the blocks in segments of k; every segment but the last goes through checkpoint(), so only its input
 * is kept; the last segment runs plainly (its activations are needed at once by backward anyway).
 * x must require grad (checkpoint needs an input that does).
 */
export function checkpointSequential(blocks: Block[], k: number, x: Tensor): Tensor {
  throw new Error("TODO: checkpointSequential (Task 2)");
}

/** Task 3: block forward calls in one training step (forward + backward): L, plus one recompute of every checkpointed block. */
export function predictForwardCalls(layers: number, k: number): number {
  throw new Error("TODO: predictForwardCalls (Task 3)");
}

export interface CheckpointCost {
  layers: number;
  /** Segment length k. */
  k: number;
  /** Bytes one block keeps for backward when run plainly. */
  blockBytes: number;
  /** Bytes of one block's output (what a checkpointed segment keeps). */
  boundaryBytes: number;
}

/**
 * Task 3: peak activation bytes of one step. With m = (number of segments − 1) checkpointed segments:
 * m = 0 → layers·blockBytes; otherwise m·boundaryBytes + k·blockBytes (reached while the last checkpointed segment is
 * recomputed in backward, or at the end of forward — the same bound, since the last segment has at most k blocks).
 */
export function predictPeakBytes(c: CheckpointCost): number {
  throw new Error("TODO: predictPeakBytes (Task 3)");
}

export interface TradeoffRow {
  k: number;
  segments: number;
  peakBytes: number;
  forwardCalls: number;
}

/** Task 4: one row per segment length k = 1..layers. */
export function tradeoffTable(layers: number, blockBytes: number, boundaryBytes: number): TradeoffRow[] {
  throw new Error("TODO: tradeoffTable (Task 4)");
}

/** Task 4: the k with the lowest predicted peak; ties go to fewer forward calls, then to the smaller k. */
export function chooseSegmentLength(layers: number, blockBytes: number, boundaryBytes: number): number {
  throw new Error("TODO: chooseSegmentLength (Task 4)");
}
