// MLM masking: fill in each TODO (README.en.md / README.zh.md has one task per function or class).
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
// biome-ignore-all lint/correctness/noUnusedImports: the imports are the ones the reference solution uses
import { full, getRngState, manualSeed, rand, randint, setRngState, type Tensor, tensor, where } from "llmpath/tensor";

/** The label value cross-entropy skips (F.crossEntropy(..., { ignoreIndex: IGNORE_INDEX })). */
export const IGNORE_INDEX = -100;

export interface MlmConfig {
  /** Ids are in [0, vocabSize). */
  vocabSize: number;
  /** The id of [MASK]. */
  maskId: number;
  /** Ids that are never selected and never drawn as random replacements: [PAD], [CLS], [SEP], [MASK], ... */
  specialIds: readonly number[];
}

export interface MlmBatch {
  /** int32 (B, T): the corrupted input the model sees. */
  inputIds: Tensor;
  /** int32 (B, T): the original id at selected positions, IGNORE_INDEX everywhere else. */
  labels: Tensor;
}

/** Task 1: bool (B, T), true where ids[b, t] is one of specialIds. */
export function specialTokensMask(ids: Tensor, specialIds: readonly number[]): Tensor {
  throw new Error("TODO: specialTokensMask");
}

/**
 * Task 2: select each non-special position independently with probability `ratio`; of the selected ones replace
 * 80% by [MASK], 10% by a random non-special id, leave 10% unchanged. Use the engine's global generator (rand, randint).
 */
export function maskTokens(ids: Tensor, cfg: MlmConfig, ratio = 0.15): MlmBatch {
  throw new Error("TODO: maskTokens");
}

export interface MaskingOptions {
  seed: number;
  /** A fixed ratio, or a function of the epoch (task 4). Default 0.15. */
  ratio?: number | ((epoch: number) => number);
}

/** Task 3: one mask drawn once (from opts.seed) and reused for every epoch. */
export class StaticMasking {
  constructor(ids: Tensor, cfg: MlmConfig, opts: MaskingOptions) {
    throw new Error("TODO: StaticMasking");
  }
  epoch(epoch: number): MlmBatch {
    throw new Error("TODO: StaticMasking.epoch");
  }
}

/** Task 3: a fresh, reproducible mask each epoch; leaves the global generator as it found it. */
export class DynamicMasking {
  constructor(ids: Tensor, cfg: MlmConfig, opts: MaskingOptions) {
    throw new Error("TODO: DynamicMasking");
  }
  epoch(epoch: number): MlmBatch {
    throw new Error("TODO: DynamicMasking.epoch");
  }
}

export interface LinearSchedule {
  start: number;
  end: number;
  totalSteps: number;
}

/** Task 4: ratio(step) goes linearly from start (step 0) to end (step totalSteps) and stays at end afterwards. */
export function linearRatioSchedule(schedule: LinearSchedule): (step: number) => number {
  throw new Error("TODO: linearRatioSchedule");
}
