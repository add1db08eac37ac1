// einsum from scratch: reference solution — two-operand einsum built from sum, permute, reshape and one batched matmul.
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

const LETTER = /^[a-zA-Z]$/;
const shapeText = (shape: readonly number[]): string => `[${shape.join(", ")}]`;

/** Task 1: split "ij,jk->ik" into its terms; in implicit mode ("ij,jk") the output is every index seen exactly once, sorted. */
export function parseEquation(equation: string): ParsedEquation {
  const eq = equation.replace(/\s+/g, "");
  if (eq.includes("...")) throw new Error(`einsum2: "..." (ellipsis) is not supported in "${equation}"; name every dimension with a letter`);
  const sides = eq.split("->");
  if (sides.length > 2) throw new Error(`einsum2: "${equation}" has ${sides.length - 1} "->"; write at most one`);
  const terms = sides[0]!.split(",");
  if (terms.length !== 2) throw new Error(`einsum2: "${equation}" has ${terms.length} operand term(s); einsum2 takes exactly 2, as in "ij,jk->ik"`);
  for (const c of sides.join("").replaceAll(",", "")) {
    if (!LETTER.test(c)) throw new Error(`einsum2: invalid character '${c}' in "${equation}"; indices are single letters a-z or A-Z`);
  }
  const inputs: [string, string] = [terms[0]!, terms[1]!];
  const counts = new Map<string, number>();
  for (const c of inputs.join("")) counts.set(c, (counts.get(c) ?? 0) + 1);
  if (sides.length === 1) {
    const once = [...counts].filter(([, n]) => n === 1).map(([c]) => c);
    return { inputs, output: once.sort().join("") };
  }
  const output = sides[1]!;
  for (const c of output) {
    if (!counts.has(c)) throw new Error(`einsum2: output index '${c}' of "${equation}" appears in neither operand; an output index must come from an input`);
    if (output.indexOf(c) !== output.lastIndexOf(c)) throw new Error(`einsum2: output index '${c}' appears more than once in "${equation}"`);
  }
  return { inputs, output };
}

/** Task 2: the size of every index, checked against the two shapes. Throws if a term's length differs from its tensor's rank
 * or if one index is given two sizes (naming the index, both sizes and the operands). */
export function labelSizes(inputs: readonly [string, string], shapeA: readonly number[], shapeB: readonly number[]): Record<string, number> {
  const sizes: Record<string, number> = {};
  const seenIn: Record<string, number> = {};
  const shapes = [shapeA, shapeB];
  inputs.forEach((term, k) => {
    const shape = shapes[k]!;
    if (term.length !== shape.length) {
      throw new Error(`einsum2: operand ${k} '${term}' has ${term.length} indices but the tensor has ${shape.length} dims (shape ${shapeText(shape)}); give one letter per dim`);
    }
    [...term].forEach((l, d) => {
      const s = shape[d]!;
      const prev = sizes[l];
      if (prev !== undefined && prev !== s) {
        const other = seenIn[l]!;
        throw new Error(`einsum2: index '${l}' has size ${prev} in operand ${other} (shape ${shapeText(shapes[other]!)}) but size ${s} in operand ${k} (shape ${shapeText(shape)})`);
      }
      if (prev === undefined) {
        sizes[l] = s;
        seenIn[l] = k;
      }
    });
  });
  return sizes;
}

/** Task 3: sort the indices of two terms (no index repeated inside one term) into their roles. Labels keep the order
 * they have in A; aFree and aSummed follow A, bFree and bSummed follow B. */
export function classifyLabels(inputs: readonly [string, string], output: string): LabelGroups {
  const [a, b] = inputs;
  const pick = (term: string, keep: (l: string) => boolean) => [...term].filter(keep).join("");
  return {
    batch: pick(a, (l) => b.includes(l) && output.includes(l)),
    contracted: pick(a, (l) => b.includes(l) && !output.includes(l)),
    aFree: pick(a, (l) => !b.includes(l) && output.includes(l)),
    bFree: pick(b, (l) => !a.includes(l) && output.includes(l)),
    aSummed: pick(a, (l) => !b.includes(l) && !output.includes(l)),
    bSummed: pick(b, (l) => !a.includes(l) && !output.includes(l)),
  };
}

