// Low-rank inference: tests run at grading only — layers without bias, wide and tall shapes, parameter counts of the real
// modules, a different model (three layers, the middle one factored) and a row-by-row reference, restoring after errors.
import { accuracy, factorLinear, kneeRank, lowRankCost, lowRankTable } from "learner";
import { F, linalg, manualSeed, nn, noGrad, optim, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectThrows, expectTrue, test } from "llmpath/testing";

const TOL = { atol: 1e-4, rtol: 1e-4 };

// ---- a second model: 24 → 48 → 48 → 6 on a 5-dimensional latent signal; the middle (48, 48) layer is factored ----
const LATENT_SCALE = [2.5, 2, 1.5, 1, 0.7];
const D_IN = 24;
const HIDDEN = 48;
const CLASSES = 6;

function makeData(n: number, mix: Tensor, scores: Tensor): { X: Tensor; y: Tensor } {
  const z = randn([n, LATENT_SCALE.length]).mul(tensor(LATENT_SCALE));
  return { X: z.matmul(mix).add(randn([n, D_IN]).mul(0.1)), y: z.matmul(scores).argmax(1).int() };
}

class MLP3 extends nn.Module {
  inp = new nn.Linear(D_IN, HIDDEN);
  mid: { forward(x: Tensor): Tensor } = new nn.Linear(HIDDEN, HIDDEN);
  head = new nn.Linear(HIDDEN, CLASSES);
  forward(x: Tensor): Tensor {
    return this.head.forward(this.mid.forward(this.inp.forward(x).relu()).relu()); // (N, 24) -> (N, 48) -> (N, 48) -> (N, 6)
  }
}

interface Trained {
  model: MLP3;
  X: Tensor;
  y: Tensor;
}

function train(seed: number): Trained {
  manualSeed(seed);
  const mix = randn([LATENT_SCALE.length, D_IN]).div(Math.sqrt(LATENT_SCALE.length));
  const scores = randn([LATENT_SCALE.length, CLASSES]);
  const data = makeData(1536, mix, scores);
  const held = makeData(1000, mix, scores);
  const model = new MLP3();
  const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
  for (let step = 0; step < 200; step++) {
    const start = (step * 256) % 1536;
    const loss = F.crossEntropy(model.forward(data.X.narrow(0, start, 256)), data.y.narrow(0, start, 256));
    opt.zeroGrad();
    loss.backward();
    opt.step();
  }
  return { model, X: held.X, y: held.y };
}

let cached: Trained | undefined;
const trained = (): Trained => (cached ??= train(1));
const KS = [1, 2, 3, 4, 5, 6, 8, 12, 16, 24, 48];

function rankK(W: Tensor, k: number): Tensor {
  const { U, S, Vh } = linalg.svd(W);
  return U.narrow(1, 0, k).mul(S.narrow(0, 0, k)).matmul(Vh.narrow(0, 0, k));
}
const children = (seq: nn.Sequential): [nn.Linear, nn.Linear] => [seq.at(0) as nn.Linear, seq.at(1) as nn.Linear];
interface RowLike {
  k: number;
  params: number;
  multiplyAdds: number;
  speedup: number;
  accuracy: number;
  delta: number;
}

// ---- task 1 ----
test("factorLinear on a layer without bias: no bias anywhere", () => {
  manualSeed(51);
  const layer = new nn.Linear(7, 5, { bias: false });
  const [first, second] = children(factorLinear(layer, 2));
  expectTrue(first.bias === null && second.bias === null, "a layer without bias factors into two layers without bias");
  const x = randn([3, 7]);
  expectClose(noGrad(() => factorLinear(layer, 2).forward(x)), x.matmul(rankK(layer.weight, 2).transpose(0, 1)), { ...TOL, label: "x W_2ᵀ" });
}, { taskId: "task-1" });

test("factorLinear on a wide (4, 9) and a tall (9, 4) weight at full rank 4 reproduces the layer", () => {
  manualSeed(52);
  for (const [inp, out] of [[9, 4], [4, 9]] as const) {
    const layer = new nn.Linear(inp, out);
    const seq = factorLinear(layer, 4);
    const [first, second] = children(seq);
    expectShape(first.weight, [4, inp], `first.weight for Linear(${inp} → ${out})`);
    expectShape(second.weight, [out, 4], `second.weight for Linear(${inp} → ${out})`);
    const x = randn([6, inp]);
    expectClose(noGrad(() => seq.forward(x)), noGrad(() => layer.forward(x)), { ...TOL, label: `Linear(${inp} → ${out}) at full rank` });
  }
}, { taskId: "task-1" });

