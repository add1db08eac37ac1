// SVD compression: reference solution — rank-k factors, what they cost to store and to apply, and what they lose.
import { linalg, type Tensor } from "llmpath/tensor";

/** The truncated SVD of W: U (m, k), S (k), Vh (k, n), so that W ≈ U diag(S) Vh. */
export interface Factors {
  U: Tensor;
  S: Tensor;
  Vh: Tensor;
}

function checkRank(where: string, m: number, n: number, k: number): void {
  if (!Number.isInteger(k) || k < 1 || k > Math.min(m, n)) {
    throw new RangeError(`${where}: rank k must be an integer from 1 to min(m, n) = ${Math.min(m, n)} for a ${m}×${n} matrix, got ${k}`);
  }
}

function matrixShape(where: string, W: Tensor): [number, number] {
  if (W.shape.length !== 2) throw new RangeError(`${where}: W must be a matrix (2-D), got shape [${W.shape.join(", ")}]`);
  return [W.shape[0]!, W.shape[1]!];
}

/** Task 1: keep the k largest singular triplets of W (m, n). */
export function lowRankFactors(W: Tensor, k: number): Factors {
  const [m, n] = matrixShape("lowRankFactors", W);
  checkRank("lowRankFactors", m, n, k);
  const { U, S, Vh } = linalg.svd(W); // U (m, r), S (r), Vh (r, n) with r = min(m, n), S descending
  return { U: U.narrow(1, 0, k), S: S.narrow(0, 0, k), Vh: Vh.narrow(0, 0, k) }; // (m, k), (k), (k, n)
}

/** Task 2: W_k = U diag(S) Vh, an (m, n) matrix — as large as W itself. */
export function reconstruct(f: Factors): Tensor {
  return f.U.mul(f.S).matmul(f.Vh); // (m, k) * (k) -> (m, k); @ (k, n) -> (m, n)
}

/** Task 3: how many numbers the factors hold: m·k + k + k·n = k(m + n + 1). */
export function storedValues(m: number, n: number, k: number): number {
  return k * (m + n + 1);
}

/** Task 3: the fraction of W's m·n values saved by storing the factors instead (negative when factoring costs more). */
export function savedFraction(m: number, n: number, k: number): number {
  return 1 - storedValues(m, n, k) / (m * n);
}

/** Task 3: the largest k whose factors store strictly fewer values than W (0 when no rank saves anything). */
export function breakEvenRank(m: number, n: number): number {
  let k = Math.floor((m * n) / (m + n + 1));
  while (k > 0 && storedValues(m, n, k) >= m * n) k--;
  return k;
}

/** Task 4: ‖W − W_k‖_F, measured on the reconstruction. */
export function frobeniusError(W: Tensor, k: number): number {
  const diff = W.sub(reconstruct(lowRankFactors(W, k))); // (m, n)
  return diff.mul(diff).sum().sqrt().item();
}

/** Task 5: the smallest k whose first k singular values hold at least `energy` of Σσ². S is descending. */
export function chooseRank(S: Tensor, energy: number): number {
  if (!(energy > 0 && energy <= 1)) throw new RangeError(`chooseRank: energy must be in (0, 1], got ${energy}`);
  const s = S.toFloat64Array();
  let total = 0;
  for (const v of s) total += v * v;
  let kept = 0;
  for (let k = 1; k <= s.length; k++) {
    kept += s[k - 1]! * s[k - 1]!;
    if (kept >= energy * total) return k;
  }
  return s.length;
}

/** Task 6: multiply-adds of y = Vh x, then S ⊙, then U: k·n + k·m (the k scalings are not counted). */
export function factoredMatVecCost(m: number, n: number, k: number): number {
  return k * (m + n);
}

/** Task 6: y = W_k x without building W_k: (k, n) @ (n) -> (k); ⊙ S; (m, k) @ (k) -> (m). */
export function factoredMatVec(f: Factors, x: Tensor): Tensor {
  const z = f.Vh.matmul(x); // (k, n) @ (n) -> (k)
  return f.U.matmul(z.mul(f.S)); // (m, k) @ (k) -> (m)
}
