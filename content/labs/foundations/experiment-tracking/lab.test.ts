// Experiment tracking lab: the tests shown to the learner — runs and logging, exports, compare, an LR comparison, SGD and AdamW.
import { Tracker, adamwStep, compare, compareLearningRates, sgdMomentumStep, toCSV, toJSONL, trainRegression } from "learner";
import { F, type Tensor, manualSeed, nn, optim, randn, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectThrows, expectTrue, test } from "llmpath/testing";

/** The learner's Run, as the tests use it ("learner" is untyped). */
interface R {
  id: string;
  name: string;
  config: Record<string, string | number | boolean>;
  finished: boolean;
  log(metrics: Record<string, number>, step: number): void;
  finish(): void;
  history(metric: string): Array<[number, number]>;
}

/** Two small runs used by the export and compare tests. */
function twoRuns(): { tracker: { runs(): R[] }; a: R; b: R } {
  const tracker = new Tracker();
  const a: R = tracker.run({ lr: 0.1 }, { name: "fast" });
  const b: R = tracker.run({ lr: 0.01 }, { name: "slow" });
  a.log({ loss: 2.5, lr: 0.1 }, 0);
  a.log({ loss: 1.25, lr: 0.1 }, 1);
  a.log({ loss: 1.5, lr: 0.05 }, 2);
  b.log({ loss: 2.5, lr: 0.01 }, 0);
  b.log({ loss: 2, lr: 0.01 }, 1);
  b.log({ loss: 1.75, lr: 0.01 }, 2);
  a.finish();
  b.finish();
  return { tracker, a, b };
}

