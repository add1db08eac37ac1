// einsum drills: the tests shown to the learner — each function against explicit loops on seeded random tensors.
import { EQUATIONS, attentionScores, batchedMatmul, bilinear, diagonal, matmul, outer, rowSums, trace, transpose } from "learner";
import { einsum, manualSeed, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectShape, expectTrue, test } from "llmpath/testing";

// float32 results against float64 loops over a handful of products: |a − e| ≤ 1e-5 + 1e-5·|e|.
const TOL = { atol: 1e-5, rtol: 1e-5 };

type M = number[][];
const m2 = (t: Tensor): M => t.tolist() as M;
const m3 = (t: Tensor): M[] => t.tolist() as M[];
const m4 = (t: Tensor): M[][] => t.tolist() as M[][];
const v1 = (t: Tensor): number[] => t.tolist() as number[];
const grid = <T>(rows: number, cols: number, f: (i: number, j: number) => T): T[][] =>
  Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => f(i, j)));
const dot = (n: number, f: (k: number) => number): number => {
  let s = 0;
  for (let k = 0; k < n; k++) s += f(k);
  return s;
};
/** Loop reference for A (m, k) @ B (k, n). */
const loopMatmul = (a: M, b: M): M => grid(a.length, b[0]!.length, (i, j) => dot(b.length, (k) => a[i]![k]! * b[k]![j]!));

test("worked example: matmul (3, 4) @ (4, 2) matches loops", () => {
  manualSeed(1);
  const A = randn([3, 4]);
  const B = randn([4, 2]);
  const C = matmul(A, B);
  expectShape(C, [3, 2]);
  expectClose(C, loopMatmul(m2(A), m2(B)), { ...TOL, label: "A @ B" });
});

test("trace of a random 5×5 matrix is the sum of its diagonal", () => {
  manualSeed(2);
  const A = randn([5, 5]);
  const t = trace(A);
  expectShape(t, [], "trace returns a 0-d tensor, like torch.einsum('ii->', A)");
  const a = m2(A);
  expectClose(t, dot(5, (i) => a[i]![i]!), { ...TOL, label: "trace(A)" });
}, { taskId: "task-1" });

test("diagonal of a random 4×4 matrix", () => {
  manualSeed(3);
  const A = randn([4, 4]);
  const d = diagonal(A);
  expectShape(d, [4]);
  const a = m2(A);
  expectClose(d, a.map((row, i) => row[i]!), { ...TOL, label: "diagonal(A)" });
}, { taskId: "task-2" });

test("transpose of a random 3×5 matrix", () => {
  manualSeed(4);
  const A = randn([3, 5]);
  const T = transpose(A);
  expectShape(T, [5, 3]);
  const a = m2(A);
  expectClose(T, grid(5, 3, (i, j) => a[j]![i]!), { ...TOL, label: "transpose(A)" });
}, { taskId: "task-3" });

test("row sums of a random 4×6 matrix", () => {
  manualSeed(5);
  const A = randn([4, 6]);
  const r = rowSums(A);
  expectShape(r, [4]);
  expectClose(r, m2(A).map((row) => dot(row.length, (j) => row[j]!)), { ...TOL, label: "rowSums(A)" });
}, { taskId: "task-4" });

test("batched matmul (2, 3, 4) @ (2, 4, 5) matches one loop product per batch entry", () => {
  manualSeed(6);
  const A = randn([2, 3, 4]);
  const B = randn([2, 4, 5]);
  const C = batchedMatmul(A, B);
  expectShape(C, [2, 3, 5]);
  const a = m3(A);
  const b = m3(B);
  expectClose(C, a.map((ai, n) => loopMatmul(ai, b[n]!)), { ...TOL, label: "batchedMatmul(A, B)" });
}, { taskId: "task-5" });

test("outer product of [1, 2, 3] and [4, 5]", () => {
  const P = outer(tensor([1, 2, 3]), tensor([4, 5]));
  expectShape(P, [3, 2]);
  expectClose(P, [[4, 5], [8, 10], [12, 15]], { atol: 0, rtol: 0, label: "outer(u, v)" });
}, { taskId: "task-6" });

