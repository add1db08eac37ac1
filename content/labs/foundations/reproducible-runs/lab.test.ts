// Reproducible runs lab: the tests shown to the learner — counter-based RNG values, the seeded shuffle, batches, bit-identical runs.
import { batches, mix32, randomBelow, randomUint32, shuffle, trainRun } from "learner";
import { manualSeed, randn } from "llmpath/tensor";
import { expectEqual, expectTrue, test } from "llmpath/testing";

// Expected integers below were computed independently (Python, arbitrary-precision integers masked to 32 bits).

test("mix32 of 0, 1, 2 and 0xdeadbeef", () => {
  expectEqual([0, 1, 2, 0xdeadbeef].map((x) => mix32(x)), [0, 1753845952, 3507691905, 3861431939], "mix32");
}, { taskId: "task-1" });

test("randomUint32(42, 0…3) and randomBelow(42, 0…7, 10)", () => {
  expectEqual([0, 1, 2, 3].map((c) => randomUint32(42, c)), [1612446537, 2496218441, 2569337798, 590318904], "randomUint32(42, c)");
  expectEqual([0, 1, 2, 3, 4, 5, 6, 7].map((c) => randomBelow(42, c, 10)), [3, 5, 5, 1, 5, 0, 6, 4], "randomBelow(42, c, 10)");
}, { taskId: "task-1" });

test("the generator has no hidden state: any order of calls gives the same numbers", () => {
  const forward = [5, 6, 7].map((c) => randomUint32(9, c));
  const backward = [7, 6, 5].map((c) => randomUint32(9, c)).reverse();
  expectEqual(backward, forward, "randomUint32(9, 5…7) called in reverse order");
}, { taskId: "task-1" });

test("shuffle(10, seed 42, epoch 0) is the README's Fisher–Yates permutation", () => {
  expectEqual(shuffle(10, 42, 0), [8, 7, 1, 2, 6, 9, 0, 4, 5, 3], "shuffle(10, 42, 0)");
}, { taskId: "task-2" });

test("shuffle returns a permutation; epochs give different orders; the same arguments give the same order", () => {
  for (const n of [0, 1, 2, 17, 64]) {
    const p: number[] = shuffle(n, 3, 1);
    expectEqual([...p].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i), `shuffle(${n}, 3, 1) sorted`);
  }
  expectEqual(shuffle(64, 3, 1), shuffle(64, 3, 1), "two calls with the same arguments");
  expectTrue(shuffle(64, 3, 1).join() !== shuffle(64, 3, 2).join(), "epochs 1 and 2 give different orders");
}, { taskId: "task-2" });

test("batches cut the epoch's order into consecutive batches; the last may be short", () => {
  const b: number[][] = batches(42, 8, 5, 0);
  expectEqual(b.map((x) => x.length), [8, 8, 8, 8, 8, 2], "batch sizes for n = 42, batchSize = 8");
  expectEqual(b.flat(), shuffle(42, 5, 0), "batches joined back together");
}, { taskId: "task-3" });

test("two runs with the same seed give bit-identical losses, even if the global generator was used in between", () => {
  const a: number[] = trainRun(1);
  manualSeed(123);
  randn([1000]);
  const b: number[] = trainRun(1);
  expectEqual(a.length, 15, "steps in 3 epochs of 40 samples in batches of 8");
  expectEqual(b, a, "losses of the second run (bit for bit)");
}, { taskId: "task-4" });

test("a different seed gives different losses", () => {
  const a: number[] = trainRun(1);
  const c: number[] = trainRun(2);
  expectTrue(a.some((v, i) => v !== c[i]), "seed 1 and seed 2 differ in at least one step");
  expectTrue(a.every(Number.isFinite), "every loss is finite");
}, { taskId: "task-4" });
