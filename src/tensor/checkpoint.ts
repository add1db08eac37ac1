// Activation checkpointing: forward without keeping the graph, recompute it during backward (torch.utils.checkpoint).
import { enableGrad } from "./autograd/graph.ts";
import { defineOp } from "./function.ts";
import { getRngState, setRngState } from "./random.ts";
import type { Tensor } from "./tensor.ts";

/**
 * checkpoint(fn, ...inputs): same value and gradients as fn(...inputs), but the graph inside fn is not kept;
 * backward re-runs fn with gradients on (restoring the random state, so dropout matches) and backpropagates through it.
 * Parameters that fn uses from its closure receive their gradients during that recomputation.
 * Gradients only flow if at least one input requires grad (as with PyTorch's reentrant checkpoint): pass the
 * activations, not raw data, or pass the parameters as extra inputs.
 */
export function checkpoint(fn: (...xs: Tensor[]) => Tensor, ...inputs: Tensor[]): Tensor {
  const rng = getRngState();
  const op = defineOp("checkpoint", {
    forward: (_ctx, ...xs: Tensor[]) => fn(...xs),
    backward: (_ctx, g) => {
      const now = getRngState();
      setRngState(rng);
      const leaves = inputs.map((x) => {
        const d = x.detach();
        if (x.requiresGrad) d.requiresGrad = true;
        return d;
      });
      try {
        const out = enableGrad(() => fn(...leaves));
        if (out.requiresGrad) out.backward(g);
      } finally {
        setRngState(now);
      }
      return leaves.map((d) => d.grad);
    },
  });
  return op(...inputs);
}
