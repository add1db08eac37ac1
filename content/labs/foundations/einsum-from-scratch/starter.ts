// einsum from scratch: fill in each TODO (README.en.md / README.zh.md has one task per function). Do not call einsum here.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
import type { Tensor } from "llmpath/tensor";

/** The two input terms and the output term of an equation, with the output filled in for implicit mode. */
export interface ParsedEquation {
  inputs: [string, string];
  output: string;
}

/** Every index of a two-operand equation, sorted into the six roles it can play (task 3). */
export interface LabelGroups {
  /** In A, in B and in the output: kept, one matmul per value. */
  batch: string;
  /** In A and in B, not in the output: the matmul's inner dimension. */
  contracted: string;
  /** Only in A, in the output: the matmul's rows. */
  aFree: string;
  /** Only in B, in the output: the matmul's columns. */
  bFree: string;
  /** Only in A, not in the output: summed away before the matmul. */
  aSummed: string;
  /** Only in B, not in the output: summed away before the matmul. */
  bSummed: string;
}

/** Task 1: split "ij,jk->ik" into its terms; in implicit mode ("ij,jk") the output is every index seen exactly once, sorted. */
export function parseEquation(equation: string): ParsedEquation {
  throw new Error("TODO: parseEquation");
}

/** Task 2: the size of every index, checked against the two shapes. Throws if a term's length differs from its tensor's rank
 * or if one index is given two sizes (naming the index, both sizes and the operands). */
export function labelSizes(inputs: readonly [string, string], shapeA: readonly number[], shapeB: readonly number[]): Record<string, number> {
  throw new Error("TODO: labelSizes");
}

/** Task 3: sort the indices of two terms (no index repeated inside one term) into their roles. Labels keep the order
 * they have in A; aFree and aSummed follow A, bFree and bSummed follow B. */
export function classifyLabels(inputs: readonly [string, string], output: string): LabelGroups {
  throw new Error("TODO: classifyLabels");
}

/** Task 4: the shapes of the one batched matmul: A as (Bt, M, K), B as (Bt, K, N), result (Bt, M, N). */
export function matmulShapes(equation: string, shapeA: readonly number[], shapeB: readonly number[]): { a: number[]; b: number[]; out: number[] } {
  throw new Error("TODO: matmulShapes");
}

/** Task 6 (stretch): replace every index repeated inside `term` by its diagonal; returns the new tensor and term. */
export function takeDiagonals(t: Tensor, term: string): { t: Tensor; term: string } {
  if (new Set(term).size === term.length) return { t, term }; // no repeated index: nothing to do
  throw new Error(`TODO (stretch, task 6): take the diagonal of the repeated index in '${term}'`);
}

/** Task 5: einsum for two operands with sum, permute, reshape and one matmul — no call to the engine's einsum. */
export function einsum2(equation: string, a: Tensor, b: Tensor): Tensor {
  // 1. parse, check sizes, takeDiagonals on each operand, classify the indices
  // 2. sum away aSummed in A and bSummed in B
  // 3. permute A to (batch, aFree, contracted) and reshape to (Bt, M, K); B to (batch, contracted, bFree) → (Bt, K, N)
  // 4. one matmul → (Bt, M, N); reshape to (batch..., aFree..., bFree...); permute into the output's order
  throw new Error("TODO: einsum2");
}
