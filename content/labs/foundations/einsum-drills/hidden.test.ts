// einsum drills: tests run at grading only — other shapes, edge cases and identities the visible tests do not cover.
import { EQUATIONS, attentionScores, batchedMatmul, bilinear, diagonal, outer, rowSums, trace, transpose } from "learner";
import { einsum, eye, manualSeed, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectShape, expectThrows, test } from "llmpath/testing";

// float32 results against float64 loops: |a − e| ≤ 1e-5 + 1e-5·|e|.
const TOL = { atol: 1e-5, rtol: 1e-5 };

type M = number[][];
const m2 = (t: Tensor): M => t.tolist() as M;
const m3 = (t: Tensor): M[] => t.tolist() as M[];
const grid = <T>(rows: number, cols: number, f: (i: number, j: number) => T): T[][] =>
  Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => f(i, j)));
const dot = (n: number, f: (k: number) => number): number => {
  let s = 0;
  for (let k = 0; k < n; k++) s += f(k);
  return s;
};
const loopMatmul = (a: M, b: M): M => grid(a.length, b[0]!.length, (i, j) => dot(b.length, (k) => a[i]![k]! * b[k]![j]!));

test("trace of the 7×7 identity is 7, of a 1×1 matrix its only entry", () => {
  expectClose(trace(eye(7)), 7, { atol: 0, rtol: 0, label: "trace(I₇)" });
  expectClose(trace(tensor([[-2.5]])), -2.5, { atol: 0, rtol: 0, label: "trace([[-2.5]])" });
}, { taskId: "task-1" });

test("trace is invariant under transposition and linear: tr(A + 2B) = tr(A) + 2 tr(B)", () => {
  manualSeed(101);
  const A = randn([6, 6]);
  const B = randn([6, 6]);
  expectClose(trace(A.transpose(0, 1)), trace(A), { ...TOL, label: "tr(Aᵀ) vs tr(A)" });
  expectClose(trace(A.add(B.mul(2))), trace(A).item() + 2 * trace(B).item(), { ...TOL, label: "tr(A + 2B)" });
}, { taskId: "task-1" });

test("trace of a non-square matrix is an error (the label i cannot be 2 and 3 at once)", () => {
  expectThrows(() => trace(randn([2, 3])));
}, { taskId: "task-1" });

test("diagonal of a 1×1 and of a random 6×6 matrix", () => {
  expectClose(diagonal(tensor([[3]])), [3], { atol: 0, rtol: 0, label: "diagonal([[3]])" });
  manualSeed(102);
  const A = randn([6, 6]);
  const a = m2(A);
  expectShape(diagonal(A), [6]);
  expectClose(diagonal(A), a.map((r, i) => r[i]!), { ...TOL, label: "diagonal(A)" });
}, { taskId: "task-2" });

test("transpose of a row vector (1, 7) is a column (7, 1), and transposing twice gives A back", () => {
  manualSeed(103);
  const r = randn([1, 7]);
  expectShape(transpose(r), [7, 1]);
  expectClose(transpose(r), m2(r)[0]!.map((x) => [x]), { ...TOL, label: "transpose(row)" });
  const A = randn([4, 9]);
  expectClose(transpose(transpose(A)), A, { atol: 0, rtol: 0, label: "transpose(transpose(A))" });
}, { taskId: "task-3" });

test("row sums of a single row (1, 8) and of a single column (5, 1)", () => {
  manualSeed(104);
  const r = randn([1, 8]);
  expectShape(rowSums(r), [1]);
  expectClose(rowSums(r), [dot(8, (j) => m2(r)[0]![j]!)], { ...TOL, label: "rowSums(row)" });
  const c = randn([5, 1]);
  expectClose(rowSums(c), m2(c).map((row) => row[0]!), { ...TOL, label: "rowSums(column)" });
}, { taskId: "task-4" });

test("batched matmul with batch 1, with inner size 1 and with a wide batch of 5", () => {
  manualSeed(105);
  const cases: Array<[number[], number[]]> = [
    [[1, 4, 3], [1, 3, 6]],
    [[3, 2, 1], [3, 1, 4]],
    [[5, 3, 7], [5, 7, 2]],
  ];
  for (const [sa, sb] of cases) {
    const A = randn(sa);
    const B = randn(sb);
    const C = batchedMatmul(A, B);
    expectShape(C, [sa[0]!, sa[1]!, sb[2]!]);
    const b = m3(B);
    expectClose(C, m3(A).map((ai, n) => loopMatmul(ai, b[n]!)), { ...TOL, label: `batchedMatmul ${JSON.stringify(sa)} @ ${JSON.stringify(sb)}` });
  }
}, { taskId: "task-5" });