test("bilinear form xᵀ A y for a batch of 4 with A (3, 5)", () => {
  manualSeed(7);
  const x = randn([4, 3]);
  const A = randn([3, 5]);
  const y = randn([4, 5]);
  const out = bilinear(x, A, y);
  expectShape(out, [4]);
  const [xs, a, ys] = [m2(x), m2(A), m2(y)];
  const expected = xs.map((xb, b) => dot(3, (i) => dot(5, (j) => xb[i]! * a[i]![j]! * ys[b]![j]!)));
  expectClose(out, expected, { ...TOL, label: "bilinear(x, A, y)" });
}, { taskId: "task-7" });

test("attention scores for q (2, 2, 3, 4) and k (2, 2, 5, 4)", () => {
  manualSeed(8);
  const q = randn([2, 2, 3, 4]);
  const k = randn([2, 2, 5, 4]);
  const s = attentionScores(q, k);
  expectShape(s, [2, 2, 3, 5]);
  const [qs, ks] = [m4(q), m4(k)];
  const expected = qs.map((qb, b) => qb.map((qh, h) => grid(3, 5, (i, j) => dot(4, (d) => qh[i]![d]! * ks[b]![h]![j]![d]!))));
  expectClose(s, expected, { ...TOL, label: "attentionScores(q, k)" });
}, { taskId: "task-8" });

test("which equation: matVec, gram and frobeniusInner", () => {
  manualSeed(9);
  const W = randn([3, 4]);
  const x = randn([4]);
  const w = m2(W);
  const xs = v1(x);
  expectClose(einsum(EQUATIONS.matVec, W, x), w.map((row) => dot(4, (j) => row[j]! * xs[j]!)), { ...TOL, label: `matVec "${EQUATIONS.matVec}"` });
  const X = randn([5, 3]);
  const xm = m2(X);
  expectClose(einsum(EQUATIONS.gram, X, X), grid(3, 3, (i, j) => dot(5, (n) => xm[n]![i]! * xm[n]![j]!)), { ...TOL, label: `gram "${EQUATIONS.gram}"` });
  const B = randn([3, 4]);
  const b = m2(B);
  const inner = dot(3, (i) => dot(4, (j) => w[i]![j]! * b[i]![j]!));
  expectClose(einsum(EQUATIONS.frobeniusInner, W, B), inner, { ...TOL, label: `frobeniusInner "${EQUATIONS.frobeniusInner}"` });
}, { taskId: "task-9" });

test("which equation: linear, weightedValues and matmulImplicit", () => {
  manualSeed(10);
  const x = randn([2, 3, 4]);
  const W = randn([5, 4]);
  const w = m2(W);
  const expectedLinear = m3(x).map((xb) => xb.map((xt) => w.map((wo) => dot(4, (i) => xt[i]! * wo[i]!))));
  expectClose(einsum(EQUATIONS.linear, x, W), expectedLinear, { ...TOL, label: `linear "${EQUATIONS.linear}"` });
  const P = randn([2, 2, 3, 5]);
  const V = randn([2, 2, 5, 4]);
  const vs = m4(V);
  const expectedPV = m4(P).map((pb, b) => pb.map((ph, h) => loopMatmul(ph, vs[b]![h]!)));
  expectClose(einsum(EQUATIONS.weightedValues, P, V), expectedPV, { ...TOL, label: `weightedValues "${EQUATIONS.weightedValues}"` });
  expectTrue(!EQUATIONS.matmulImplicit.includes("->"), `matmulImplicit must be written in implicit mode (no "->"), got "${EQUATIONS.matmulImplicit}"`);
  const A = randn([3, 4]);
  const B = randn([4, 2]);
  expectClose(einsum(EQUATIONS.matmulImplicit, A, B), loopMatmul(m2(A), m2(B)), { ...TOL, label: `matmulImplicit "${EQUATIONS.matmulImplicit}"` });
}, { taskId: "task-9" });
