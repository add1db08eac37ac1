// Experiment tracking lab: reference solution — a tiny W&B-style tracker, CSV/JSONL export, run comparison, an LR sweep, SGD and AdamW by hand.
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
    if (this.finished) throw new Error(`run ${this.name}: cannot log at step ${step}, the run is finished`);
    if (!Number.isInteger(step) || step < 0) throw new RangeError(`run ${this.name}: step must be a non-negative integer, got ${step}`);
    const last = this.rows.at(-1)?.step;
    if (last !== undefined && step <= last) throw new RangeError(`run ${this.name}: step ${step} is not after the last logged step ${last}; steps must increase`);
    const names = Object.keys(metrics);
    if (names.length === 0) throw new Error(`run ${this.name}: log() at step ${step} has no metrics`);
    for (const k of names) {
      const v = metrics[k];
      if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(`run ${this.name}: metric ${k} at step ${step} is ${v}; metrics must be finite numbers`);
    }
    this.rows.push({ step, metrics: { ...metrics } });
  }

  finish(): void {
    if (this.finished) throw new Error(`run ${this.name}: finish() was already called`);
    this.finished = true;
  }

  /** [step, value] pairs of one metric, in step order (steps where it was not logged are skipped). */
  history(metric: string): Array<[number, number]> {
    return this.rows.filter((r) => metric in r.metrics).map((r) => [r.step, r.metrics[metric]!]);
  }
}

/** Task 1: creates runs and remembers them in creation order. Ids are run-1, run-2, … per tracker. */
export class Tracker {
  private readonly all: Run[] = [];

  run(config: Config, opts: { name?: string } = {}): Run {
    const id = `run-${this.all.length + 1}`;
    const run = new Run(id, opts.name ?? id, config);
    this.all.push(run);
    return run;
  }

  runs(): Run[] {
    return [...this.all];
  }
}

/** A process-wide tracker, like `wandb.init` uses; tests create their own `new Tracker()`. */
export const track = new Tracker();

