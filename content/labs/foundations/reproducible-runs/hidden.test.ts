// Reproducible runs lab: hidden tests — more generator values, uniformity, edge cases, and the run against an independent reference.
import { batches, randomBelow, randomUint32, shuffle, trainRun } from "learner";
import { F, manualSeed, nn, optim, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectEqual, expectThrows, expectTrue, test } from "llmpath/testing";

// Expected integers below were computed independently (Python, arbitrary-precision integers masked to 32 bits).

test("more values: randomUint32(7, 0 | 1 | 1000) and three more shuffles", () => {
  expectEqual([0, 1, 1000].map((c) => randomUint32(7, c)), [1420618368, 3469856777, 136476425], "randomUint32(7, c)");
  expectEqual(shuffle(10, 42, 1), [0, 8, 3, 9, 6, 4, 2, 5, 7, 1], "shuffle(10, 42, 1)");
  expectEqual(shuffle(10, 7, 0), [0, 9, 2, 5, 6, 8, 1, 4, 7, 3], "shuffle(10, 7, 0)");
  expectEqual(shuffle(25, 2024, 3), [23, 1, 0, 19, 15, 21, 18, 11, 4, 3, 13, 17, 24, 6, 14, 10, 22, 20, 8, 5, 7, 2, 9, 16, 12], "shuffle(25, 2024, 3)");
}, { taskId: "task-2" });

test("randomBelow is close to uniform: chi-square over 20 000 draws of 10 values is below 27.9 (99.9% quantile, 9 dof)", () => {
  const counts = new Array(10).fill(0);
  for (let c = 0; c < 20000; c++) counts[randomBelow(11, c, 10)]++;
  const chi2 = counts.reduce((s, k) => s + (k - 2000) ** 2 / 2000, 0);
  expectTrue(chi2 < 27.9, `chi-square ${chi2.toFixed(2)} < 27.9 (counts ${counts.join(", ")})`);
}, { taskId: "task-1" });

test("all 6 orders of 3 items appear about equally often over 6000 seeds (chi-square < 20.5, 5 dof)", () => {
  const counts = new Map<string, number>();
  for (let seed = 0; seed < 6000; seed++) {
    const k = shuffle(3, seed, 0).join("");
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  expectEqual(counts.size, 6, "distinct orders seen");
  const chi2 = [...counts.values()].reduce((s, k) => s + (k - 1000) ** 2 / 1000, 0);
  expectTrue(chi2 < 20.5, `chi-square ${chi2.toFixed(2)} < 20.5`);
}, { taskId: "task-2" });

test("out-of-range arguments are refused", () => {
  expectThrows(() => randomUint32(1, -1), /counter/);
  expectThrows(() => randomUint32(1, 2 ** 32), /counter/);
  expectThrows(() => randomBelow(1, 0, 0), /n/);
  expectThrows(() => batches(10, 0, 1, 0), /batchSize/);
}, { taskId: "task-1" });

test("batches: dropLast, a batch larger than the data, an exact fit", () => {
  expectEqual((batches(42, 8, 5, 1, true) as number[][]).map((b) => b.length), [8, 8, 8, 8, 8], "dropLast");
  expectEqual(batches(5, 8, 5, 1), [shuffle(5, 5, 1)], "batchSize > n gives one short batch");
  expectEqual((batches(40, 10, 2, 0, true) as number[][]).length, 4, "40 samples in batches of 10 with dropLast");
}, { taskId: "task-3" });

// ---- an independent reference of the Task 4 recipe ----
const mix = (x: number): number => {
  x >>>= 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
};
function refOrder(n: number, seed: number, epoch: number): number[] {
  const a = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const u = mix((mix(seed) + Math.imul(epoch * n + n - 1 - i, 0x9e3779b9)) >>> 0);
    const j = Math.floor((u * (i + 1)) / 2 ** 32);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}
function refRun(seed: number, epochs: number, batchSize: number): number[] {
  manualSeed(seed);
  const X = randn([40, 4]);
  const y = X.matmul(randn([4, 1])).tanh().add(randn([40, 1]).mul(0.05));
  const fc1 = new nn.Linear(4, 16);
  const fc2 = new nn.Linear(16, 1);
  const opt = new optim.Adam([...fc1.parameters(), ...fc2.parameters()], { lr: 0.01 });
  const losses: number[] = [];
  for (let e = 0; e < epochs; e++) {
    const order = refOrder(40, seed, e);
    for (let s = 0; s < 40; s += batchSize) {
      const idx = tensor(order.slice(s, s + batchSize), { dtype: "int32" });
      const h: Tensor = F.dropout(fc1.forward(X.indexSelect(0, idx)).tanh(), 0.1, true);
      const loss = F.mseLoss(fc2.forward(h), y.indexSelect(0, idx));
      opt.zeroGrad();
      loss.backward();
      opt.step();
      losses.push(loss.item());
    }
  }
  return losses;
}

test("trainRun follows the README's recipe exactly (equal to an independent reference, bit for bit)", () => {
  expectEqual(trainRun(4), refRun(4, 3, 8), "trainRun(4)");
  expectEqual(trainRun(9, { epochs: 1, batchSize: 5 }), refRun(9, 1, 5), "trainRun(9, { epochs: 1, batchSize: 5 })");
}, { taskId: "task-4" });

test("a shorter run is a prefix of a longer one with the same seed", () => {
  const short: number[] = trainRun(6, { epochs: 2 });
  const long: number[] = trainRun(6, { epochs: 3 });
  expectEqual(short.length, 10, "steps in 2 epochs");
  expectEqual(long.slice(0, 10), short, "first 10 losses of the 3-epoch run");
}, { taskId: "task-4" });
