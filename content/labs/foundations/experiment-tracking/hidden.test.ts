// Experiment tracking lab: hidden tests — CSV quoting and round trips, sparse metrics, edge cases, another seed and a diverging LR.
import { Tracker, compare, compareLearningRates, toCSV, toJSONL, track, trainRegression } from "learner";
import { F, manualSeed, nn, optim, randn, tensor } from "llmpath/tensor";
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