function metricNames(runs: readonly Run[]): string[] {
  return [...new Set(runs.flatMap((r) => r.rows.flatMap((row) => Object.keys(row.metrics))))].sort();
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * Task 2: wide CSV, one line per logged row. Columns: run, step, then every metric name of the exported runs in sorted
 * order. Runs in the given order, rows in step order; an unlogged metric is an empty cell; numbers as String(x)
 * (shortest round-trip form); fields with a comma, quote or newline are quoted (RFC 4180). Lines end with "\n".
 */
export function toCSV(runs: readonly Run[]): string {
  const names = metricNames(runs);
  const lines = [["run", "step", ...names].map(csvField).join(",")];
  for (const run of runs) {
    for (const row of run.rows) lines.push([csvField(run.name), String(row.step), ...names.map((m) => (m in row.metrics ? String(row.metrics[m]) : ""))].join(","));
  }
  return `${lines.join("\n")}\n`;
}

/** Task 2: JSON Lines, one object per logged row: {"run", "step", then the row's metrics in sorted key order}. */
export function toJSONL(runs: readonly Run[]): string {
  const lines: string[] = [];
  for (const run of runs) {
    for (const row of run.rows) {
      const obj: Record<string, string | number> = { run: run.name, step: row.step };
      for (const m of Object.keys(row.metrics).sort()) obj[m] = row.metrics[m]!;
      lines.push(JSON.stringify(obj));
    }
  }
  return lines.map((l) => `${l}\n`).join("");
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

function summarise(run: Run, metric: string): MetricSummary {
  const h = run.history(metric);
  if (h.length === 0) throw new Error(`compare: run ${run.name} never logged "${metric}"`);
  let [minStep, min] = h[0]!;
  for (const [s, v] of h) if (v < min) [minStep, min] = [s, v];
  const [finalStep, final] = h[h.length - 1]!;
  return { final, finalStep, min, minStep };
}

/** Task 3: final and minimum value of `metric` in two runs, and which run ends lower. */
export function compare(a: Run, b: Run, metric: string): Comparison {
  const sa = summarise(a, metric);
  const sb = summarise(b, metric);
  return { metric, a: sa, b: sb, better: sa.final < sb.final ? "a" : sb.final < sa.final ? "b" : "tie" };
}

/**
 * Task 4: the seeded tiny regression task. manualSeed(seed); X = randn([64, 3]); y = X·[1.5, −2, 0.5]ᵀ + 0.1·randn([64, 1]);
 * model = new nn.Linear(3, 1); SGD(lr). Each step: loss = mseLoss(model(X), y), zeroGrad, backward, step, then
 * run.log({ loss, lr }, step) with the loss measured before that step's update. Finishes the run and returns it.
 */
export function trainRegression(tracker: Tracker, lr: number, steps = 50, seed = 0): Run {
  const run = tracker.run({ task: "linear-regression", lr, steps, seed, optimizer: "SGD" }, { name: `lr=${lr}` });
  manualSeed(seed);
  const X = randn([64, 3]); // (64, 3)
  const y = X.matmul(tensor([[1.5], [-2], [0.5]])).add(randn([64, 1]).mul(0.1)); // (64, 1)
  const model = new nn.Linear(3, 1);
  const opt = new optim.SGD(model.parameters(), { lr });
  for (let step = 0; step < steps; step++) {
    const loss = F.mseLoss(model.forward(X), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    run.log({ loss: loss.item(), lr }, step);
  }
  run.finish();
  return run;
}

/** Task 4: trains both learning rates on the same seed, compares their loss, and names the better learning rate. */
export function compareLearningRates(tracker: Tracker, lrA: number, lrB: number, steps = 50, seed = 0): { comparison: Comparison; bestLr: number } {
  const a = trainRegression(tracker, lrA, steps, seed);
  const b = trainRegression(tracker, lrB, steps, seed);
  const comparison = compare(a, b, "loss");
  return { comparison, bestLr: comparison.better === "b" ? lrB : lrA };
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
  return 1 - beta ** step;
}

function checkLengths(op: string, params: ParamArray, grads: ArrayLike<number>): void {
  if (grads.length !== params.length) throw new RangeError(`${op}: grads have length ${grads.length} but params have length ${params.length}; pass one gradient per parameter entry`);
}

/** A zeroed buffer for `params`, or the existing one after checking that it belongs to an array of this length. */
function bufferFor(op: string, existing: MomentBuffer | undefined, params: ParamArray): MomentBuffer {
  if (existing === undefined) return params instanceof Float32Array ? new Float32Array(params.length) : new Float64Array(params.length);
  if (existing.length !== params.length) throw new RangeError(`${op}: the state holds a buffer of length ${existing.length} but params have length ${params.length}; use one state object per parameter array`);
  return existing;
}

/**
 * Task 5: one step of torch.optim.SGD(lr, momentum) (no dampening, weight decay or Nesterov), in place:
 * buf = g on the first step, else momentum·buf + g; then p −= lr·buf.
 */
export function sgdMomentumStep(state: SGDState, params: ParamArray, grads: ArrayLike<number>, opts: SGDMomentumOptions): void {
  checkLengths("sgdMomentumStep", params, grads);
  const { lr, momentum } = opts;
  const first = state.momentumBuffer === undefined;
  const buf = bufferFor("sgdMomentumStep", state.momentumBuffer, params);
  state.momentumBuffer = buf;
  for (let i = 0; i < params.length; i++) {
    buf[i] = first ? grads[i]! : momentum * buf[i]! + grads[i]!;
    params[i] = params[i]! - lr * buf[i]!;
  }
}

/**
 * Task 5: one step of torch.optim.AdamW at step t (1-based), in place: p ·= 1 − lr·wd; m = β1·m + (1 − β1)·g;
 * v = β2·v + (1 − β2)·g²; p −= lr·m̂/(√v̂ + eps) with m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ).
 */
export function adamwStep(state: AdamWState, params: ParamArray, grads: ArrayLike<number>, opts: AdamWOptions, step: number): void {
  checkLengths("adamwStep", params, grads);
  if (!Number.isInteger(step) || step < 1) throw new RangeError(`adamwStep: step must be the 1-based step number (1, 2, 3, …), got ${step}`);
  const { lr, eps, weightDecay } = opts;
  const [beta1, beta2] = opts.betas;
  const m = bufferFor("adamwStep", state.expAvg, params);
  const v = bufferFor("adamwStep", state.expAvgSq, params);
  state.expAvg = m;
  state.expAvgSq = v;
  const bc1 = biasCorrection(beta1, step);
  const bc2 = biasCorrection(beta2, step);
  for (let i = 0; i < params.length; i++) {
    const g = grads[i]!;
    const decayed = params[i]! * (1 - lr * weightDecay); // decoupled weight decay, before the Adam update
    m[i] = beta1 * m[i]! + (1 - beta1) * g;
    v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
    const mHat = m[i]! / bc1;
    const vHat = v[i]! / bc2;
    params[i] = decayed - (lr * mHat) / (Math.sqrt(vHat) + eps);
  }
}
