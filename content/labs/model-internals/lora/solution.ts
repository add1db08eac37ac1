// LoRA, reference solution: the adapter layer, zero-B start, merge/unmerge, q/v targeting, LoRA vs full fine-tuning.
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
    const { r } = opts;
    if (!(Number.isInteger(r) && r > 0)) throw new RangeError(`LoRALinear: rank r must be a positive integer, got ${r}`);
    this.r = r;
    this.alpha = opts.alpha ?? r;
    this.scaling = this.alpha / r;
    this.base = base;
    for (const p of base.parameters()) p.requiresGrad = false;
    this.loraA = nn.Parameter(nn.init.kaimingUniform([r, base.inFeatures])); // (r, in)
    this.loraB = nn.Parameter(zeros([base.outFeatures, r])); // (out, r)
  }

  /** ΔW = (α/r)·B A, shape (out, in): what merge() adds to the frozen weight. */
  delta(): Tensor {
    return this.loraB.matmul(this.loraA).mul(this.scaling);
  }

  forward(x: Tensor): Tensor {
    const y = this.base.forward(x); // (..., out)
    if (this.merged) return y; // ΔW already lives in base.weight
    const update = x.matmul(this.loraA.transpose(0, 1)).matmul(this.loraB.transpose(0, 1)); // (..., r) → (..., out)
    return y.add(update.mul(this.scaling));
  }

  /** Task 3: fold ΔW into the frozen weight for inference (no extra matmuls). */
  merge(): void {
    if (this.merged) throw new Error("LoRALinear.merge: already merged; call unmerge() first");
    noGrad(() => this.base.weight.add_(this.delta()));
    this.merged = true;
  }

  /** Task 3: take ΔW out again so training can continue. */
  unmerge(): void {
    if (!this.merged) throw new Error("LoRALinear.unmerge: not merged");
    noGrad(() => this.base.weight.sub_(this.delta()));
    this.merged = false;
  }
}

/**
 * Task 4: replace every Linear whose attribute name is in `targets` by a LoRALinear wrapping it,
 * then freeze every parameter of the model except the adapters. Returns the adapters in module order.
 */
export function applyLoRA(model: nn.Module, opts: LoRAOptions & { targets: readonly string[] }): LoRALinear[] {
  const adapters: LoRALinear[] = [];
  for (const [, parent] of model.namedModules()) {
    if (parent instanceof LoRALinear) continue; // never wrap a wrapped layer's base
    for (const [name, child] of parent.namedChildren()) {
      if (!opts.targets.includes(name)) continue;
      if (!(child instanceof nn.Linear)) throw new TypeError(`applyLoRA: target "${name}" is a ${child.constructor.name}, not an nn.Linear`);
      const adapter = new LoRALinear(child, opts);
      (parent as unknown as Record<string, nn.Module>)[name] = adapter;
      adapters.push(adapter);
    }
  }
  if (adapters.length === 0) throw new Error(`applyLoRA: no nn.Linear named ${opts.targets.join(" or ")} in the model`);
  const trainable = new Set(adapters.flatMap((a) => [a.loraA, a.loraB]));
  for (const p of model.parameters()) p.requiresGrad = trainable.has(p);
  return adapters;
}

/** Task 4: the number of values that receive gradients. */
export function countTrainable(model: nn.Module): number {
  return model.parameters().reduce((n, p) => n + (p.requiresGrad ? p.numel() : 0), 0);
}

/** Task 4: LoRA on square (d × d) target projections in every layer: adapter values vs the frozen values they adapt. */
export function loraParamCount(cfg: { dModel: number; layers: number; r: number; targets: readonly string[] }): { trainable: number; frozenInTargets: number } {
  const perLayerTargets = cfg.layers * cfg.targets.length;
  return { trainable: perLayerTargets * cfg.r * (cfg.dModel + cfg.dModel), frozenInTargets: perLayerTargets * cfg.dModel * cfg.dModel };
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

function lmLoss(model: CausalLM, x: Tensor, y: Tensor): Tensor {
  const logits = model.forward(x); // (B, T, V)
  return F.crossEntropy(logits.reshape(-1, logits.shape[2]!), y);
}

/** Mean cross-entropy over non-overlapping blocks of `ids`, no gradients. */
export function evaluate(model: CausalLM, ids: readonly number[], blockSize: number): number {
  const starts: number[] = [];
  for (let s = 0; s + blockSize + 1 <= ids.length; s += blockSize) starts.push(s);
  if (starts.length === 0) throw new RangeError(`evaluate: need at least ${blockSize + 1} tokens, got ${ids.length}`);
  const { x, y } = windows(ids, starts, blockSize);
  return noGrad(() => lmLoss(model, x, y).item());
}

/** Task 5: AdamW on the parameters that require grad only; returns validation loss, trainable count and peak activations. */
export function fineTune(model: CausalLM, train: readonly number[], val: readonly number[], opts: FineTuneOptions): FineTuneResult {
  const params = model.parameters().filter((p) => p.requiresGrad);
  if (params.length === 0) throw new Error("fineTune: the model has no parameter that requires grad");
  const opt = new optim.AdamW(params, { lr: opts.lr, weightDecay: 0 });
  manualSeed(opts.seed);
  model.train();
  let peakActivationBytes = 0;
  for (let step = 0; step < opts.steps; step++) {
    const starts = randint(0, train.length - opts.blockSize - 1, [opts.batchSize]).tolist() as number[];
    const { x, y } = windows(train, starts, opts.blockSize);
    const before = memory.stats().liveBytes; // whatever was live before this step is not this step's activations
    memory.resetPeak();
    const loss = lmLoss(model, x, y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    peakActivationBytes = Math.max(peakActivationBytes, memory.stats().peakBytes - before);
  }
  model.eval();
  return { valLoss: evaluate(model, val, opts.blockSize), trainable: countTrainable(model), peakActivationBytes };
}

/**
 * Task 5: bytes to train in float32 with AdamW: weights (all), gradients and two moment buffers (trainable only),
 * plus the activations autograd keeps for backward.
 */
export function trainingMemoryBytes(m: { totalParams: number; trainableParams: number; activationBytes: number }): number {
  return 4 * m.totalParams + 4 * 3 * m.trainableParams + m.activationBytes;
}
