// memory-budget lab (reference): bytes of parameters, gradients, Adam states and activations; will a training run fit?

export type Precision = "fp32" | "mixed";

/** Bytes of the model states for one parameter or for many. */
export interface StateBytes {
  params: number;
  grads: number;
  optimizer: number;
  total: number;
}

/**
 * Task 1: model-state bytes of Adam training for `numParams` parameters.
 * fp32: 4 (weights) + 4 (grads) + 8 (m and v).  mixed: 2 (fp16 weights) + 2 (fp16 grads) + 12 (fp32 master weights, m, v).
 */
export function modelStateBytes(numParams: number, precision: Precision): StateBytes {
  if (!(Number.isInteger(numParams) && numParams >= 0)) throw new RangeError(`modelStateBytes: numParams must be a non-negative integer, got ${numParams}`);
  const per = precision === "fp32" ? { params: 4, grads: 4, optimizer: 8 } : precision === "mixed" ? { params: 2, grads: 2, optimizer: 12 } : null;
  if (!per) throw new Error(`modelStateBytes: precision must be "fp32" or "mixed", got ${JSON.stringify(precision)}`);
  const params = per.params * numParams;
  const grads = per.grads * numParams;
  const optimizer = per.optimizer * numParams;
  return { params, grads, optimizer, total: params + grads + optimizer };
}

/** Task 2: parameters of one pre-LN GPT-2 block (biases included, MLP ratio 4): 12h² + 13h. */
export function blockParamCount(hidden: number): number {
  return 12 * hidden * hidden + 13 * hidden;
}

/** Task 2: a GPT-2 style model: token and position embeddings, L blocks, a final LayerNorm; the LM head is tied. */
export function gptParamCount(cfg: { hidden: number; layers: number; vocab: number; maxSeq: number }): number {
  const { hidden: h, layers, vocab, maxSeq } = cfg;
  return vocab * h + maxSeq * h + layers * blockParamCount(h) + 2 * h;
}

/** The activation-relevant shape of a training run. */
export interface ActivationShape {
  batch: number;
  seq: number;
  hidden: number;
  heads: number;
}

function checkShape(what: string, c: ActivationShape): void {
  for (const k of ["batch", "seq", "hidden", "heads"] as const) {
    if (!(Number.isInteger(c[k]) && c[k] > 0)) throw new RangeError(`${what}: ${k} must be a positive integer, got ${c[k]}`);
  }
}

/** Task 3: Korthikanti et al. (2022), 16-bit activations, no recomputation, one GPU: s·b·h·(34 + 5·a·s/h) bytes per layer. */
export function megatronActivationBytes(c: ActivationShape): number {
  checkShape("megatronActivationBytes", c);
  const { batch: b, seq: s, hidden: h, heads: a } = c;
  return s * b * h * 34 + 5 * a * s * s * b;
}

/**
 * Task 4: what memory.stats() counts for one nn.TransformerBlock forward (float32, dropout 0, causal):
 * 55 tensors of (b, s, h), 6 of (b, a, s, s), 12 of (b, s, 1) and 2 of (b, a, s, 1), 4 bytes each.
 */
export function engineActivationBytes(c: ActivationShape): number {
  checkShape("engineActivationBytes", c);
  const { batch: b, seq: s, hidden: h, heads: a } = c;
  return 4 * (55 * b * s * h + 6 * b * a * s * s + 12 * b * s + 2 * b * a * s);
}

export interface RunConfig extends ActivationShape {
  layers: number;
}

export interface TrainingMemory {
  states: StateBytes;
  /** Activations of all layers kept for backward. */
  activations: number;
  /** states.total + activations: the budget to plan with (everything alive at once at the start of backward). */
  total: number;
}

/**
 * Task 5: memory of one training step of `layers` blocks with Adam (embeddings and logits left out).
 * model "engine": what llmpath measures (fp32 only); model "megatron": a GPU run with 16-bit activations.
 */
export function trainingMemory(cfg: RunConfig, opts: { precision: Precision; model: "engine" | "megatron" }): TrainingMemory {
  if (!(Number.isInteger(cfg.layers) && cfg.layers > 0)) throw new RangeError(`trainingMemory: layers must be a positive integer, got ${cfg.layers}`);
  if (opts.model === "engine" && opts.precision !== "fp32") {
    throw new Error(`trainingMemory: the engine model has float32 tensors only; use precision "fp32" with model "engine"`);
  }
  const states = modelStateBytes(cfg.layers * blockParamCount(cfg.hidden), opts.precision);
  const perLayer = opts.model === "engine" ? engineActivationBytes(cfg) : megatronActivationBytes(cfg);
  const activations = cfg.layers * perLayer;
  return { states, activations, total: states.total + activations };
}

/** Task 5: does the run fit in `deviceBytes`? headroom is negative when it does not. */
export function fits(
  cfg: RunConfig,
  deviceBytes: number,
  opts: { precision: Precision; model: "engine" | "megatron" },
): { fits: boolean; totalBytes: number; headroomBytes: number } {
  const { total } = trainingMemory(cfg, opts);
  return { fits: total <= deviceBytes, totalBytes: total, headroomBytes: deviceBytes - total };
}
