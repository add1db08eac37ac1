// Scaled dot-product attention: the tests shown to the learner — each task against float64 loops on small inputs.
import { attentionScores, attentionWeights, causalMask, maskedSoftmax, paddingMask, scaledDotProductAttention } from "learner";
import { gradcheck, manualSeed, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectTrue, test } from "llmpath/testing";

// float32 results against float64 loops over a few products and exponentials: |a − e| ≤ 1e-5 + 1e-5·|e|.
const TOL = { atol: 1e-5, rtol: 1e-5 };

type M = number[][];
const m2 = (t: Tensor): M => t.tolist() as M;
const m3 = (t: Tensor): M[] => t.tolist() as M[];

/** q (Tq, D), k (Tk, D) -> q kᵀ / √D with plain loops. */
function loopScores(q: M, k: M): M {
  const D = q[0]!.length;
  return q.map((qi) => k.map((kj) => qi.reduce((s, x, d) => s + x * kj[d]!, 0) / Math.sqrt(D)));
}
/** Softmax of each row over the entries where allowed[i][j] is true; an all-false row gives zeros. */
function loopSoftmax(s: M, allowed?: boolean[][]): M {
  return s.map((row, i) => {
    const ok = row.map((_, j) => (allowed ? allowed[i]![j]! : true));
    const mx = Math.max(...row.filter((_, j) => ok[j]));
    const e = row.map((x, j) => (ok[j] ? Math.exp(x - mx) : 0));
    const z = e.reduce((a, b) => a + b, 0);
    return e.map((x) => (z === 0 ? 0 : x / z));
  });
}
const loopMatmul = (a: M, b: M): M => a.map((r) => b[0]!.map((_, j) => r.reduce((s, x, k) => s + x * b[k]![j]!, 0)));
const tril = (Tq: number, Tk: number): boolean[][] =>
  Array.from({ length: Tq }, (_, i) => Array.from({ length: Tk }, (_, j) => j <= i));

test("scores of a hand-made example: q kᵀ divided by √D = 2", () => {
  const q = tensor([[1, 0, 0, 0], [0, 2, 0, 0]]); // (2, 4)
  const k = tensor([[1, 1, 0, 0], [0, 0, 3, 0], [1, 0, 0, 1]]); // (3, 4)
  const s = attentionScores(q, k);
  expectShape(s, [2, 3]);
  expectClose(s, [[0.5, 0, 0.5], [1, 0, 0]], { ...TOL, label: "scores" });
}, { taskId: "task-1" });

test("scores of random batched q (2, 3, 5) and k (2, 4, 5) match loops", () => {
  manualSeed(11);
  const q = randn([2, 3, 5]);
  const k = randn([2, 4, 5]);
  const s = attentionScores(q, k);
  expectShape(s, [2, 3, 4]);
  expectClose(s, m3(q).map((qb, b) => loopScores(qb, m3(k)[b]!)), { ...TOL, label: "q kᵀ / √5" });
}, { taskId: "task-1" });

test("causalMask(4, 4) lets query i see keys 0..i", () => {
  const m = causalMask(4, 4);
  expectShape(m, [4, 4]);
  expectEqual(m.dtype, "bool", "dtype");
  expectEqual(m.tolist(), tril(4, 4), "mask values");
}, { taskId: "task-2" });

test("paddingMask([3, 1, 4], 4) marks the real tokens of each sequence", () => {
  const m = paddingMask([3, 1, 4], 4);
  expectShape(m, [3, 1, 4]);
  expectEqual(m.dtype, "bool", "dtype");
  expectEqual(
    m.tolist(),
    [[[true, true, true, false]], [[true, false, false, false]], [[true, true, true, true]]],
    "mask values",
  );
}, { taskId: "task-3" });

test("maskedSoftmax with no mask is the ordinary softmax of each row", () => {
  manualSeed(12);
  const s = randn([3, 5]).mul(3);
  const p = maskedSoftmax(s);
  expectShape(p, [3, 5]);
  expectClose(p, loopSoftmax(m2(s)), { ...TOL, label: "softmax(s)" });
  expectClose(p.sum(-1), [1, 1, 1], { ...TOL, label: "row sums" });
}, { taskId: "task-4" });

test("maskedSoftmax gives masked keys exactly 0 and renormalises over the rest", () => {
  manualSeed(13);
  const s = randn([3, 4]);
  const allowed = [[true, false, true, false], [false, false, false, true], [true, true, true, true]];
  const p = maskedSoftmax(s, tensor(allowed));
  expectClose(p, loopSoftmax(m2(s), allowed), { ...TOL, label: "masked softmax" });
  const flat = p.toFloat32Array();
  expectTrue(flat[1] === 0 && flat[3] === 0 && flat[4] === 0, "masked entries must be exactly 0, not just small");
}, { taskId: "task-4" });

test("a fully masked row returns zeros, not NaN", () => {
  const s = tensor([[0.3, -1.2, 2.0], [1.0, 2.0, 3.0]]);
  const allowed = tensor([[false, false, false], [true, true, false]]);
  const p = maskedSoftmax(s, allowed);
  expectTrue(p.toFloat32Array().every(Number.isFinite), "every weight must be finite (a plain softmax of an all −∞ row gives NaN)");
  expectClose(p, loopSoftmax(m2(s), m2(allowed) as unknown as boolean[][]), { ...TOL, label: "weights" });
}, { taskId: "task-4" });

test("causal attention on random q, k, v (1, 4, 3) matches loops; query 0 just copies v[0]", () => {
  manualSeed(14);
  const q = randn([1, 4, 3]);
  const k = randn([1, 4, 3]);
  const v = randn([1, 4, 2]);
  const out = scaledDotProductAttention(q, k, v, { causal: true });
  expectShape(out, [1, 4, 2]);
  const w = loopSoftmax(loopScores(m3(q)[0]!, m3(k)[0]!), tril(4, 4));
  expectClose(attentionWeights(q, k, { causal: true }), [w], { ...TOL, label: "weights" });
  expectClose(out, [loopMatmul(w, m3(v)[0]!)], { ...TOL, label: "output" });
  expectClose(out.narrow(1, 0, 1), v.narrow(1, 0, 1), { ...TOL, label: "output row 0 = v row 0" });
}, { taskId: "task-5" });

test("gradients of causal attention agree with finite differences (float64 gradcheck)", () => {
  manualSeed(15);
  const q = randn([2, 3, 4], { dtype: "float64", requiresGrad: true });
  const k = randn([2, 3, 4], { dtype: "float64", requiresGrad: true });
  const v = randn([2, 3, 2], { dtype: "float64", requiresGrad: true });
  const ok = gradcheck((a, b, c) => scaledDotProductAttention(a, b, c, { causal: true }), [q, k, v], { atol: 1e-6, rtol: 1e-4 });
  expectTrue(ok, "gradcheck failed");
}, { taskId: "task-5" });