test("factorLinear leaves the original untouched and does not share its bias tensor", () => {
  manualSeed(53);
  const layer = new nn.Linear(6, 6);
  const w = layer.weight.tolist();
  const b = layer.bias!.tolist();
  const [, second] = children(factorLinear(layer, 3));
  expectClose(layer.weight, w, { atol: 0, rtol: 0, label: "original weight after factorLinear" });
  expectTrue(second.bias !== layer.bias, "the factored layer needs its own copy of the bias (fine-tuning it must not change the original)");
  expectClose(layer.bias, b, { atol: 0, rtol: 0, label: "original bias after factorLinear" });
}, { taskId: "task-1" });

test("the factored module really holds lowRankCost(...).params parameters", () => {
  manualSeed(54);
  for (const [inp, out, k, bias] of [[32, 64, 4, true], [20, 10, 7, false], [48, 48, 1, true]] as const) {
    const seq = factorLinear(new nn.Linear(inp, out, { bias }), k);
    expectEqual(seq.numParameters(), lowRankCost(out, inp, k, bias).params, `numParameters of Linear(${inp} → ${out}, bias ${bias}) at k = ${k}`);
  }
}, { taskId: "task-2" });

// ---- task 2 ----
test("lowRankCost of a 4096 → 11008 projection at k = 64", () => {
  const c = lowRankCost(11008, 4096, 64);
  expectEqual(c.multiplyAdds, 966656, "multiplyAdds = 64·(4096 + 11008)");
  expectEqual(c.params, 966656 + 11008, "params = multiplyAdds + out (bias)");
  expectClose(c.speedup, (4096 * 11008) / 966656, { atol: 0, rtol: 1e-12, label: "speedup" });
}, { taskId: "task-2" });

test("lowRankCost breaks even at k = mn/(m + n) and default bias is true", () => {
  expectEqual(lowRankCost(6, 3, 2), { params: 2 * 9 + 6, multiplyAdds: 18, speedup: 1 }, "lowRankCost(6, 3, 2): 18 = 6·3");
  expectEqual(lowRankCost(3, 6, 1, false).params, 9, "lowRankCost(3, 6, 1, false).params");
}, { taskId: "task-2" });

// ---- task 3 ----
test("accuracy: argmax ties go to the first class, and an all-wrong batch is 0", () => {
  const logits = tensor([[1, 1, 0], [0, 2, 2]]);
  expectClose(accuracy(logits, tensor([0, 1], { dtype: "int32" })), 1, { atol: 0, rtol: 0, label: "ties → first maximal class" });
  expectClose(accuracy(logits, tensor([2, 0], { dtype: "int32" })), 0, { atol: 0, rtol: 0, label: "none right" });
}, { taskId: "task-3" });

// ---- task 4 ----
test("a three-layer model, middle (48, 48) layer: exact accounting and full rank within 0.002", () => {
  const { model, X, y } = trained();
  const rows: RowLike[] = lowRankTable(model, "mid", KS, X, y);
  expectEqual(rows.map((r) => r.k), KS, "the k of each row");
  for (const r of rows) {
    expectEqual(r.params, r.k * 96 + 48, `params at k = ${r.k}`);
    expectEqual(r.multiplyAdds, r.k * 96, `multiplyAdds at k = ${r.k}`);
    expectClose(r.speedup, 2304 / (r.k * 96), { atol: 0, rtol: 1e-12, label: `speedup at k = ${r.k}` });
  }
  expectTrue(Math.abs(rows[rows.length - 1]!.delta) <= 0.002, `full rank 48 must reproduce the original accuracy within 0.002, delta = ${rows[rows.length - 1]!.delta}`);
}, { taskId: "task-4" });

