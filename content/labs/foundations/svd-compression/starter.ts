// SVD compression: fill in each TODO (README.en.md / README.zh.md has one task per function).
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
import { linalg, type Tensor } from "llmpath/tensor";

/** The truncated SVD of W: U (m, k), S (k), Vh (k, n), so that W ≈ U diag(S) Vh. */
export interface Factors {
  U: Tensor;
  S: Tensor;
  Vh: Tensor;
}

/**
 * Task 1: keep the k largest singular triplets of W (m, n). Use linalg.svd(W), then keep the first k columns of U,
 * the first k entries of S and the first k rows of Vh. Throw a RangeError unless k is an integer in [1, min(m, n)].
 */
export function lowRankFactors(W: Tensor, k: number): Factors {
  const { U, S, Vh } = linalg.svd(W); // U (m, r), S (r), Vh (r, n) with r = min(m, n), S descending
  return { U, S, Vh }; // TODO: keep only the first k of the r triplets, and check k
}

/** Task 2: W_k = U diag(S) Vh, an (m, n) matrix. */
export function reconstruct(f: Factors): Tensor {
  throw new Error("TODO: reconstruct");
}

/** Task 3: how many numbers the factors U, S and Vh hold together. */
export function storedValues(m: number, n: number, k: number): number {
  return m * n; // TODO: this is what the article effectively counts — the size of W_k, not of the factors
}

/** Task 3: the fraction of W's m·n values saved by storing the factors instead (negative when factoring costs more). */
export function savedFraction(m: number, n: number, k: number): number {
  throw new Error("TODO: savedFraction");
}

/** Task 3: the largest k whose factors store strictly fewer values than W (0 when no rank saves anything). */
export function breakEvenRank(m: number, n: number): number {
  throw new Error("TODO: breakEvenRank");
}

/** Task 4: ‖W − W_k‖_F, measured on the reconstruction. */
export function frobeniusError(W: Tensor, k: number): number {
  throw new Error("TODO: frobeniusError");
}

/** Task 5: the smallest k whose first k singular values hold at least `energy` of Σσ². S is descending. */
export function chooseRank(S: Tensor, energy: number): number {
  throw new Error("TODO: chooseRank");
}

/** Task 6: multiply-adds of computing Vh x, then U times the scaled result (the k scalings are not counted). */
export function factoredMatVecCost(m: number, n: number, k: number): number {
  throw new Error("TODO: factoredMatVecCost");
}

/** Task 6: y = W_k x without building W_k: first Vh x, then scale by S, then multiply by U. */
export function factoredMatVec(f: Factors, x: Tensor): Tensor {
  throw new Error("TODO: factoredMatVec");
}
