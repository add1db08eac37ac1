// MLM masking, reference solution: 80/10/10 corruption, special tokens protected, static vs dynamic masks, ratio schedule.
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
  let mask = full(ids.shape, false); // bool (B, T)
  for (const s of specialIds) mask = mask.logicalOr(ids.eq(s));
  return mask;
}

/**
 * Task 2: select each non-special position independently with probability `ratio`; of the selected ones replace
 * 80% by [MASK], 10% by a random non-special id, leave 10% unchanged. Uses the engine's global generator.
 */
export function maskTokens(ids: Tensor, cfg: MlmConfig, ratio = 0.15): MlmBatch {
  if (ids.dtype !== "int32") throw new TypeError(`maskTokens: ids must be int32, got ${ids.dtype}`);
  if (!(ratio >= 0 && ratio <= 1)) throw new RangeError(`maskTokens: ratio must be in [0, 1], got ${ratio}`);
  const regular: number[] = [];
  const special = new Set(cfg.specialIds);
  for (let id = 0; id < cfg.vocabSize; id++) if (!special.has(id)) regular.push(id);
  if (regular.length === 0) throw new RangeError("maskTokens: every id is special, so there is nothing to draw random replacements from");

  const selected = rand(ids.shape).lt(ratio).logicalAnd(specialTokensMask(ids, cfg.specialIds).logicalNot()); // (B, T)
  const labels = where(selected, ids, IGNORE_INDEX).int(); // original id where selected, -100 elsewhere
  const u = rand(ids.shape); // one draw decides mask / random / keep
  const toMask = selected.logicalAnd(u.lt(0.8));
  const toRandom = selected.logicalAnd(u.ge(0.8)).logicalAnd(u.lt(0.9));
  const pick = randint(0, regular.length, ids.shape); // index into the regular ids
  const randomIds = tensor(Int32Array.from(regular), { dtype: "int32" }).gather(0, pick.reshape(-1)).reshape(ids.shape);
  let inputIds = where(toMask, cfg.maskId, ids);
  inputIds = where(toRandom, randomIds, inputIds).int();
  return { inputIds, labels };
}

/** Runs fn with the global generator seeded by `seed`, then restores the caller's generator state. */
function withSeed<T>(seed: number, fn: () => T): T {
  const saved = getRngState();
  manualSeed(seed);
  try {
    return fn();
  } finally {
    setRngState(saved);
  }
}

export interface MaskingOptions {
  seed: number;
  /** A fixed ratio, or a function of the epoch (task 4). Default 0.15. */
  ratio?: number | ((epoch: number) => number);
}

function ratioAt(ratio: MaskingOptions["ratio"], epoch: number): number {
  return typeof ratio === "function" ? ratio(epoch) : ratio ?? 0.15;
}

/** Task 3: one mask drawn once (from seed) and reused for every epoch, as in the original BERT data pipeline. */
export class StaticMasking {
  private readonly batch: MlmBatch;
  constructor(ids: Tensor, cfg: MlmConfig, opts: MaskingOptions) {
    this.batch = withSeed(opts.seed, () => maskTokens(ids, cfg, ratioAt(opts.ratio, 0)));
  }
  epoch(_epoch: number): MlmBatch {
    return this.batch;
  }
}

/** Task 3: a fresh mask each epoch (RoBERTa), reproducible: epoch e always gives the same mask for the same seed. */
export class DynamicMasking {
  constructor(
    private readonly ids: Tensor,
    private readonly cfg: MlmConfig,
    private readonly opts: MaskingOptions,
  ) {}
  epoch(epoch: number): MlmBatch {
    if (!(Number.isInteger(epoch) && epoch >= 0)) throw new RangeError(`DynamicMasking.epoch: epoch must be a non-negative integer, got ${epoch}`);
    const seed = this.opts.seed * 1_000_003 + epoch; // a different stream per epoch
    return withSeed(seed, () => maskTokens(this.ids, this.cfg, ratioAt(this.opts.ratio, epoch)));
  }
}

export interface LinearSchedule {
  start: number;
  end: number;
  totalSteps: number;
}

/** Task 4: ratio(step) goes linearly from start (step 0) to end (step totalSteps) and stays at end afterwards. */
export function linearRatioSchedule({ start, end, totalSteps }: LinearSchedule): (step: number) => number {
  if (!(Number.isInteger(totalSteps) && totalSteps > 0)) throw new RangeError(`linearRatioSchedule: totalSteps must be a positive integer, got ${totalSteps}`);
  for (const [name, v] of [["start", start], ["end", end]] as const) {
    if (!(v >= 0 && v <= 1)) throw new RangeError(`linearRatioSchedule: ${name} must be in [0, 1], got ${v}`);
  }
  return (step: number) => {
    if (!(step >= 0)) throw new RangeError(`linearRatioSchedule: step must be ≥ 0, got ${step}`);
    return start + (end - start) * (Math.min(step, totalSteps) / totalSteps);
  };
}
