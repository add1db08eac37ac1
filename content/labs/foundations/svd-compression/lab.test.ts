// SVD compression: the tests shown to the learner — factors, storage accounting, Eckart–Young error, rank choice, factored mat-vec.
import {
  breakEvenRank,
  chooseRank,
  factoredMatVec,
  factoredMatVecCost,
  frobeniusError,
  lowRankFactors,
  reconstruct,
  savedFraction,
  storedValues,
} from "learner";
import { eye, linalg, manualSeed, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectTrue, test } from "llmpath/testing";

// Factors come from a float32 SVD; products of a few dozen float32 terms stay within 1e-4 of the float64 answer.
const TOL = { atol: 1e-4, rtol: 1e-4 };

/** √(σ²_{k+1} + … + σ²_r): the Eckart–Young error of the best rank-k approximation. */
function droppedEnergy(W: Tensor, k: number): number {
  const s = linalg.svd(W).S.tolist() as number[];
  return Math.sqrt(s.slice(k).reduce((acc, v) => acc + v * v, 0));
}

/** Rank-k factors built here with linalg.svd, so tasks 2 and 6 can be checked without relying on task 1. */
function factorsOf(W: Tensor, k: number): { U: Tensor; S: Tensor; Vh: Tensor } {
  const { U, S, Vh } = linalg.svd(W);
  return { U: U.narrow(1, 0, k), S: S.narrow(0, 0, k), Vh: Vh.narrow(0, 0, k) };
}

test("lowRankFactors keeps U (12, 3), S (3), Vh (3, 8) with orthonormal columns and rows", () => {
  manualSeed(21);
  const W = randn([12, 8]);
  const f = lowRankFactors(W, 3);
  expectShape(f.U, [12, 3], "U");
  expectShape(f.S, [3], "S");
  expectShape(f.Vh, [3, 8], "Vh");
  const all = linalg.svd(W).S.tolist() as number[];
  expectClose(f.S, all.slice(0, 3), { ...TOL, label: "S = the 3 largest singular values, descending" });
  expectClose(f.U.transpose(0, 1).matmul(f.U), eye(3), { ...TOL, label: "Uᵀ U = I" });
  expectClose(f.Vh.matmul(f.Vh.transpose(0, 1)), eye(3), { ...TOL, label: "Vh Vhᵀ = I" });
}, { taskId: "task-1" });

test("reconstruct at full rank gives W back", () => {
  manualSeed(22);
  const W = randn([6, 5]);
  expectClose(reconstruct(factorsOf(W, 5)), W, { ...TOL, label: "U diag(S) Vh at k = 5" });
}, { taskId: "task-2" });

test("reconstruct recovers a matrix of rank 2 exactly from k = 2", () => {
  manualSeed(23);
  const W = randn([7, 2]).matmul(randn([2, 9])); // rank 2 by construction
  expectClose(reconstruct(factorsOf(W, 2)), W, { ...TOL, label: "rank-2 W from 2 singular triplets" });
}, { taskId: "task-2" });

test("the reconstruction is as large as W: counting its entries always shows 0% saved", () => {
  manualSeed(24);
  const W = randn([10, 8]);
  const Wk = reconstruct(factorsOf(W, 2));
  expectShape(Wk, [10, 8], "W_k has W's shape");
  const naive = (W.numel() - Wk.numel()) / W.numel(); // what comparing W.nbytes with W_approx.nbytes measures
  expectEqual(naive, 0, "(size of W − size of W_k) / size of W");
}, { taskId: "task-2" });

test("768×768 at k = 128: 196 736 stored values, 66.6% saved (PyTorch golden)", () => {
  // test/fixtures/goldens/linalg.json, case seed_article_svd_accounting: dense 589 824, factored 196 736.
  expectEqual(storedValues(768, 768, 128), 196736, "storedValues(768, 768, 128)");
  expectClose(savedFraction(768, 768, 128), 0.6664496527777778, { atol: 1e-12, rtol: 0, label: "savedFraction(768, 768, 128)" });
}, { taskId: "task-3" });

test("storedValues of a tall 10×6 matrix at k = 2 is 2·(10 + 6 + 1) = 34", () => {
  expectEqual(storedValues(10, 6, 2), 34, "storedValues(10, 6, 2)");
  expectClose(savedFraction(10, 6, 2), 1 - 34 / 60, { atol: 1e-12, rtol: 0, label: "savedFraction(10, 6, 2)" });
}, { taskId: "task-3" });

test("break-even rank of 768×768 is 383: rank 384 already stores more than W", () => {
  expectEqual(breakEvenRank(768, 768), 383, "breakEvenRank(768, 768)");
  expectTrue(savedFraction(768, 768, 384) < 0, `at k = 384 the factors hold ${storedValues(768, 768, 384)} values, more than 589 824`);
}, { taskId: "task-3" });

test("frobeniusError equals √(sum of the dropped σ²) for k = 1, 3, 5 (Eckart–Young)", () => {
  manualSeed(25);
  const W = randn([9, 7]);
  for (const k of [1, 3, 5]) {
    expectClose(frobeniusError(W, k), droppedEnergy(W, k), { ...TOL, label: `‖W − W_k‖_F at k = ${k}` });
  }
}, { taskId: "task-4" });

test("chooseRank keeps the smallest k reaching the energy target", () => {
  const S = tensor([3, 2, 1, 0.5]); // σ² = 9, 4, 1, 0.25 — total 14.25
  expectEqual(chooseRank(S, 0.5), 1, "chooseRank([3, 2, 1, 0.5], 0.5): 9/14.25 ≥ 0.5");
  expectEqual(chooseRank(S, 0.9), 2, "chooseRank([3, 2, 1, 0.5], 0.9): 13/14.25 ≥ 0.9 > 9/14.25");
  expectEqual(chooseRank(S, 0.99), 4, "chooseRank([3, 2, 1, 0.5], 0.99): 14/14.25 < 0.99");
}, { taskId: "task-5" });

test("factoredMatVecCost: 768×768 at k = 128 costs 196 608 multiply-adds instead of 589 824", () => {
  expectEqual(factoredMatVecCost(768, 768, 128), 196608, "factoredMatVecCost(768, 768, 128)");
  expectEqual(factoredMatVecCost(10, 6, 2), 32, "factoredMatVecCost(10, 6, 2)");
}, { taskId: "task-6" });

test("factoredMatVec(f, x) equals W_k x", () => {
  manualSeed(26);
  const W = randn([8, 6]);
  const x = randn([6]);
  const f = factorsOf(W, 3);
  const y = factoredMatVec(f, x);
  expectShape(y, [8]);
  expectClose(y, f.U.mul(f.S).matmul(f.Vh).matmul(x), { ...TOL, label: "U (S ⊙ (Vh x)) vs W_k x" });
}, { taskId: "task-6" });
