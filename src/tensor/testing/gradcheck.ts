// gradcheck: compare autograd's Jacobian with central differences in float64; a failure names input, index and both values.
import { noGrad } from "../autograd/graph.ts";
import { TensorError, fmt } from "../shape.ts";
import { Tensor } from "../tensor.ts";

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  /** When false, return false instead of throwing on a mismatch. */
  raiseException?: boolean;
}

function unravel(i: number, shape: number[]): string {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(i % shape[d]);
    i = Math.floor(i / shape[d]);
  }
  return `[${idx.join(",")}]`;
}

/** Storage position of flat (row-major) element i of t. */
function storagePos(t: Tensor, i: number): number {
  let p = t.offset;
  for (let d = t.dim() - 1; d >= 0; d--) {
    p += (i % t.shape[d]) * t.strides[d];
    i = Math.floor(i / t.shape[d]);
  }
  return p;
}

function outputsOf(y: Tensor | Tensor[]): Tensor[] {
  return Array.isArray(y) ? y : [y];
}

function flatOutputs(fn: (...xs: Tensor[]) => Tensor | Tensor[], inputs: Tensor[]): Float64Array {
  const outs = noGrad(() => outputsOf(fn(...inputs)));
  const parts = outs.map((o) => o.toFloat64Array());
  const flat = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    flat.set(p, at);
    at += p.length;
  }
  return flat;
}

/**
 * Checks d fn(inputs) / d inputs[i] for every input with requiresGrad (which must be float64):
 * analytic rows by backward() with one-hot upstream gradients, numeric columns by (f(x+eps) − f(x−eps)) / 2eps.
 * Passes when |analytic − numeric| ≤ atol + rtol·|numeric| everywhere. Returns true, or throws naming the
 * input index, element index, output element, analytic and numeric values.
 */
export function gradcheck(fn: (...xs: Tensor[]) => Tensor | Tensor[], inputs: Tensor[], opts: GradcheckOptions = {}): boolean {
  const eps = opts.eps ?? 1e-6;
  const atol = opts.atol ?? 1e-5;
  const rtol = opts.rtol ?? 1e-3;
  const checked = inputs.map((x, i) => ({ x, i })).filter(({ x }) => x instanceof Tensor && x.requiresGrad);
  if (checked.length === 0) throw new TensorError("gradcheck: no input has requiresGrad = true; nothing to check");
  for (const { x, i } of checked) {
    if (x.dtype !== "float64") throw new TensorError(`gradcheck: input ${i} ${fmt(x.shape)} is ${x.dtype}; use float64 inputs (x.double()) for finite differences`);
    if (!x.isLeaf) throw new TensorError(`gradcheck: input ${i} must be a leaf tensor (create it with requiresGrad, not from an op)`);
  }
  const outs = outputsOf(fn(...inputs));
  const sizes = outs.map((o) => o.numel());
  const nOut = sizes.reduce((a, b) => a + b, 0);
  // analytic[k][o][j]: d out_o / d x_k[j]
  const analytic = checked.map(({ x }) => Array.from({ length: nOut }, () => new Float64Array(x.numel())));
  let o = 0;
  outs.forEach((out, oi) => {
    for (let e = 0; e < sizes[oi]; e++, o++) {
      for (const { x } of checked) x.grad = null;
      if (!out.requiresGrad) continue;
      const g = new Tensor(new Float64Array(out.numel()), out.shape, "float64").to(out.dtype);
      g.data[e] = 1;
      out.backward(g, { retainGraph: true });
      checked.forEach(({ x }, k) => {
        if (x.grad) analytic[k][o].set(x.grad.toFloat64Array());
      });
    }
  });
  for (const { x } of checked) x.grad = null;
  for (let k = 0; k < checked.length; k++) {
    const { x, i } = checked[k];
    for (let j = 0; j < x.numel(); j++) {
      const p = storagePos(x, j);
      const orig = x.data[p];
      x.data[p] = orig + eps;
      const plus = flatOutputs(fn, inputs);
      x.data[p] = orig - eps;
      const minus = flatOutputs(fn, inputs);
      x.data[p] = orig;
      for (let q = 0; q < nOut; q++) {
        const num = (plus[q] - minus[q]) / (2 * eps);
        const ana = analytic[k][q][j];
        if (!(Math.abs(ana - num) <= atol + rtol * Math.abs(num))) {
          if (opts.raiseException === false) return false;
          throw new TensorError(
            `gradcheck: input ${i} ${fmt(x.shape)}, element ${unravel(j, x.shape)}, output element ${q}: analytic ${ana} vs numeric ${num} ` +
              `(|diff| ${Math.abs(ana - num)} > atol ${atol} + rtol ${rtol}·|numeric|)`,
          );
        }
      }
    }
  }
  return true;
}
