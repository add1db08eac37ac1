// Initialisation and gradient flow lab: hidden tests — other shapes and seeds, every combination against the reference, edge cases.
import { diagnose, initStd, initWeight, layerStats } from "learner";
import { manualSeed, randn, type Tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectThrows, expectTrue, test } from "llmpath/testing";

type Scheme = "naive" | "xavier" | "kaiming";
type Act = "tanh" | "relu";
interface Stats {
  actStd: number[];
  gradStd: number[];
}

function moments(t: Tensor): { mean: number; std: number } {
  const d = t.toFloat64Array();
  const mean = d.reduce((s, v) => s + v, 0) / d.length;
  return { mean, std: Math.sqrt(d.reduce((s, v) => s + (v - mean) ** 2, 0) / d.length) };
}

function referenceStats(scheme: Scheme, act: Act, depth: number, width: number, batch: number, seed: number): Stats {
  const s = { naive: 1, xavier: Math.sqrt(2 / (2 * width)), kaiming: Math.sqrt(2 / width) }[scheme];
  manualSeed(seed);
  const Ws = Array.from({ length: depth }, () => randn([width, width]).mul(s).requiresGrad_());
  let h = randn([batch, width]);
  const g = randn([batch, width]);
  const hs: Tensor[] = [];
  for (const W of Ws) {
    const z = h.matmul(W.transpose(0, 1));
    h = (act === "tanh" ? z.tanh() : z.relu()).retainGrad();
    hs.push(h);
  }
  h.backward(g);
  return { actStd: hs.map((t) => moments(t).std), gradStd: hs.map((t) => moments(t.grad!).std) };
}

const SCHEMES: Scheme[] = ["naive", "xavier", "kaiming"];
const ACTS: Act[] = ["tanh", "relu"];

test("initStd on non-square layers: Xavier uses fanIn + fanOut, Kaiming only fanIn; unknown scheme throws", () => {
  expectClose(initStd("xavier", 512, 128), Math.sqrt(2 / 640), { atol: 1e-12, rtol: 1e-12, label: "xavier 512 → 128" });
  expectClose(initStd("kaiming", 512, 128), Math.sqrt(2 / 512), { atol: 1e-12, rtol: 1e-12, label: "kaiming 512 → 128" });
  expectClose(initStd("naive", 3, 7), 1, { atol: 0, rtol: 0, label: "naive 3 → 7" });
  expectThrows(() => initStd("lecun" as Scheme, 4, 4), /lecun/);
}, { taskId: "task-1" });

test("initWeight over three seeds and a tall and a wide shape: std within 4%, draws from the seeded generator", () => {
  for (const seed of [2, 3, 4]) {
    for (const [fanIn, fanOut] of [[50, 800], [640, 64]] as const) {
      for (const scheme of SCHEMES) {
        manualSeed(seed);
        const W: Tensor = initWeight(scheme, fanIn, fanOut);
        expectShape(W, [fanOut, fanIn], `initWeight('${scheme}', ${fanIn}, ${fanOut})`);
        expectClose(moments(W).std, initStd(scheme, fanIn, fanOut), { atol: 0, rtol: 0.04, label: `std of ${scheme} ${fanIn}→${fanOut}, seed ${seed}` });
      }
    }
  }
  manualSeed(5);
  const a: Tensor = initWeight("kaiming", 8, 8);
  manualSeed(5);
  const b: Tensor = initWeight("kaiming", 8, 8);
  const c: Tensor = initWeight("kaiming", 8, 8);
  expectEqual(Array.from(a.toFloat32Array()), Array.from(b.toFloat32Array()), "same seed, same weight");
  expectTrue(moments(c.sub(b)).std > 0, "a second draw differs from the first");
}, { taskId: "task-1" });

test("layerStats for every combination at depth 8, width 32, batch 16, seed 5 equals the recipe", () => {
  for (const scheme of SCHEMES) {
    for (const act of ACTS) {
      const mine: Stats = layerStats(scheme, act, { depth: 8, width: 32, batch: 16, seed: 5 });
      const ref = referenceStats(scheme, act, 8, 32, 16, 5);
      expectClose(mine.actStd, ref.actStd, { atol: 0, rtol: 1e-5, label: `${scheme}/${act} actStd` });
      expectClose(mine.gradStd, ref.gradStd, { atol: 0, rtol: 1e-5, label: `${scheme}/${act} gradStd` });
    }
  }
}, { taskId: "task-2" });

test("the diagnosis of each combination holds for seeds 1 and 2", () => {
  const expected: Record<string, string> = { "naive/tanh": "exploding", "naive/relu": "exploding", "xavier/tanh": "healthy", "xavier/relu": "vanishing", "kaiming/tanh": "healthy", "kaiming/relu": "healthy" };
  for (const seed of [1, 2]) {
    const got: Record<string, string> = {};
    for (const scheme of SCHEMES) for (const act of ACTS) got[`${scheme}/${act}`] = diagnose(layerStats(scheme, act, { seed }));
    expectEqual(got, expected, `diagnoses with seed ${seed}`);
  }
}, { taskId: "task-3" });

test("diagnose edge cases: the thresholds themselves are healthy; NaN explodes; a zero first gradient vanishes", () => {
  const st = (first: number, last = 1): Stats => ({ actStd: [1, 1], gradStd: [first, last] });
  expectEqual([diagnose(st(1e-2)), diagnose(st(1e2))], ["healthy", "healthy"], "r exactly 1e-2 and 1e2");
  expectEqual(diagnose(st(Number.NaN)), "exploding", "NaN gradient std");
  expectEqual(diagnose(st(0)), "vanishing", "first gradient std 0");
  expectEqual(diagnose(st(2e-3, 0.1)), "healthy", "r = 0.02 with a small last gradient");
  expectEqual(diagnose({ actStd: [1, 1, 1, 1], gradStd: [300, 5, 2, 2] }), "exploding", "r = 150 over 4 layers");
}, { taskId: "task-3" });