test("each row's accuracy matches a reference built from linalg.svd (within 3 of 1 000 rows)", () => {
  const { model, X, y } = trained();
  const rows: RowLike[] = lowRankTable(model, "mid", KS, X, y);
  const original = model.mid as nn.Linear;
  const base = noGrad(() => accuracy(model.forward(X), y));
  for (const r of rows) {
    const Wk = rankK(original.weight.detach(), r.k);
    const logits = noGrad(() => model.head.forward(model.inp.forward(X).relu().matmul(Wk.transpose(0, 1)).add(original.bias!).relu()));
    const right = (logits.argmax(1).eq(y).float().sum().item() as number) / y.shape[0]!;
    expectClose(r.accuracy, right, { atol: 0.003, rtol: 0, label: `accuracy at k = ${r.k}` });
    expectClose(r.delta, r.accuracy - base, { atol: 1e-12, rtol: 0, label: `delta at k = ${r.k}` });
  }
}, { taskId: "task-4" });

test("accuracy of the middle-layer table falls as k shrinks (within 0.01 between neighbours)", () => {
  const { model, X, y } = trained();
  const rows: RowLike[] = lowRankTable(model, "mid", KS, X, y);
  for (let i = 1; i < rows.length; i++) {
    expectTrue(rows[i - 1]!.accuracy <= rows[i]!.accuracy + 0.01, `accuracy at k = ${rows[i - 1]!.k} (${rows[i - 1]!.accuracy}) vs k = ${rows[i]!.k} (${rows[i]!.accuracy})`);
  }
  expectTrue(rows[0]!.delta < -0.2, `rank 1 should lose more than 0.2, delta = ${rows[0]!.delta}`);
}, { taskId: "task-4" });

test("lowRankTable with no ks returns [], and restores the layer when a k is invalid", () => {
  const { model, X, y } = trained();
  const original = model.mid;
  expectEqual(lowRankTable(model, "mid", [], X, y), [], "lowRankTable(model, \"mid\", [], X, y)");
  expectThrows(() => lowRankTable(model, "mid", [2, 99], X, y));
  expectTrue(model.mid === original, "after an error inside lowRankTable, model.mid must be the original nn.Linear again");
}, { taskId: "task-4" });

test("lowRankTable refuses to factor something that is not an nn.Linear", () => {
  const { model, X, y } = trained();
  const original = model.mid;
  model.mid = new nn.Sequential(new nn.Linear(HIDDEN, HIDDEN));
  try {
    expectThrows(() => lowRankTable(model, "mid", [2], X, y));
  } finally {
    model.mid = original;
  }
}, { taskId: "task-4" });

// ---- task 5 ----
const row = (k: number, delta: number): RowLike => ({ k, params: 0, multiplyAdds: 0, speedup: 0, accuracy: 0.5 + delta, delta });

test("kneeRank: unsorted rows, the boundary counts, and null when no rank is close enough", () => {
  const rows = [row(16, 0), row(2, -0.5), row(8, -0.25), row(4, -0.375)];
  expectEqual(kneeRank(rows, 0.25), 8, "delta = −0.25 is within a margin of 0.25");
  expectEqual(kneeRank(rows, 0.375), 4, "kneeRank(rows, 0.375)");
  expectEqual(kneeRank([row(2, -0.5), row(4, -0.25)], 0.125), null, "no row within 0.125");
  expectEqual(kneeRank([], 0.1), null, "no rows at all");
}, { taskId: "task-5" });

test("kneeRank takes the smallest qualifying k even when a larger k dips below the margin", () => {
  expectEqual(kneeRank([row(4, -0.005), row(6, -0.02), row(8, 0)], 0.01), 4, "kneeRank with a dip at k = 6");
}, { taskId: "task-5" });

test("kneeRank refuses a negative or missing margin", () => {
  expectThrows(() => kneeRank([row(1, 0)], -0.01));
  expectThrows(() => kneeRank([row(1, 0)], Number.NaN));
}, { taskId: "task-5" });

test("kneeRank on the middle-layer table with a 0.02 margin", () => {
  const { model, X, y } = trained();
  const rows: RowLike[] = lowRankTable(model, "mid", KS, X, y);
  const ok = rows.filter((r) => r.delta >= -0.02).map((r) => r.k);
  expectEqual(kneeRank(rows, 0.02), Math.min(...ok), `kneeRank over deltas [${rows.map((r) => r.delta.toFixed(3)).join(", ")}]`);
}, { taskId: "task-5" });
