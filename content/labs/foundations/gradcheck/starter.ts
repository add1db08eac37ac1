// gradcheck lab: write a central-difference gradient checker, then use it to find and fix the bugs in three custom backward rules.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
import { defineOp, type OpContext, type Tensor } from "llmpath/tensor";

/** Task 1: the central difference (f(x + eps) − f(x − eps)) / 2eps, error O(eps²) instead of the forward difference's O(eps). */
export function centralDiff(f: (x: number) => number, x: number, eps = 1e-6): number {
  throw new Error("TODO: centralDiff (Task 1)");
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

/**
 * Task 2: compare autograd's Jacobian of fn at `inputs` with central differences, for every input that requires grad.
 * Order of the scan (and so which failure is reported first): inputs in order, their elements in row-major order,
 * then output elements. An entry passes when |analytic − numeric| ≤ atol + rtol·|numeric|.
 */
export function gradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], opts: GradcheckOptions = {}): GradcheckReport {
  throw new Error("TODO: gradcheck (Task 2)");
}

// Task 3: three custom ops. Each forward is right; each backward has one bug. Find it with your gradcheck, then fix it.

/** softplus(x) = log(1 + eˣ), computed stably as relu(x) + log(1 + e^−|x|). */
export const softplus = defineOp("softplus", {
  forward(ctx: OpContext, x: Tensor): Tensor {
    ctx.save(x);
    return x.relu().add(x.abs().neg().exp().add(1).log());
  },
  backward(ctx: OpContext, g: Tensor): (Tensor | null)[] {
    const [x] = ctx.saved;
    return [g.div(x!.exp().add(1))];
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
    return [g.mul(b!), g.mul(a!), g.mean(0)];
  },
});

/** Softmax over the last dim of a 2-D x. */
export const softmax = defineOp("softmax", {
  forward(ctx: OpContext, x: Tensor): Tensor {
    const e = x.sub(x.amax(-1, true)).exp();
    const s = e.div(e.sum(-1, true));
    ctx.save(s);
    return s;
  },
  backward(ctx: OpContext, g: Tensor): (Tensor | null)[] {
    const [s] = ctx.saved;
    return [s!.mul(g.sub(g.mul(s!).sum(0, true)))];
  },
});

/** Task 4: for each buggy op in the starter, the position of the input where your gradcheck reported the first failure. */
export const FIRST_FAILING_INPUT = { softplus: -1, mulAdd: -1, softmax: -1 }; // TODO (Task 4)