const product = (labels: string, sizes: Record<string, number>): number => [...labels].reduce((p, l) => p * sizes[l]!, 1);

/** Task 4: the shapes of the one batched matmul: A as (Bt, M, K), B as (Bt, K, N), result (Bt, M, N). */
export function matmulShapes(equation: string, shapeA: readonly number[], shapeB: readonly number[]): { a: number[]; b: number[]; out: number[] } {
  const { inputs, output } = parseEquation(equation);
  const sizes = labelSizes(inputs, shapeA, shapeB);
  const g = classifyLabels(inputs, output);
  const [bt, m, k, n] = [g.batch, g.aFree, g.contracted, g.bFree].map((ls) => product(ls, sizes)) as [number, number, number, number];
  return { a: [bt, m, k], b: [bt, k, n], out: [bt, m, n] };
}

/** Task 6: walk the diagonal of every index repeated inside one term: move the pair to the end, flatten it to n·n
 * values and take every (n+1)-th one — a strided view, no multiplication needed. */
export function takeDiagonals(t: Tensor, term: string): { t: Tensor; term: string } {
  let labels = [...term];
  for (let j = 0; j < labels.length; j++) {
    const i = labels.indexOf(labels[j]!);
    if (i === j) continue;
    const n = t.shape[i]!;
    const rest = labels.map((_, d) => d).filter((d) => d !== i && d !== j);
    t = t.permute([...rest, i, j]).reshape([...rest.map((d) => t.shape[d]!), n * n]); // (..., n·n)
    t = t.slice(rest.length, 0, n * n, n + 1); // (..., n): entries (0,0), (1,1), ...
    labels = [...rest.map((d) => labels[d]!), labels[i]!];
    j = -1; // labels moved: scan again from the start
  }
  return { t, term: labels.join("") };
}

/** Task 5: einsum for two operands with sum, permute, reshape and one matmul — no call to the engine's einsum. */
export function einsum2(equation: string, a: Tensor, b: Tensor): Tensor {
  const { inputs, output } = parseEquation(equation);
  const sizes = labelSizes(inputs, a.shape, b.shape);
  const A = takeDiagonals(a, inputs[0]);
  const B = takeDiagonals(b, inputs[1]);
  const g = classifyLabels([A.term, B.term], output);
  // 1. indices only one operand has and the output lacks: sum them away now.
  const sumAway = (op: { t: Tensor; term: string }, drop: string) => {
    if (drop === "") return op;
    const dims = [...drop].map((l) => op.term.indexOf(l));
    return { t: op.t.sum(dims), term: [...op.term].filter((l) => !drop.includes(l)).join("") };
  };
  const a1 = sumAway(A, g.aSummed);
  const b1 = sumAway(B, g.bSummed);
  // 2. line the dims up as (batch, rows, inner) and (batch, inner, cols), flatten each group to one dim.
  const arrange = (op: { t: Tensor; term: string }, order: string) => (order.length < 2 ? op.t : op.t.permute([...order].map((l) => op.term.indexOf(l))));
  const [bt, m, k, n] = [g.batch, g.aFree, g.contracted, g.bFree].map((ls) => product(ls, sizes)) as [number, number, number, number];
  const a3 = arrange(a1, g.batch + g.aFree + g.contracted).reshape([bt, m, k]); // (Bt, M, K)
  const b3 = arrange(b1, g.batch + g.contracted + g.bFree).reshape([bt, k, n]); // (Bt, K, N)
  // 3. one batched matmul, then unflatten and put the dims in the output's order.
  const produced = g.batch + g.aFree + g.bFree;
  const out = a3.matmul(b3).reshape([...produced].map((l) => sizes[l]!)); // (batch..., aFree..., bFree...)
  return output.length < 2 ? out : out.permute([...output].map((l) => produced.indexOf(l)));
}
