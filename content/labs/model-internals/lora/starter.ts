// LoRA: fill in each TODO (README.en.md / README.zh.md has one task per function or method).
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
// biome-ignore-all lint/correctness/noUnusedImports: the imports are the ones the reference solution uses
import { F, memory, manualSeed, nn, noGrad, optim, randint, type Tensor, tensor, zeros } from "llmpath/tensor";

export interface LoRAOptions {
  r: number;
  /** Default: r (scaling 1). */
  alpha?: number;
}

/** Task 1: y = base(x) + (α/r)·(x Aᵀ) Bᵀ with base frozen, A (r, in) random, B (out, r) zero. */
export class LoRALinear extends nn.Module {
  readonly r: number;
  readonly alpha: number;
  readonly scaling: number;
  base: nn.Linear;
  loraA: Tensor;
  loraB: Tensor;
  merged = false;

  constructor(base: nn.Linear, opts: LoRAOptions) {
    super();
    this.r = opts.r;
    this.alpha = opts.alpha ?? opts.r;
    this.scaling = 1; // TODO: α / r
    this.base = base; // TODO: freeze the base layer's parameters
    this.loraA = nn.Parameter(zeros([opts.r, base.inFeatures])); // TODO: kaiming-uniform, like nn.Linear's weight
    this.loraB = nn.Parameter(zeros([base.outFeatures, opts.r])); // (out, r), zero
  }

  forward(x: Tensor): Tensor {
    return this.base.forward(x); // TODO: add the low-rank update (unless merged)
  }

  /** Task 3: fold (α/r)·B A into the frozen weight for inference. */
  merge(): void {
    throw new Error("TODO: merge");
  }

  /** Task 3: take it out again. */
  unmerge(): void {
    throw new Error("TODO: unmerge");
  }
}

/**
 * Task 4: replace every nn.Linear whose attribute name is in `targets` by a LoRALinear wrapping it,
 * then freeze every parameter of the model except the adapters. Returns the adapters in module order.
 */
export function applyLoRA(model: nn.Module, opts: LoRAOptions & { targets: readonly string[] }): LoRALinear[] {
  throw new Error("TODO: applyLoRA");
}

/** Task 4: the number of values that receive gradients. */
export function countTrainable(model: nn.Module): number {
  throw new Error("TODO: countTrainable");
}

/** Task 4: LoRA on square (d × d) target projections in every layer: adapter values vs the frozen values they adapt. */
export function loraParamCount(cfg: { dModel: number; layers: number; r: number; targets: readonly string[] }): { trainable: number; frozenInTargets: number } {
  throw new Error("TODO: loraParamCount");
}

/** A causal LM: ids (B, T) int32 → logits (B, T, V). */
export interface CausalLM extends nn.Module {
  forward(ids: Tensor): Tensor;
}

export interface FineTuneOptions {
  steps: number;
  lr: number;
  batchSize: number;
  blockSize: number;
  seed: number;
}

export interface FineTuneResult {
  /** Mean next-token cross-entropy on val after training (non-overlapping blocks of blockSize + 1 tokens). */
  valLoss: number;
  /** Values that received gradients and optimizer state. */
  trainable: number;
  /** The most activation bytes autograd held during one training step (memory.stats(), measured per step). */
  peakActivationBytes: number;
}

/** Windows of blockSize + 1 tokens starting at `starts`, as inputs x (B, T) and flattened targets y (B·T). */
export function windows(ids: readonly number[], starts: readonly number[], T: number): { x: Tensor; y: Tensor } {
  const x = new Int32Array(starts.length * T);
  const y = new Int32Array(starts.length * T);
  starts.forEach((s, b) => {
    for (let t = 0; t < T; t++) {
      x[b * T + t] = ids[s + t]!;
      y[b * T + t] = ids[s + t + 1]!;
    }
  });
  return { x: tensor(x, { shape: [starts.length, T], dtype: "int32" }), y: tensor(y, { shape: [starts.length * T], dtype: "int32" }) };
}

/** Mean cross-entropy over non-overlapping blocks of `ids`, no gradients. */
export function evaluate(model: CausalLM, ids: readonly number[], blockSize: number): number {
  const starts: number[] = [];
  for (let s = 0; s + blockSize + 1 <= ids.length; s += blockSize) starts.push(s);
  if (starts.length === 0) throw new RangeError(`evaluate: need at least ${blockSize + 1} tokens, got ${ids.length}`);
  const { x, y } = windows(ids, starts, blockSize);
  return noGrad(() => {
    const logits = model.forward(x); // (B, T, V)
    return F.crossEntropy(logits.reshape(-1, logits.shape[2]!), y).item();
  });
}

/** Task 5: AdamW on the parameters that require grad only; returns validation loss, trainable count and peak activations. */
export function fineTune(model: CausalLM, train: readonly number[], val: readonly number[], opts: FineTuneOptions): FineTuneResult {
  throw new Error("TODO: fineTune");
}

/** Task 5: bytes to train in float32 with AdamW: all weights, gradient + two moments per trainable value, activations. */
export function trainingMemoryBytes(m: { totalParams: number; trainableParams: number; activationBytes: number }): number {
  throw new Error("TODO: trainingMemoryBytes");
}
