// F.linear and F.embedding: the two table-lookup / affine maps every model starts with.
import type { Tensor } from "../core.ts";
import { fmtShape } from "./shape-check.ts";

/** linear like torch: y = x Wᵀ + b with weight (out, in) and bias (out). */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (weight.dim() !== 2) throw new Error(`linear: weight must be (out, in), got ${fmtShape(weight.shape)}`);
  const inF = weight.shape[1];
  if (x.dim() < 1 || x.shape[x.dim() - 1] !== inF) {
    throw new Error(
      `linear: input ${fmtShape(x.shape)} has last dim ${x.shape[x.dim() - 1]} but weight ${fmtShape(weight.shape)} expects in_features ${inF}`,
    );
  }
  if (bias && (bias.dim() !== 1 || bias.shape[0] !== weight.shape[0])) {
    throw new Error(`linear: bias ${fmtShape(bias.shape)} must be (${weight.shape[0]}) to match weight ${fmtShape(weight.shape)}`);
  }
  const y = x.matmul(weight.transpose(0, 1)); // (..., out)
  return bias ? y.add(bias) : y;
}

/** embedding like torch: rows of weight (num, dim) picked by int32 ids of any shape → (...ids, dim). */
export function embedding(ids: Tensor, weight: Tensor): Tensor {
  if (ids.dtype !== "int32") throw new Error(`embedding: ids must be int32, got dtype ${ids.dtype}`);
  if (weight.dim() !== 2) throw new Error(`embedding: weight must be (num, dim), got ${fmtShape(weight.shape)}`);
  const num = weight.shape[0];
  const flatIds = ids.reshape(-1);
  const v = flatIds.toFloat64Array();
  for (let i = 0; i < v.length; i++) {
    if (!(v[i] >= 0 && v[i] < num)) {
      throw new Error(`embedding: id ${v[i]} at flat index ${i} is out of range for a table of ${num} rows ${fmtShape(weight.shape)}`);
    }
  }
  return weight.indexSelect(0, flatIds).reshape(...ids.shape, weight.shape[1]); // (...ids, dim)
}
