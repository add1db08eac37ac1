// Activation functions and dropout for F, composed from core primitives (no backward rules of their own).
import { type Tensor, rand } from "../core.ts";

/** relu(x) = max(x, 0). */
export function relu(x: Tensor): Tensor {
  return x.relu();
}

/** silu(x) = x · sigmoid(x) (a.k.a. swish). */
export function silu(x: Tensor): Tensor {
  return x.mul(x.sigmoid());
}

export interface GeluOptions {
  /** "none": exact, 0.5·x·(1 + erf(x/√2)); "tanh": GPT-2's approximation. */
  approximate?: "none" | "tanh";
}

/** GELU like torch.nn.functional.gelu. */
export function gelu(x: Tensor, opts: GeluOptions = {}): Tensor {
  const approximate = opts.approximate ?? "none";
  if (approximate === "none") {
    return x.mul(0.5).mul(x.mul(Math.SQRT1_2).erf().add(1));
  }
  if (approximate === "tanh") {
    const k = Math.sqrt(2 / Math.PI);
    const inner = x.add(x.pow(3).mul(0.044715)).mul(k); // √(2/π)·(x + 0.044715·x³)
    return x.mul(0.5).mul(inner.tanh().add(1));
  }
  throw new Error(`gelu: approximate must be "none" or "tanh", got ${JSON.stringify(approximate)}`);
}

/** Softmax along `dim` (stable: the row maximum is subtracted first). */
export function softmax(x: Tensor, dim: number): Tensor {
  return x.softmax(dim);
}

/** log(softmax(x)) along `dim`, computed stably as x − logsumexp(x). */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  return x.logSoftmax(dim);
}

/**
 * Inverted dropout like torch: in training each element is zeroed with probability p and the
 * survivors are scaled by 1/(1−p); in eval (training=false) or with p=0 it returns x unchanged.
 * The mask comes from the engine's seeded generator (manualSeed makes it reproducible).
 */
export function dropout(x: Tensor, p = 0.5, training = true): Tensor {
  if (!(p >= 0 && p <= 1)) throw new Error(`dropout: p must be in [0, 1], got ${p}`);
  if (!training || p === 0) return x;
  if (p === 1) return x.mul(0);
  const keep = rand(x.shape).ge(p).to(x.dtype); // 1 with probability 1−p
  return x.mul(keep).mul(1 / (1 - p));
}
