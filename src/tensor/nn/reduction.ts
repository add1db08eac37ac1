// The `reduction` argument shared by the loss functions ("mean" | "sum" | "none").
import type { Tensor } from "../core.ts";

export type Reduction = "mean" | "sum" | "none";

export function reduce(op: string, loss: Tensor, reduction: Reduction | undefined): Tensor {
  switch (reduction ?? "mean") {
    case "mean":
      return loss.mean();
    case "sum":
      return loss.sum();
    case "none":
      return loss;
    default:
      throw new Error(`${op}: reduction must be "mean", "sum" or "none", got ${JSON.stringify(reduction)}`);
  }
}
