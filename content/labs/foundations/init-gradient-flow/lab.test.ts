// Initialisation and gradient flow lab: the tests shown to the learner — init scales, per-layer statistics, the diagnosis.
import { diagnose, initStd, initWeight, layerStats } from "learner";
import { manualSeed, randn, type Tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectThrows, test } from "llmpath/testing";

type Scheme = "naive" | "xavier" | "kaiming";
type Act = "tanh" | "relu";
interface Stats {
  actStd: number[];
  gradStd: number[];
}

/** Population standard deviation and mean of a tensor's elements, in float64. */
function moments(t: Tensor): { mean: number; std: number } {
  const d = t.toFloat64Array();
  const mean = d.reduce((s, v) => s + v, 0) / d.length;
  return { mean, std: Math.sqrt(d.reduce((s, v) => s + (v - mean) ** 2, 0) / d.length) };
}

/** Independent reference for Task 2, following the README's order of random draws. */
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

test("initStd: 1, √(2/(fanIn+fanOut)) and √(2/fanIn)", () => {
  expectClose([initStd("naive", 64, 64), initStd("xavier", 64, 64), initStd("kaiming", 64, 64)], [1, 0.125, Math.sqrt(2 / 64)], { atol: 1e-12, rtol: 1e-12, label: "initStd(scheme, 64, 64)" });
  expectClose(initStd("xavier", 100, 300), Math.sqrt(2 / 400), { atol: 1e-12, rtol: 1e-12, label: "initStd('xavier', 100, 300)" });
}, { taskId: "task-1" });

test("initWeight: shape (fanOut, fanIn), sample std within 3% of initStd, mean near 0 (seeded, 60 000 draws)", () => {
  for (const scheme of ["naive", "xavier", "kaiming"] as const) {
    manualSeed(1);
    const W: Tensor = initWeight(scheme, 200, 300);
    expectShape(W, [300, 200], `initWeight('${scheme}', 200, 300)`);
    const { mean, std } = moments(W);
    const target = initStd(scheme, 200, 300);
    expectClose(std, target, { atol: 0, rtol: 0.03, label: `sample std of ${scheme}` });
    expectClose(mean, 0, { atol: 0.02 * target, rtol: 0, label: `sample mean of ${scheme} (atol 0.02·std)` });
  }
}, { taskId: "task-1" });

test("layerStats(kaiming, relu): 20 layers, equal to the README's recipe", () => {
  const mine: Stats = layerStats("kaiming", "relu");
  const ref = referenceStats("kaiming", "relu", 20, 64, 64, 0);
  expectEqual([mine.actStd.length, mine.gradStd.length], [20, 20], "[actStd.length, gradStd.length]");
  expectClose(mine.actStd, ref.actStd, { atol: 0, rtol: 1e-5, label: "actStd" });
  expectClose(mine.gradStd, ref.gradStd, { atol: 0, rtol: 1e-5, label: "gradStd" });
}, { taskId: "task-2" });

test("layerStats(naive, relu): activations blow up by more than 1e10 over 20 layers", () => {
  const s: Stats = layerStats("naive", "relu");
  const ref = referenceStats("naive", "relu", 20, 64, 64, 0);
  expectClose(s.actStd, ref.actStd, { atol: 0, rtol: 1e-5, label: "actStd" });
  expectEqual(s.actStd[19]! / s.actStd[0]! > 1e10, true, "actStd[19] / actStd[0] > 1e10");
}, { taskId: "task-2" });

test("diagnose: thresholds on gradStd[0] / gradStd[last]", () => {
  const stats = (first: number): Stats => ({ actStd: [1, 1, 1], gradStd: [first, 0.5, 1] });
  expectEqual([5e-3, 0.02, 1, 50, 200].map((r) => diagnose(stats(r))), ["vanishing", "healthy", "healthy", "healthy", "exploding"], "diagnose for ratios 5e-3, 0.02, 1, 50, 200");
  expectEqual(diagnose({ actStd: [1, Number.POSITIVE_INFINITY], gradStd: [1, 1] }), "exploding", "an infinite statistic");
  expectThrows(() => diagnose({ actStd: [1], gradStd: [1] }), /2 layers/);
}, { taskId: "task-3" });

test("diagnose for each initialisation × activation (seed 0)", () => {
  const expected: Record<string, string> = {
    "naive/tanh": "exploding",
    "naive/relu": "exploding",
    "xavier/tanh": "healthy",
    "xavier/relu": "vanishing",
    "kaiming/tanh": "healthy",
    "kaiming/relu": "healthy",
  };
  const got: Record<string, string> = {};
  for (const key of Object.keys(expected)) {
    const [scheme, act] = key.split("/") as [Scheme, Act];
    got[key] = diagnose(layerStats(scheme, act));
  }
  expectEqual(got, expected, "diagnose(layerStats(scheme, activation))");
}, { taskId: "task-3" });
