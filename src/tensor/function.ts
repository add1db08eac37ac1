// defineOp: how other engine modules add a differentiable op with their own forward and backward (torch.autograd.Function).
import { type Ctx, isGradEnabled, noGrad, recordWith } from "./autograd/graph.ts";
import { Tensor } from "./tensor.ts";

/** The context shared by one call's forward and backward. */
export class OpContext {
  /** Tensors kept for backward (counted by memory.stats()). */
  readonly saved: Tensor[] = [];
  /** Free-form non-tensor values for backward. */
  readonly meta: Record<string, unknown> = {};
  constructor(
    /** needsInputGrad[i]: does the i-th tensor argument need a gradient? */
    readonly needsInputGrad: boolean[],
  ) {}
  save(...tensors: Tensor[]): void {
    this.saved.push(...tensors);
  }
}

export interface OpDefinition<A extends unknown[]> {
  /** Runs under noGrad; returns the output tensor. Non-tensor arguments are passed through. */
  forward(ctx: OpContext, ...args: A): Tensor;
  /** Upstream gradient (shape of the output) → one gradient (or null) per Tensor argument, in order. Runs under noGrad. */
  backward(ctx: OpContext, grad: Tensor): (Tensor | null)[];
}

/**
 * defineOp(name, {forward, backward}) → a function usable like any op; autograd calls your backward.
 * Example: const square = defineOp("square", { forward: (ctx, x: Tensor) => { ctx.save(x); return x.mul(x); },
 *                                            backward: (ctx, g) => [g.mul(ctx.saved[0]).mul(2)] });
 */
export function defineOp<A extends unknown[]>(name: string, def: OpDefinition<A>): (...args: A) => Tensor {
  return (...args: A): Tensor => {
    const inputs = args.filter((a): a is Tensor => a instanceof Tensor);
    const ctx = new OpContext(inputs.map((t) => t.requiresGrad && isGradEnabled()));
    let out = noGrad(() => def.forward(ctx, ...args));
    if (inputs.includes(out)) out = out.detach();
    const rule = (_c: Ctx, g: Tensor) => def.backward(ctx, g);
    return recordWith(name, rule, inputs, out, {}, ctx.saved);
  };
}
