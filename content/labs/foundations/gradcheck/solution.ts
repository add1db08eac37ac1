// gradcheck lab: reference solution — central differences, a float64 gradient checker, and three repaired backward rules.
import { defineOp, type OpContext, type Tensor, zeros } from "llmpath/tensor";

/** Task 1: the central difference (f(x + eps) − f(x − eps)) / 2eps, error O(eps²) instead of the forward difference's O(eps). */
export function centralDiff(f: (x: number) => number, x: number, eps = 1e-6): number {
  if (!(eps > 0)) throw new RangeError(`centralDiff: eps must be a positive number, got ${eps}`);
  return (f(x + eps) - f(x - eps)) / (2 * eps);
}

export interface GradcheckOptions {
  /** Step of the central difference (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance, relative to the numeric value (default 1e-3). */
  rtol?: number;
}

/** The first entry of the Jacobian where analytic and numeric disagree. */
export interface GradcheckFailure {
  /** Position of the input in the `inputs` array. */
  input: number;
  /** Element of that input, one index per dimension ([] for a 0-d input). */
  index: number[];
  /** Flat (row-major) index of the output element. */
  output: number;
  analytic: number;
  numeric: number;
}

export interface GradcheckReport {
  ok: boolean;
  /** null when ok. */
  failure: GradcheckFailure | null;
  /** How many Jacobian entries were compared before stopping (all of them when ok). */
  checked: number;
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(flat % shape[d]!);
    flat = Math.floor(flat / shape[d]!);
  }
  return idx;
}

/**
 * Task 2: compare autograd's Jacobian of fn at `inputs` with central differences, for every input that requires grad.
 * Order of the scan (and so which failure is reported first): inputs in order, their elements in row-major order,
 * then output elements. An entry passes when |analytic − numeric| ≤ atol + rtol·|numeric|.
 */
export function gradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], opts: GradcheckOptions = {}): GradcheckReport {
  const eps = opts.eps ?? 1e-6;
  const atol = opts.atol ?? 1e-5;
  const rtol = opts.rtol ?? 1e-3;
  const checkedInputs = inputs.map((x, i) => ({ x, i })).filter(({ x }) => x.requiresGrad);
  if (checkedInputs.length === 0) throw new Error("gradcheck: no input has requiresGrad = true, so there is nothing to check; create inputs with { requiresGrad: true }");
  for (const { x, i } of checkedInputs) {
    if (x.dtype !== "float64") throw new Error(`gradcheck: input ${i} is ${x.dtype}; finite differences need float64 (use x.double() or { dtype: "float64" })`);
    if (!x.isLeaf) throw new Error(`gradcheck: input ${i} is not a leaf tensor; pass tensors created with { requiresGrad: true }, not results of ops`);
    if (!x.isContiguous()) throw new Error(`gradcheck: input ${i} is not contiguous; pass x.contiguous() instead`);
  }

  // Analytic Jacobian, one backward per output element: analytic[k][o][j] = d out[o] / d x_k[j].
  const out = fn(...inputs);
  const nOut = out.numel();
  const analytic = checkedInputs.map(({ x }) => Array.from({ length: nOut }, () => new Float64Array(x.numel())));
  for (let o = 0; o < nOut; o++) {
    for (const { x } of checkedInputs) x.grad = null;
    if (!out.requiresGrad) continue; // fn ignores its inputs: every analytic entry is 0
    const seed = zeros(out.shape, { dtype: out.dtype });
    seed.data[o] = 1;
    out.backward(seed, { retainGraph: true });
    checkedInputs.forEach(({ x }, k) => {
      if (x.grad) analytic[k]![o]!.set(x.grad.toFloat64Array());
    });
  }
  for (const { x } of checkedInputs) x.grad = null;

  // Numeric Jacobian, one column at a time: nudge one element by ±eps in place, rerun fn, restore it.
  const evaluate = (): Float64Array => fn(...inputs).detach().toFloat64Array();
  let checked = 0;
  for (let k = 0; k < checkedInputs.length; k++) {
    const { x, i } = checkedInputs[k]!;
    for (let j = 0; j < x.numel(); j++) {
      const at = x.offset + j;
      const orig = x.data[at]!;
      x.data[at] = orig + eps;
      const plus = evaluate();
      x.data[at] = orig - eps;
      const minus = evaluate();
      x.data[at] = orig;
      for (let o = 0; o < nOut; o++) {
        const numeric = (plus[o]! - minus[o]!) / (2 * eps);
        const a = analytic[k]![o]![j]!;
        checked++;
        if (!(Math.abs(a - numeric) <= atol + rtol * Math.abs(numeric))) {
          return { ok: false, failure: { input: i, index: unravel(j, x.shape), output: o, analytic: a, numeric }, checked };
        }
      }
    }
  }
  return { ok: true, failure: null, checked };
}

// Task 3: the three custom ops, with their backward rules repaired (the starter's bug is named in each comment).

/** softplus(x) = log(1 + eˣ), computed stably as relu(x) + log(1 + e^−|x|); d/dx = sigmoid(x). */
export const softplus = defineOp("softplus", {
  forward(ctx: OpContext, x: Tensor): Tensor {
    ctx.save(x);
    return x.relu().add(x.abs().neg().exp().add(1).log());
  },
  backward(ctx: OpContext, g: Tensor): (Tensor | null)[] {
    const [x] = ctx.saved;
    return [g.mul(x!.sigmoid())]; // the bug was g / (1 + eˣ) = g·sigmoid(−x): the sign of x was flipped
  },
});

/** a ⊙ b + c for a, b (m, n) and a bias c (n) broadcast over the rows. */
export const mulAdd = defineOp("mulAdd", {
  forward(ctx: OpContext, a: Tensor, b: Tensor, c: Tensor): Tensor {
    ctx.save(a, b);
    return a.mul(b).add(c);
  },
  backward(ctx: OpContext, g: Tensor): (Tensor | null)[] {
    const [a, b] = ctx.saved;
    return [g.mul(b!), g.mul(a!), g.sum(0)]; // the bug was g.mean(0): a broadcast input's gradient is a sum over the copies
  },
});

/** Softmax over the last dim of a 2-D x; backward: s ⊙ (g − Σⱼ gⱼ sⱼ), the sum taken along the same (last) dim. */
export const softmax = defineOp("softmax", {
  forward(ctx: OpContext, x: Tensor): Tensor {
    const e = x.sub(x.amax(-1, true)).exp();
    const s = e.div(e.sum(-1, true));
    ctx.save(s);
    return s;
  },
  backward(ctx: OpContext, g: Tensor): (Tensor | null)[] {
    const [s] = ctx.saved;
    return [s!.mul(g.sub(g.mul(s!).sum(-1, true)))]; // the bug was sum(0, true): summed down the columns, not along each row
  },
});

/** Task 4: for each buggy op in the starter, the position of the input where your gradcheck reported the first failure. */
export const FIRST_FAILING_INPUT = { softplus: 0, mulAdd: 2, softmax: 0 };