/** Reference for Task 4, written independently from the README's recipe. */
function referenceLosses(lr: number, steps: number, seed: number): number[] {
  manualSeed(seed);
  const X = randn([64, 3]);
  const y = X.matmul(tensor([[1.5], [-2], [0.5]])).add(randn([64, 1]).mul(0.1));
  const model = new nn.Linear(3, 1);
  const opt = new optim.SGD(model.parameters(), { lr });
  const out: number[] = [];
  for (let s = 0; s < steps; s++) {
    const loss = F.mseLoss(model.forward(X), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    out.push(loss.item());
  }
  return out;
}

test("a tracker hands out runs in order with ids run-1, run-2 and keeps a copy of the config", () => {
  const tracker = new Tracker();
  const config = { lr: 0.1, optimizer: "SGD", warmup: false };
  const a: R = tracker.run(config);
  const b: R = tracker.run({ lr: 0.01 }, { name: "small-lr" });
  config.lr = 99;
  expectEqual([a.id, a.name, b.id, b.name], ["run-1", "run-1", "run-2", "small-lr"], "[a.id, a.name, b.id, b.name]");
  expectEqual(a.config, { lr: 0.1, optimizer: "SGD", warmup: false }, "a.config after the caller changed its object");
  expectEqual((tracker.runs() as R[]).map((r) => r.id), ["run-1", "run-2"], "runs() in creation order");
}, { taskId: "task-1" });

test("log records rows in step order; history returns [step, value] pairs; finish closes the run", () => {
  const run: R = new Tracker().run({ lr: 0.1 });
  run.log({ loss: 3, lr: 0.1 }, 0);
  run.log({ loss: 2 }, 5);
  run.log({ loss: 1.5, lr: 0.05 }, 6);
  expectEqual(run.history("loss"), [[0, 3], [5, 2], [6, 1.5]], "history('loss')");
  expectEqual(run.history("lr"), [[0, 0.1], [6, 0.05]], "history('lr') skips step 5");
  expectEqual(run.finished, false, "finished before finish()");
  run.finish();
  expectEqual(run.finished, true, "finished after finish()");
  expectThrows(() => run.log({ loss: 1 }, 7), /finish/);
}, { taskId: "task-1" });

test("log refuses a step that does not increase and a non-finite metric", () => {
  const run: R = new Tracker().run({});
  run.log({ loss: 1 }, 3);
  expectThrows(() => run.log({ loss: 0.5 }, 3), /step/);
  expectThrows(() => run.log({ loss: 0.5 }, 2), /step/);
  expectThrows(() => run.log({ loss: Number.NaN }, 4), /loss/);
  expectEqual(run.history("loss"), [[3, 1]], "history after the refused calls");
}, { taskId: "task-1" });

test("toCSV: header run,step,<metrics sorted>, one line per logged row", () => {
  const { tracker } = twoRuns();
  const expected = ["run,step,loss,lr", "fast,0,2.5,0.1", "fast,1,1.25,0.1", "fast,2,1.5,0.05", "slow,0,2.5,0.01", "slow,1,2,0.01", "slow,2,1.75,0.01", ""].join("\n");
  expectEqual(toCSV(tracker.runs()), expected, "toCSV(runs)");
}, { taskId: "task-2" });

test("toJSONL: one object per row, parsed back to the logged values", () => {
  const { tracker } = twoRuns();
  const text: string = toJSONL(tracker.runs());
  expectTrue(text.endsWith("\n"), "JSONL ends with a newline");
  const lines = text.trimEnd().split("\n");
  expectEqual(lines[0], '{"run":"fast","step":0,"loss":2.5,"lr":0.1}', "first line, keys in order run, step, sorted metrics");
  const rows = lines.map((l) => JSON.parse(l));
  expectEqual(rows.length, 6, "number of lines");
  expectEqual(rows[4], { run: "slow", step: 1, loss: 2, lr: 0.01 }, "fifth line parsed");
}, { taskId: "task-2" });

test("compare summarises final and minimum values and picks the lower final value", () => {
  const { a, b } = twoRuns();
  const c = compare(a, b, "loss");
  expectEqual(c, { metric: "loss", a: { final: 1.5, finalStep: 2, min: 1.25, minStep: 1 }, b: { final: 1.75, finalStep: 2, min: 1.75, minStep: 2 }, better: "a" }, "compare(a, b, 'loss')");
  expectEqual(compare(b, a, "loss").better, "b", "compare(b, a).better");
}, { taskId: "task-3" });

test("trainRegression logs 50 steps of loss and lr equal to the README's recipe", () => {
  const tracker = new Tracker();
  const run: R = trainRegression(tracker, 0.1, 50, 0);
  const ref = referenceLosses(0.1, 50, 0);
  const losses = run.history("loss");
  expectEqual(losses.map(([s]) => s), ref.map((_, i) => i), "logged steps");
  expectClose(losses.map(([, v]) => v), ref, { atol: 1e-7, rtol: 1e-6, label: "logged losses" });
  expectEqual(run.history("lr").every(([, v]) => v === 0.1), true, "lr logged as 0.1 at every step");
  expectEqual([run.config.lr, run.finished], [0.1, true], "[config.lr, finished]");
}, { taskId: "task-4" });

test("compareLearningRates: 0.1 beats 0.01 after 50 steps on seed 0", () => {
  const tracker = new Tracker();
  const { comparison, bestLr } = compareLearningRates(tracker, 0.01, 0.1, 50, 0);
  expectEqual(bestLr, 0.1, "bestLr");
  expectEqual(comparison.better, "b", "comparison.better");
  expectEqual((tracker.runs() as R[]).length, 2, "runs recorded by the tracker");
  const ref = referenceLosses(0.01, 50, 0);
  expectClose(comparison.a.final, ref[49]!, { atol: 1e-7, rtol: 1e-6, label: "final loss at lr 0.01" });
}, { taskId: "task-4" });

/** Seeded float32 parameters and one gradient per step, drawn from the engine's generator. */
function seededProblem(seed: number, shape: number[], steps: number): { p0: Float32Array; grads: Float32Array[] } {
  manualSeed(seed);
  const p0 = randn(shape).toFloat32Array();
  const grads = Array.from({ length: steps }, () => randn(shape).toFloat32Array());
  return { p0, grads };
}

/** The parameter after each step of an engine optimiser fed the given gradients. */
function engineTrajectory(p0: Float32Array, grads: Float32Array[], shape: number[], make: (p: Tensor) => { step(): void }): Float32Array[] {
  const p = tensor(p0, { shape, requiresGrad: true });
  const opt = make(p);
  return grads.map((g) => {
    p.grad = tensor(g, { shape });
    opt.step();
    return p.toFloat32Array();
  });
}

test("sgdMomentumStep by hand: the first step is plain SGD, the second adds momentum·buf", () => {
  const p = [1, 2];
  const state = {};
  sgdMomentumStep(state, p, [0.5, -1], { lr: 0.1, momentum: 0.9 });
  expectClose(p, [0.95, 2.1], { atol: 1e-6, rtol: 1e-6, label: "p after step 1 (buf = g)" });
  sgdMomentumStep(state, p, [0.5, -1], { lr: 0.1, momentum: 0.9 });
  expectClose(p, [0.855, 2.29], { atol: 1e-6, rtol: 1e-6, label: "p after step 2 (buf = 0.9·buf + g)" });
}, { taskId: "task-5" });

test("sgdMomentumStep follows optim.SGD(lr 0.05, momentum 0.9) for 6 steps on seeded parameters", () => {
  const shape = [5, 4];
  const { p0, grads } = seededProblem(7, shape, 6);
  const expected = engineTrajectory(p0, grads, shape, (p) => new optim.SGD([p], { lr: 0.05, momentum: 0.9 }));
  const p = Float32Array.from(p0);
  const state = {};
  grads.forEach((g, k) => {
    sgdMomentumStep(state, p, g, { lr: 0.05, momentum: 0.9 });
    expectClose(p, expected[k], { atol: 1e-6, rtol: 1e-5, label: `p after step ${k + 1}` });
  });
}, { taskId: "task-5" });

test("adamwStep follows optim.AdamW(lr 0.01, betas [0.9, 0.999], eps 1e-8, weightDecay 0.1) for 6 steps", () => {
  const shape = [5, 4];
  const { p0, grads } = seededProblem(11, shape, 6);
  const hp = { lr: 0.01, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay: 0.1 };
  const expected = engineTrajectory(p0, grads, shape, (p) => new optim.AdamW([p], hp));
  const p = Float32Array.from(p0);
  const state = {};
  grads.forEach((g, k) => {
    adamwStep(state, p, g, hp, k + 1);
    expectClose(p, expected[k], { atol: 1e-6, rtol: 1e-5, label: `p after step ${k + 1}` });
  });
}, { taskId: "task-5" });
