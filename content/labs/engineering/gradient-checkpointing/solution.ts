// gradient-checkpointing lab (reference): checkpoint a deep stack segment by segment, predict the memory saved and the forwards repeated.
import { checkpoint, type Tensor } from "llmpath/tensor";

/** One block of the model: activations in, activations of the same shape out. */
export type Block = (x: Tensor) => Tensor;

function checkSizes(layers: number, k: number, what: string): void {
  if (!(Number.isInteger(layers) && layers > 0)) throw new RangeError(`${what}: layers must be a positive integer, got ${layers}`);
  if (!(Number.isInteger(k) && k > 0)) throw new RangeError(`${what}: segment length k must be a positive integer, got ${k}`);
}

/** Task 1: split blocks 0..layers−1 into consecutive segments of k (the last one may be shorter). */
export function segments(layers: number, k: number): number[][] {
  checkSizes(layers, k, "segments");
  const out: number[][] = [];
  for (let s = 0; s < layers; s += k) out.push(Array.from({ length: Math.min(k, layers - s) }, (_, i) => s + i));
  return out;
}

/**
 * Task 2: run the blocks in segments of k; every segment but the last goes through checkpoint(), so only its input
 * is kept; the last segment runs plainly (its activations are needed at once by backward anyway).
 * x must require grad (checkpoint needs an input that does).
 */
export function checkpointSequential(blocks: Block[], k: number, x: Tensor): Tensor {
  const segs = segments(blocks.length, k);
  let h = x;
  segs.forEach((seg, i) => {
    const run = (inp: Tensor): Tensor => seg.reduce((a, j) => blocks[j]!(a), inp);
    h = i < segs.length - 1 ? checkpoint(run, h) : run(h);
  });
  return h;
}

/** Task 3: block forward calls in one training step (forward + backward): L, plus one recompute of every checkpointed block. */
export function predictForwardCalls(layers: number, k: number): number {
  const segs = segments(layers, k);
  return layers + (layers - segs[segs.length - 1]!.length);
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
  const segs = segments(c.layers, c.k);
  const m = segs.length - 1;
  if (m === 0) return c.layers * c.blockBytes;
  return m * c.boundaryBytes + c.k * c.blockBytes;
}

export interface TradeoffRow {
  k: number;
  segments: number;
  peakBytes: number;
  forwardCalls: number;
}

/** Task 4: one row per segment length k = 1..layers. */
export function tradeoffTable(layers: number, blockBytes: number, boundaryBytes: number): TradeoffRow[] {
  return Array.from({ length: layers }, (_, i) => {
    const k = i + 1;
    return {
      k,
      segments: Math.ceil(layers / k),
      peakBytes: predictPeakBytes({ layers, k, blockBytes, boundaryBytes }),
      forwardCalls: predictForwardCalls(layers, k),
    };
  });
}

/** Task 4: the k with the lowest predicted peak; ties go to fewer forward calls, then to the smaller k. */
export function chooseSegmentLength(layers: number, blockBytes: number, boundaryBytes: number): number {
  const rows = tradeoffTable(layers, blockBytes, boundaryBytes);
  let best = rows[0]!;
  for (const r of rows) {
    if (r.peakBytes < best.peakBytes || (r.peakBytes === best.peakBytes && r.forwardCalls < best.forwardCalls)) best = r;
  }
  return best.k;
}
