// Experiment tracking lab: build a tiny W&B-style tracker, CSV/JSONL export and run comparison, compare two learning rates, then write SGD and AdamW.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
// biome-ignore-all lint/correctness/noUnusedImports: the imports are there for Task 4
import { F, manualSeed, nn, optim, randn, tensor } from "llmpath/tensor";

/** Config values a run records (what W&B calls run.config). */
export type ConfigValue = string | number | boolean;
export type Config = Record<string, ConfigValue>;
/** One logged step: the step number and the metrics logged at it. */
export interface Row {
  step: number;
  metrics: Record<string, number>;
}

/** Task 1: one training run: its config, its logged rows in step order, and whether it is finished. */
export class Run {
  readonly config: Config;
  readonly rows: Row[] = [];
  finished = false;

  constructor(
    readonly id: string,
    readonly name: string,
    config: Config,
  ) {
    for (const [k, v] of Object.entries(config)) {
      if (!["string", "number", "boolean"].includes(typeof v)) throw new TypeError(`run ${name}: config.${k} must be a string, number or boolean, got ${typeof v}`);
    }
    this.config = Object.freeze({ ...config });
  }

  /** Records `metrics` at `step`; steps must increase strictly and every value must be a finite number. */
  log(metrics: Record<string, number>, step: number): void {
    throw new Error("TODO: Run.log (Task 1)");
  }

  finish(): void {
    throw new Error("TODO: Run.finish (Task 1)");
  }

  /** [step, value] pairs of one metric, in step order (steps where it was not logged are skipped). */
  history(metric: string): Array<[number, number]> {
    throw new Error("TODO: Run.history (Task 1)");
  }
}

/** Task 1: creates runs and remembers them in creation order. Ids are run-1, run-2, … per tracker. */
export class Tracker {
  run(config: Config, opts: { name?: string } = {}): Run {
    throw new Error("TODO: Tracker.run (Task 1)");
  }

  runs(): Run[] {
    throw new Error("TODO: Tracker.runs (Task 1)");
  }
}

/** A process-wide tracker, like `wandb.init` uses; tests create their own `new Tracker()`. */
export const track = new Tracker();

/**
 * Task 2: wide CSV, one line per logged row. Columns: run, step, then every metric name of the exported runs in sorted
 * order. Runs in the given order, rows in step order; an unlogged metric is an empty cell; numbers as String(x)
 * (shortest round-trip form); fields with a comma, quote or newline are quoted (RFC 4180). Lines end with "\n".
 */
export function toCSV(runs: readonly Run[]): string {
  throw new Error("TODO: toCSV (Task 2)");
}

/** Task 2: JSON Lines, one object per logged row: {"run", "step", then the row's metrics in sorted key order}. */
export function toJSONL(runs: readonly Run[]): string {
  throw new Error("TODO: toJSONL (Task 2)");
}

export interface MetricSummary {
  final: number;
  finalStep: number;
  min: number;
  minStep: number;
}
export interface Comparison {
  metric: string;
  a: MetricSummary;
  b: MetricSummary;
  /** Lower final value wins (losses); "tie" when the final values are equal. */
  better: "a" | "b" | "tie";
}

/** Task 3: final and minimum value of `metric` in two runs, and which run ends lower. */
export function compare(a: Run, b: Run, metric: string): Comparison {
  throw new Error("TODO: compare (Task 3)");
}

/**
 * Task 4: the seeded tiny regression task. manualSeed(seed); X = randn([64, 3]); y = X·[1.5, −2, 0.5]ᵀ + 0.1·randn([64, 1]);
 * model = new nn.Linear(3, 1); SGD(lr). Each step: loss = mseLoss(model(X), y), zeroGrad, backward, step, then
 * run.log({ loss, lr }, step) with the loss measured before that step's update. Finishes the run and returns it.
 */
export function trainRegression(tracker: Tracker, lr: number, steps = 50, seed = 0): Run {
  throw new Error("TODO: trainRegression (Task 4)");
}

/** Task 4: trains both learning rates on the same seed, compares their loss, and names the better learning rate. */
export function compareLearningRates(tracker: Tracker, lrA: number, lrB: number, steps = 50, seed = 0): { comparison: Comparison; bestLr: number } {
  throw new Error("TODO: compareLearningRates (Task 4)");
}

/** Task 5: a parameter as a flat array, updated in place: float32 storage like the engine's, or plain float64 numbers. */
export type ParamArray = Float32Array | number[];
/** A moment buffer: float32 for Float32Array parameters (as PyTorch keeps it), float64 for number[] parameters. */
export type MomentBuffer = Float32Array | Float64Array;
/** State of SGD with momentum for one parameter array (torch's optimizer.state[p]); start with {}. */
export interface SGDState {
  momentumBuffer?: MomentBuffer;
}
/** State of AdamW for one parameter array: the first and second moments; start with {}. */
export interface AdamWState {
  expAvg?: MomentBuffer;
  expAvgSq?: MomentBuffer;
}
export interface SGDMomentumOptions {
  lr: number;
  momentum: number;
}
export interface AdamWOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
}

/** Task 5: Adam's bias correction 1 − βᵗ at step t (1-based), the fraction of its weight a zero-started average has built up. */
export function biasCorrection(beta: number, step: number): number {
  throw new Error("TODO: biasCorrection (Task 5)");
}

/**
 * Task 5: one step of torch.optim.SGD(lr, momentum) (no dampening, weight decay or Nesterov), in place:
 * buf = g on the first step, else momentum·buf + g; then p −= lr·buf.
 */
export function sgdMomentumStep(state: SGDState, params: ParamArray, grads: ArrayLike<number>, opts: SGDMomentumOptions): void {
  throw new Error("TODO: sgdMomentumStep (Task 5)");
}

/**
 * Task 5: one step of torch.optim.AdamW at step t (1-based), in place: p ·= 1 − lr·wd; m = β1·m + (1 − β1)·g;
 * v = β2·v + (1 − β2)·g²; p −= lr·m̂/(√v̂ + eps) with m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ).
 */
export function adamwStep(state: AdamWState, params: ParamArray, grads: ArrayLike<number>, opts: AdamWOptions, step: number): void {
  throw new Error("TODO: adamwStep (Task 5)");
}
