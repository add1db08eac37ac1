// Experiment tracking lab: hidden tests — CSV quoting, sparse metrics, edge cases, a diverging LR, PyTorch goldens for SGD and AdamW.
import { Tracker, adamwStep, biasCorrection, compare, compareLearningRates, sgdMomentumStep, toCSV, toJSONL, track, trainRegression } from "learner";
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

/** RFC 4180 reader: fields may be quoted; "" inside quotes is a quote; quoted fields may hold commas and newlines. */
function parseCSV(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

test("CSV quotes names with commas, quotes and newlines and round-trips every number exactly", () => {
  const tracker = new Tracker();
  const names = ['lr=0.1, warmup', 'say "hi"', "two\nlines"];
  const values = [0.1 + 0.2, 1e-20, -5e300, 123456789.125, 2 / 3, 7];
  names.forEach((name, i) => {
    const run: R = tracker.run({}, { name });
    run.log({ loss: values[2 * i]!, acc: values[2 * i + 1]! }, 10 * i);
  });
  const rows = parseCSV(toCSV(tracker.runs()));
  expectEqual(rows[0], ["run", "step", "acc", "loss"], "header");
  expectEqual(rows.slice(1).map((r) => r[0]), names, "run names read back");
  expectEqual(rows.slice(1).map((r) => Number(r[1])), [0, 10, 20], "steps read back");
  expectEqual(rows.slice(1).flatMap((r) => [Number(r[3]), Number(r[2])]), values, "loss and acc read back bit for bit");
}, { taskId: "task-2" });

test("metrics logged only sometimes: empty CSV cells, absent JSONL keys", () => {
  const tracker = new Tracker();
  const a: R = tracker.run({}, { name: "a" });
  const b: R = tracker.run({}, { name: "b" });
  a.log({ loss: 1 }, 0);
  a.log({ loss: 0.5, "val/acc": 0.75 }, 100);
  b.log({ zeta: 3 }, 1);
  const expected = ["run,step,loss,val/acc,zeta", "a,0,1,,", "a,100,0.5,0.75,", "b,1,,,3", ""].join("\n");
  expectEqual(toCSV(tracker.runs()), expected, "toCSV with sparse metrics");
  const jsonl = toJSONL(tracker.runs()).trimEnd().split("\n");
  expectEqual(jsonl, ['{"run":"a","step":0,"loss":1}', '{"run":"a","step":100,"loss":0.5,"val/acc":0.75}', '{"run":"b","step":1,"zeta":3}'], "JSONL lines");
  expectEqual(toCSV([b]), "run,step,zeta\nb,1,3\n", "toCSV of one run uses only that run's metrics");
  expectEqual(toJSONL([]), "", "toJSONL of no runs");
}, { taskId: "task-2" });

test("compare: a tie, a metric missing from a run, sparse logging", () => {
  const tracker = new Tracker();
  const a: R = tracker.run({});
  const b: R = tracker.run({});
  a.log({ loss: 3 }, 0);
  a.log({ acc: 0.5 }, 1);
  a.log({ loss: 2 }, 2);
  b.log({ loss: 1 }, 0);
  b.log({ loss: 2 }, 7);
  const c = compare(a, b, "loss");
  expectEqual(c.better, "tie", "equal final values");
  expectEqual([c.a.finalStep, c.b.finalStep, c.b.min, c.b.minStep], [2, 7, 1, 0], "[a.finalStep, b.finalStep, b.min, b.minStep]");
  expectThrows(() => compare(a, b, "acc"), /acc/);
}, { taskId: "task-3" });

test("bad input is refused with a message naming it", () => {
  const tracker = new Tracker();
  expectThrows(() => tracker.run({ model: { layers: 2 } } as unknown as Record<string, number>), /model/);
  const run: R = tracker.run({ seed: 1 });
  expectThrows(() => run.log({ loss: 1 }, -1), /step/);
  expectThrows(() => run.log({ loss: 1 }, 1.5), /step/);
  expectThrows(() => run.log({ loss: Number.POSITIVE_INFINITY }, 0), /loss/);
  expectThrows(() => run.log({}, 0), /metric/);
  run.finish();
  expectThrows(() => run.finish(), /finish/);
  expectTrue(track instanceof Tracker, "track is a Tracker");
}, { taskId: "task-1" });

test("trainRegression on seed 3 with lr 0.05 for 20 steps matches the recipe; the run has its config", () => {
  const tracker = new Tracker();
  const run: R = trainRegression(tracker, 0.05, 20, 3);
  expectClose(run.history("loss").map(([, v]) => v), referenceLosses(0.05, 20, 3), { atol: 1e-7, rtol: 1e-6, label: "losses, seed 3" });
  expectEqual([run.config.lr, run.config.steps, run.config.seed], [0.05, 20, 3], "[config.lr, config.steps, config.seed]");
}, { taskId: "task-4" });

test("compareLearningRates: a diverging lr (0.8) loses to 0.05, whichever side it is on", () => {
  const r1 = compareLearningRates(new Tracker(), 0.05, 0.8, 50, 0);
  const r2 = compareLearningRates(new Tracker(), 0.8, 0.05, 50, 0);
  expectEqual([r1.bestLr, r1.comparison.better, r2.bestLr, r2.comparison.better], [0.05, "a", 0.05, "b"], "[bestLr, better] both ways");
  expectTrue(r1.comparison.b.final > r1.comparison.b.min, "the diverging run ends above its minimum");
}, { taskId: "task-4" });

// PyTorch 1.13 goldens (test/fixtures/goldens/training.json, seed 1234): a [4, 3] float32 parameter, three gradients, and the
// parameter after each optimiser step. The cases adamw_3_steps and sgd_momentum_3_steps share p0 and the gradients.
const GOLDEN_P0 = [-0.7557355165481567, -0.386019766330719, -0.09869351238012314, -0.409502774477005, -0.5654481649398804, -0.8812346458435059, -0.6431191563606262, -0.050468213856220245, -0.23897254467010498, -1.8569703102111816, -1.1831674575805664, 0.4302644729614258];
const GOLDEN_GRADS = [
  [-1.0119291543960571, 0.06807108968496323, 0.5991441607475281, -0.19570684432983398, 0.07914794236421585, 0.5332445502281189, 0.5433813333511353, 2.950000047683716, 0.533349335193634, 0.764339029788971, 0.9188388586044312, -0.7065973877906799],
  [-0.30748313665390015, -0.46536558866500854, -2.901667833328247, 0.8825980424880981, -0.18991339206695557, -0.29862701892852783, 1.5915019512176514, 0.6390829682350159, -0.7005250453948975, 0.8971354961395264, 0.33057862520217896, 0.18451453745365143],
  [0.6299270391464233, 0.11108358204364777, -1.3636969327926636, 0.19073711335659027, -0.904636561870575, 1.4282591342926025, 0.1109861433506012, 0.37009260058403015, -1.949766993522644, 0.23401692509651184, 0.12365077435970306, -0.5080766081809998],
];
/** torch.optim.AdamW([p], lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1): p after steps 1, 2, 3. */
const ADAMW_AFTER = [
  [-0.7449797987937927, -0.3956337571144104, -0.10859481990337372, -0.39909327030181885, -0.5748826861381531, -0.8903533816337585, -0.6524760127067566, -0.060417745262384415, -0.24873356521129608, -1.865113377571106, -1.1919842958450317, 0.43983420729637146],
  [-0.7356594800949097, -0.3888443410396576, -0.10255276411771774, -0.40450939536094666, -0.5700151324272156, -0.8916712403297424, -0.6610302329063416, -0.06848214566707611, -0.2466207891702652, -1.8732579946517944, -1.1996171474456787, 0.4439963400363922],
  [-0.7325013875961304, -0.3851146996021271, -0.09561209380626678, -0.409822553396225, -0.5624803900718689, -0.8973244428634644, -0.6678913831710815, -0.07542558014392853, -0.2399587631225586, -1.8802188634872437, -1.2059882879257202, 0.450122207403183],
];
/** torch.optim.SGD([p], lr=0.1, momentum=0.9): p after steps 1, 2, 3. */
const SGD_AFTER = [
  [-0.6545426249504089, -0.3928268849849701, -0.15860792994499207, -0.3899320960044861, -0.5733629465103149, -0.9345591068267822, -0.6974573135375977, -0.3454682230949402, -0.29230746626853943, -1.9334042072296143, -1.2750513553619385, 0.5009242296218872],
  [-0.532720685005188, -0.3524167239665985, 0.07763587683439255, -0.4605782926082611, -0.5614949464797974, -0.9526883959770203, -0.9055117964744568, -0.6748765110969543, -0.2702564001083374, -2.0919082164764404, -1.390804648399353, 0.5460665225982666],
  [-0.4860736131668091, -0.3271559178829193, 0.42662501335144043, -0.5432335734367371, -0.46035006642341614, -1.111830711364746, -1.1038594245910645, -1.0083532333374023, -0.05543375760316849, -2.2579636573791504, -1.507347822189331, 0.6375022530555725],
];
/** The tolerance both golden cases state. */
const GOLDEN_TOL = { atol: 1e-6, rtol: 1e-5 };

test("adamwStep matches PyTorch's AdamW (golden adamw_3_steps) after each of 3 steps", () => {
  const p = Float32Array.from(GOLDEN_P0);
  const state = {};
  const hp = { lr: 0.01, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay: 0.1 };
  GOLDEN_GRADS.forEach((g, k) => {
    adamwStep(state, p, Float32Array.from(g), hp, k + 1);
    expectClose(p, ADAMW_AFTER[k], { ...GOLDEN_TOL, label: `AdamW golden, p after step ${k + 1}` });
  });
}, { taskId: "task-5" });

test("sgdMomentumStep matches PyTorch's SGD with momentum (golden sgd_momentum_3_steps), on Float32Array and number[]", () => {
  for (const kind of ["Float32Array", "number[]"]) {
    const p = kind === "Float32Array" ? Float32Array.from(GOLDEN_P0) : [...GOLDEN_P0];
    const state = {};
    GOLDEN_GRADS.forEach((g, k) => {
      sgdMomentumStep(state, p, g, { lr: 0.1, momentum: 0.9 });
      expectClose(p, SGD_AFTER[k], { ...GOLDEN_TOL, label: `SGD golden (${kind}), p after step ${k + 1}` });
    });
  }
}, { taskId: "task-5" });

/** Two seeded parameter arrays (like a weight and a bias) and their gradients for each step. */
function seededPair(seed: number, steps: number): { w0: Float32Array; b0: Float32Array; grads: Array<[Float32Array, Float32Array]> } {
  manualSeed(seed);
  const w0 = randn([3, 4]).toFloat32Array();
  const b0 = randn([4]).toFloat32Array();
  const grads = Array.from({ length: steps }, (): [Float32Array, Float32Array] => [randn([3, 4]).toFloat32Array(), randn([4]).toFloat32Array()]);
  return { w0, b0, grads };
}

/** Steps an engine optimiser over [w, b] and the learner's step function over two arrays with one state each; compares every step. */
function compareOnPair(seed: number, steps: number, make: (ps: Tensor[]) => { step(): void }, mine: (state: object, p: Float32Array, g: Float32Array, t: number) => void, label: string): void {
  const { w0, b0, grads } = seededPair(seed, steps);
  const w = tensor(w0, { shape: [3, 4], requiresGrad: true });
  const b = tensor(b0, { shape: [4], requiresGrad: true });
  const opt = make([w, b]);
  const mw = Float32Array.from(w0);
  const mb = Float32Array.from(b0);
  const sw = {};
  const sb = {};
  grads.forEach(([gw, gb], k) => {
    w.grad = tensor(gw, { shape: [3, 4] });
    b.grad = tensor(gb, { shape: [4] });
    opt.step();
    mine(sw, mw, gw, k + 1);
    mine(sb, mb, gb, k + 1);
    expectClose(mw, w.toFloat32Array(), { atol: 1e-6, rtol: 1e-5, label: `${label}: weight after step ${k + 1}` });
    expectClose(mb, b.toFloat32Array(), { atol: 1e-6, rtol: 1e-5, label: `${label}: bias after step ${k + 1}` });
  });
}

test("other settings, two parameter arrays with a state each: SGD momentum 0.5 and 0, AdamW without weight decay", () => {
  compareOnPair(5, 8, (ps) => new optim.SGD(ps, { lr: 0.3, momentum: 0.5 }), (s, p, g) => sgdMomentumStep(s, p, g, { lr: 0.3, momentum: 0.5 }), "SGD lr 0.3 momentum 0.5");
  compareOnPair(6, 4, (ps) => new optim.SGD(ps, { lr: 0.1 }), (s, p, g) => sgdMomentumStep(s, p, g, { lr: 0.1, momentum: 0 }), "SGD momentum 0 (plain SGD)");
  const hp = { lr: 0.05, betas: [0.8, 0.99] as [number, number], eps: 1e-6, weightDecay: 0 };
  compareOnPair(8, 8, (ps) => new optim.AdamW(ps, hp), (s, p, g, t) => adamwStep(s, p, g, hp, t), "AdamW lr 0.05 betas [0.8, 0.99] eps 1e-6 wd 0");
}, { taskId: "task-5" });

test("the first AdamW step moves each entry by about lr after the decay; biasCorrection is 1 − β^t", () => {
  expectClose([biasCorrection(0.9, 1), biasCorrection(0.999, 3), biasCorrection(0.9, 10)], [0.1, 1 - 0.999 ** 3, 1 - 0.9 ** 10], { atol: 1e-15, rtol: 1e-12, label: "biasCorrection(0.9, 1), (0.999, 3), (0.9, 10)" });
  const p0 = [0.5, -2, 3, 0];
  const g = [0.25, -4, 1e-3, 2];
  const p = [...p0];
  adamwStep({}, p, g, { lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.2 }, 1);
  const moves = p.map((x, i) => Math.abs(x - p0[i]! * (1 - 0.01 * 0.2)));
  expectClose(moves, moves.map((_, i) => (0.01 * Math.abs(g[i]!)) / (Math.abs(g[i]!) + 1e-8)), { atol: 1e-9, rtol: 1e-6, label: "|p1 − p0·(1 − lr·wd)| = lr·|g|/(|g| + eps)" });
}, { taskId: "task-5" });

test("the optimisers refuse mismatched lengths and a step that is not 1, 2, 3, … without touching the parameters", () => {
  const p = [1, 2, 3];
  const hp = { lr: 0.01, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay: 0.1 };
  expectThrows(() => sgdMomentumStep({}, p, [1, 2], { lr: 0.1, momentum: 0.9 }), /length/);
  expectThrows(() => adamwStep({}, p, [1, 2, 3, 4], hp, 1), /length/);
  expectThrows(() => adamwStep({}, p, [1, 2, 3], hp, 0), /step/);
  expectThrows(() => adamwStep({}, p, [1, 2, 3], hp, 1.5), /step/);
  expectEqual(p, [1, 2, 3], "params after the refused calls");
}, { taskId: "task-5" });