test("batched matmul refuses mismatched inner sizes", () => {
  expectThrows(() => batchedMatmul(randn([2, 3, 4]), randn([2, 5, 6])));
}, { taskId: "task-5" });

test("outer product with a length-1 vector and on random vectors", () => {
  expectClose(outer(tensor([2]), tensor([1, -1, 0.5])), [[2, -2, 1]], { atol: 0, rtol: 0, label: "outer([2], v)" });
  manualSeed(106);
  const u = randn([6]);
  const v = randn([4]);
  const [us, vs] = [u.tolist() as number[], v.tolist() as number[]];
  expectClose(outer(u, v), grid(6, 4, (i, j) => us[i]! * vs[j]!), { ...TOL, label: "outer(u, v)" });
}, { taskId: "task-6" });

test("bilinear with A = I is the row-wise dot product x·y", () => {
  manualSeed(107);
  const x = randn([3, 4]);
  const y = randn([3, 4]);
  const [xs, ys] = [m2(x), m2(y)];
  expectClose(bilinear(x, eye(4), y), xs.map((xb, b) => dot(4, (i) => xb[i]! * ys[b]![i]!)), { ...TOL, label: "bilinear(x, I, y)" });
}, { taskId: "task-7" });

test("bilinear with batch 1 and a tall A (6, 2)", () => {
  manualSeed(108);
  const x = randn([1, 6]);
  const A = randn([6, 2]);
  const y = randn([1, 2]);
  const out = bilinear(x, A, y);
  expectShape(out, [1]);
  const [xs, a, ys] = [m2(x)[0]!, m2(A), m2(y)[0]!];
  expectClose(out, [dot(6, (i) => dot(2, (j) => xs[i]! * a[i]![j]! * ys[j]!))], { ...TOL, label: "bilinear(x, A, y)" });
}, { taskId: "task-7" });

test("attention scores with 3 heads and Tq ≠ Tk equal q @ kᵀ", () => {
  manualSeed(109);
  const q = randn([1, 3, 4, 8]);
  const k = randn([1, 3, 6, 8]);
  const s = attentionScores(q, k);
  expectShape(s, [1, 3, 4, 6]);
  expectClose(s, q.matmul(k.transpose(-2, -1)), { ...TOL, label: "attentionScores vs q @ kᵀ" });
}, { taskId: "task-8" });

test("self-attention scores of q with itself are symmetric in the last two dims", () => {
  manualSeed(110);
  const q = randn([2, 2, 5, 3]);
  const s = attentionScores(q, q);
  expectClose(s, s.transpose(-2, -1), { ...TOL, label: "scores vs scoresᵀ" });
}, { taskId: "task-8" });

test("which equation: every entry on other shapes", () => {
  manualSeed(111);
  const W = randn([6, 2]);
  const x = randn([2]);
  expectShape(einsum(EQUATIONS.matVec, W, x), [6], `matVec "${EQUATIONS.matVec}"`);
  expectClose(einsum(EQUATIONS.matVec, W, x), W.matmul(x), { ...TOL, label: `matVec "${EQUATIONS.matVec}"` });
  const X = randn([3, 7]);
  expectClose(einsum(EQUATIONS.gram, X, X), X.transpose(0, 1).matmul(X), { ...TOL, label: `gram "${EQUATIONS.gram}" on (3, 7)` });
  const A = randn([2, 9]);
  const B = randn([2, 9]);
  expectClose(einsum(EQUATIONS.frobeniusInner, A, B), A.mul(B).sum(), { ...TOL, label: `frobeniusInner "${EQUATIONS.frobeniusInner}"` });
  const xs = randn([3, 1, 6]);
  const Wl = randn([2, 6]);
  expectClose(einsum(EQUATIONS.linear, xs, Wl), xs.matmul(Wl.transpose(0, 1)), { ...TOL, label: `linear "${EQUATIONS.linear}" on (3, 1, 6)` });
  const P = randn([1, 3, 2, 4]);
  const V = randn([1, 3, 4, 5]);
  expectClose(einsum(EQUATIONS.weightedValues, P, V), P.matmul(V), { ...TOL, label: `weightedValues "${EQUATIONS.weightedValues}"` });
  const L = randn([5, 1]);
  const R = randn([1, 3]);
  expectClose(einsum(EQUATIONS.matmulImplicit, L, R), L.matmul(R), { ...TOL, label: `matmulImplicit "${EQUATIONS.matmulImplicit}"` });
}, { taskId: "task-9" });
