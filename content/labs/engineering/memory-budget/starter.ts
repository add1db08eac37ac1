// memory-budget lab: bytes of parameters, gradients, Adam states and activations; will a training run fit?
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write

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
  throw new Error("TODO: modelStateBytes (Task 1)");
}

/** Task 2: parameters of one pre-LN GPT-2 block (biases included, MLP ratio 4): 12h² + 13h. */
export function blockParamCount(hidden: number): number {
  throw new Error("TODO: blockParamCount (Task 2)");
}

/** Task 2: a GPT-2 style model: token and position embeddings, L blocks, a final LayerNorm; the LM head is tied. */
export function gptParamCount(cfg: { hidden: number; layers: number; vocab: number; maxSeq: number }): number {
  throw new Error("TODO: gptParamCount (Task 2)");
}

/** The activation-relevant shape of a training run. */
export interface ActivationShape {
  batch: number;
  seq: number;
  hidden: number;
  heads: number;
}

/** Task 3: Korthikanti et al. (2022), 16-bit activations, no recomputation, one GPU: s·b·h·(34 + 5·a·s/h) bytes per layer. */
export function megatronActivationBytes(c: ActivationShape): number {
  throw new Error("TODO: megatronActivationBytes (Task 3)");
}

/**
 * Task 4: what memory.stats() counts for one nn.TransformerBlock forward (float32, dropout 0, causal, b, s, a ≥ 2):
 * add up the census in the README by shape — (b, s, h), (b, a, s, s), (b, s, 1), (b, a, s, 1) — at 4 bytes a value.
 */
export function engineActivationBytes(c: ActivationShape): number {
  throw new Error("TODO: engineActivationBytes (Task 4)");
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
  throw new Error("TODO: trainingMemory (Task 5)");
}

/** Task 5: does the run fit in `deviceBytes`? headroom is negative when it does not. */
export function fits(
  cfg: RunConfig,
  deviceBytes: number,
  opts: { precision: Precision; model: "engine" | "megatron" },
): { fits: boolean; totalBytes: number; headroomBytes: number } {
  throw new Error("TODO: fits (Task 5)");
}
