// Low-rank inference: the tests shown to the learner — factoring a Linear layer, the cost accounting, accuracy, and a
// table over k for an MLP trained here (seeded, a couple of seconds) on synthetic data with a 6-dimensional signal.
import { accuracy, factorLinear, kneeRank, lowRankCost, lowRankTable } from "learner";
import { F, linalg, manualSeed, nn, noGrad, optim, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectThrows, expectTrue, test } from "llmpath/testing";

// The factors come from a float32 SVD; a rebuilt weight or a layer output stays within 1e-4 of the reference.
const TOL = { atol: 1e-4, rtol: 1e-4 };

// ---- the model and its data (also what the README describes) ----
/** Inputs are a 6-dimensional latent z (per-coordinate scales below) mixed into 32 features plus small noise; the
 * label is the argmax of 8 random linear scores of z. Only 6 input directions matter, so fc1 needs rank ≈ 6. */
const LATENT_SCALE = [3, 2.2, 1.6, 1.2, 0.9, 0.6];
const D_IN = 32;
const HIDDEN = 64;
const CLASSES = 8;

function makeData(n: number, mix: Tensor, scores: Tensor): { X: Tensor; y: Tensor } {
  const z = randn([n, LATENT_SCALE.length]).mul(tensor(LATENT_SCALE)); // (n, 6)
  const X = z.matmul(mix).add(randn([n, D_IN]).mul(0.1)); // (n, 32)
  const y = z.matmul(scores).argmax(1).int(); // (n) class ids
  return { X, y };
}

class MLP extends nn.Module {
  fc1: { forward(x: Tensor): Tensor };
  fc2: nn.Linear;
  constructor() {
    super();
    this.fc1 = new nn.Linear(D_IN, HIDDEN); // weight (64, 32): the layer we factor
    this.fc2 = new nn.Linear(HIDDEN, CLASSES);
  }
  forward(x: Tensor): Tensor {
    return this.fc2.forward(this.fc1.forward(x).relu()); // (N, 32) -> (N, 64) -> (N, 8)
  }
}

interface Trained {
  model: MLP;
  X: Tensor;
  y: Tensor;
}

/** Adam, 200 steps of batch 256 over 2 048 training rows; evaluated on 1 000 held-out rows. Deterministic per seed. */
function train(seed: number): Trained {
  manualSeed(seed);
  const mix = randn([LATENT_SCALE.length, D_IN]).div(Math.sqrt(LATENT_SCALE.length));
  const scores = randn([LATENT_SCALE.length, CLASSES]);
  const data = makeData(2048, mix, scores);
  const held = makeData(1000, mix, scores);
  const model = new MLP();
  const opt = new optim.Adam(model.parameters(), { lr: 0.02 });
  for (let step = 0; step < 200; step++) {
    const start = (step * 256) % 2048;
    const loss = F.crossEntropy(model.forward(data.X.narrow(0, start, 256)), data.y.narrow(0, start, 256));
    opt.zeroGrad();
    loss.backward();
    opt.step();
  }
  return { model, X: held.X, y: held.y };
}

let cached: Trained | undefined;
const trained = (): Trained => (cached ??= train(1));
const KS = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32];

/** Rank-k reconstruction U_k diag(S_k) Vh_k, computed here so the checks do not rely on the learner's factors. */
function rankK(W: Tensor, k: number): Tensor {
  const { U, S, Vh } = linalg.svd(W);
  return U.narrow(1, 0, k).mul(S.narrow(0, 0, k)).matmul(Vh.narrow(0, 0, k));
}
const children = (seq: nn.Sequential): [nn.Linear, nn.Linear] => [seq.at(0) as nn.Linear, seq.at(1) as nn.Linear];

// ---- task 1 ----
test("factorLinear(Linear(12 → 8), 3) gives Linear(12 → 3, no bias) then Linear(3 → 8) with the bias", () => {
  manualSeed(41);
  const layer = new nn.Linear(12, 8);
  const seq = factorLinear(layer, 3);
  expectTrue(seq instanceof nn.Sequential && seq.length === 2, "factorLinear must return an nn.Sequential of two layers");
  const [first, second] = children(seq);
  expectShape(first.weight, [3, 12], "first.weight (k, in)");
  expectShape(second.weight, [8, 3], "second.weight (out, k)");
  expectTrue(first.bias === null, "the first factor has no bias (a bias there would be a different model)");
  expectClose(second.bias, layer.bias, { atol: 0, rtol: 0, label: "second.bias = the original bias" });
  expectClose(second.weight.matmul(first.weight), rankK(layer.weight, 3), { ...TOL, label: "second.weight @ first.weight = W_3" });
}, { taskId: "task-1" });

test("the factored layer computes x W_kᵀ + b, and at full rank the original layer's output", () => {
  manualSeed(42);
  const layer = new nn.Linear(10, 6);
  const x = randn([5, 10]);
  const b = layer.bias!;
  noGrad(() => {
    expectClose(factorLinear(layer, 2).forward(x), x.matmul(rankK(layer.weight, 2).transpose(0, 1)).add(b), { ...TOL, label: "rank 2 forward" });
    expectClose(factorLinear(layer, 6).forward(x), layer.forward(x), { ...TOL, label: "rank 6 = full rank forward" });
  });
}, { taskId: "task-1" });

test("factorLinear refuses k = 0, k > min(out, in) and a fractional k", () => {
  manualSeed(43);
  const layer = new nn.Linear(5, 4);
  expectThrows(() => factorLinear(layer, 0));
  expectThrows(() => factorLinear(layer, 5));
  expectThrows(() => factorLinear(layer, 1.5));
}, { taskId: "task-1" });

