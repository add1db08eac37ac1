// Parameter initialisers (torch.nn.init), drawing from the engine's seeded generator.
import { type Tensor, noGrad, rand, randn } from "../core.ts";

/** U(−bound, bound) of the given shape. */
export function uniform(shape: readonly number[], bound: number): Tensor {
  return noGrad(() => rand([...shape]).mul(2 * bound).sub(bound));
}

/**
 * kaiming_uniform_(a) for a weight whose dim 1 is fan_in (torch's Linear layout (out, in)):
 * bound = gain·√(3/fan_in), gain = √(2/(1+a²)). With a = √5 (torch's Linear default) bound = 1/√fan_in.
 */
export function kaimingUniform(shape: readonly number[], a = Math.sqrt(5)): Tensor {
  const fanIn = shape.slice(1).reduce((n, d) => n * d, 1);
  const gain = Math.sqrt(2 / (1 + a * a));
  return uniform(shape, gain * Math.sqrt(3 / fanIn));
}

/** N(0, std²). */
export function normal(shape: readonly number[], std = 1): Tensor {
  return noGrad(() => randn([...shape]).mul(std));
}
