// Deterministic accounting of activation memory held by live autograd graphs (what checkpointing saves).
//
// Counted: the storage bytes of every tensor an autograd node keeps for backward — each recorded op's
// output (when it owns new storage; views of an input count 0) plus any extra tensors an op saves.
// Added when the node is recorded (only while gradients are enabled and an input requires grad);
// subtracted when backward() frees the node (without retainGraph) or when release() is called.
// Leaves (parameters, inputs) and tensors made under noGrad are not counted.
let live = 0;
let peak = 0;

export interface MemoryStats {
  /** Bytes currently retained by recorded, not yet freed autograd nodes. */
  liveBytes: number;
  /** Highest liveBytes since the last resetPeak(). */
  peakBytes: number;
}

export const memory = {
  stats(): MemoryStats {
    return { liveBytes: live, peakBytes: peak };
  },
  /** Set peakBytes to the current liveBytes. */
  resetPeak(): void {
    peak = live;
  },
  /** Forget everything counted so far (for graphs dropped without backward). */
  reset(): void {
    live = 0;
    peak = 0;
  },
};

export function retainBytes(n: number): void {
  live += n;
  if (live > peak) peak = live;
}

export function releaseBytes(n: number): void {
  live = Math.max(0, live - n);
}