// ---- task 2 ----
test("lowRankCost of a (64, 32) layer with bias at k = 4 and k = 32", () => {
  expectEqual(lowRankCost(64, 32, 4), { params: 4 * 96 + 64, multiplyAdds: 384, speedup: 2048 / 384 }, "lowRankCost(64, 32, 4)");
  expectEqual(lowRankCost(64, 32, 32), { params: 32 * 96 + 64, multiplyAdds: 3072, speedup: 2048 / 3072 }, "lowRankCost(64, 32, 32): full rank is slower than dense");
}, { taskId: "task-2" });

test("lowRankCost of a 768×768 layer without bias at k = 128: 3× fewer multiply-adds", () => {
  expectEqual(lowRankCost(768, 768, 128, false), { params: 196608, multiplyAdds: 196608, speedup: 3 }, "lowRankCost(768, 768, 128, false)");
}, { taskId: "task-2" });

// ---- task 3 ----
test("accuracy counts rows whose argmax is the label", () => {
  const logits = tensor([[1, 2], [3, 0], [0, 0.5], [2, -1]]);
  expectClose(accuracy(logits, tensor([1, 0, 0, 0], { dtype: "int32" })), 0.75, { atol: 0, rtol: 0, label: "3 of 4 right" });
  expectClose(accuracy(logits, tensor([1, 0, 1, 0], { dtype: "int32" })), 1, { atol: 0, rtol: 0, label: "4 of 4 right" });
}, { taskId: "task-3" });

// ---- task 4 ----
test("the trained MLP is a sensible baseline (> 85% held-out accuracy)", () => {
  const { model, X, y } = trained();
  const base = noGrad(() => accuracy(model.forward(X), y));
  expectTrue(base > 0.85, `held-out accuracy of the trained model is ${base}`);
}, { taskId: "task-3" });

test("lowRankTable: one row per k, in order, with exact accounting for the (64, 32) layer", () => {
  const { model, X, y } = trained();
  const rows = lowRankTable(model, "fc1", KS, X, y);
  expectEqual(rows.map((r: { k: number }) => r.k), KS, "the k of each row");
  for (const r of rows) {
    expectEqual(r.params, r.k * (64 + 32) + 64, `params at k = ${r.k}`);
    expectEqual(r.multiplyAdds, r.k * (64 + 32), `multiplyAdds at k = ${r.k}`);
    expectClose(r.speedup, (64 * 32) / (r.k * 96), { atol: 0, rtol: 1e-12, label: `speedup at k = ${r.k}` });
  }
}, { taskId: "task-4" });

test("lowRankTable: delta is measured against the original model, and full rank reproduces it (|delta| ≤ 0.002)", () => {
  const { model, X, y } = trained();
  const base = noGrad(() => accuracy(model.forward(X), y));
  const rows = lowRankTable(model, "fc1", KS, X, y);
  for (const r of rows) expectClose(r.accuracy - r.delta, base, { atol: 1e-12, rtol: 0, label: `accuracy − delta at k = ${r.k} = baseline` });
  const full = rows[rows.length - 1]!;
  expectTrue(Math.abs(full.delta) <= 0.002, `at full rank k = 32 the accuracy must match the original within 0.002 (2 of 1 000 rows), delta = ${full.delta}`);
}, { taskId: "task-4" });

test("lowRankTable: accuracy falls as k shrinks (within 0.01 between neighbours) and rank 1 loses more than 0.2", () => {
  const { model, X, y } = trained();
  const rows = lowRankTable(model, "fc1", KS, X, y);
  for (let i = 1; i < rows.length; i++) {
    const [small, large] = [rows[i - 1]!, rows[i]!];
    expectTrue(small.accuracy <= large.accuracy + 0.01, `accuracy at k = ${small.k} (${small.accuracy}) should not beat k = ${large.k} (${large.accuracy}) by more than 0.01`);
  }
  expectTrue(rows[0]!.delta < -0.2, `rank 1 keeps one input direction of six; its delta should be below −0.2, got ${rows[0]!.delta}`);
}, { taskId: "task-4" });

test("lowRankTable puts the original layer back", () => {
  const { model, X, y } = trained();
  const original = model.fc1;
  lowRankTable(model, "fc1", [2, 5], X, y);
  expectTrue(model.fc1 === original, "after lowRankTable, model.fc1 must be the original nn.Linear again");
}, { taskId: "task-4" });

// ---- task 5 ----
const row = (k: number, delta: number) => ({ k, params: 0, multiplyAdds: 0, speedup: 0, accuracy: 0.9 + delta, delta });

test("kneeRank picks the smallest k within the margin (delta ≥ −margin)", () => {
  const rows = [row(1, -0.4), row(2, -0.2), row(4, -0.03), row(6, -0.008), row(8, -0.001), row(16, 0)];
  expectEqual(kneeRank(rows, 0.01), 6, "kneeRank(rows, 0.01)");
  expectEqual(kneeRank(rows, 0.05), 4, "kneeRank(rows, 0.05)");
  expectEqual(kneeRank(rows, 0), 16, "kneeRank(rows, 0): only no loss at all");
}, { taskId: "task-5" });

test("kneeRank on the trained table: within 0.01 of the original, every smaller k is not", () => {
  const { model, X, y } = trained();
  const rows = lowRankTable(model, "fc1", KS, X, y);
  const knee = kneeRank(rows, 0.01);
  const expected = rows.filter((r: { delta: number }) => r.delta >= -0.01).map((r: { k: number }) => r.k);
  expectEqual(knee, Math.min(...expected), `kneeRank over deltas [${rows.map((r: { delta: number }) => r.delta.toFixed(3)).join(", ")}]`);
}, { taskId: "task-5" });
