// Runs one golden case: build inputs, evaluate an expression, compare output and gradients (d sum(out·upstream)/d input).
import { assertClose } from "./allclose.ts";
import { type GoldenCase, isTensorSpec, toTensor } from "./goldens.ts";
import type { Tensor } from "../tensor.ts";

/** Float inputs get requiresGrad; int/bool inputs (indices, masks) do not. */
export function goldenInputs(c: GoldenCase): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(c.inputs)) {
    if (isTensorSpec(v)) out[k] = toTensor(v, { requiresGrad: v.dtype === "float32" });
  }
  return out;
}

/** Check value and (when the case has them) gradients of `expr` against the case, within its atol/rtol. */
export function checkGoldenCase(c: GoldenCase, expr: (x: Record<string, Tensor>) => Tensor): void {
  const inputs = goldenInputs(c);
  const out = expr(inputs);
  const tolerance = { atol: c.atol, rtol: c.rtol };
  if (!c.output) throw new Error(`golden ${c.name}: case has no single "output"`);
  assertClose(out, toTensor(c.output), { ...tolerance, name: `${c.name} output` });
  if (!c.grads) return;
  if (!c.upstream) throw new Error(`golden ${c.name}: grads without upstream`);
  out.backward(toTensor(c.upstream));
  for (const [k, spec] of Object.entries(c.grads)) {
    const g = inputs[k]?.grad;
    if (!g) throw new Error(`golden ${c.name}: input ${k} received no gradient`);
    assertClose(g, toTensor(spec), { ...tolerance, name: `${c.name} grad ${k}` });
  }
}
