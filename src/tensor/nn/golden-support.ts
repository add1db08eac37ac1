// Test support for the nn/optim golden fixtures, on top of the core's loadGoldens/toTensor/assertClose.
import { type Tensor, tensor } from "../core.ts";
import { assertClose } from "../testing/allclose.ts";
import { type GoldenCase, type GoldenValue, isTensorSpec, loadGoldens, toTensor } from "../testing/goldens.ts";

export type { GoldenCase };

export function goldenCases(family: string): GoldenCase[] {
  return loadGoldens(family).cases;
}

/** A tensor from a fixture spec; float specs become `dtype` (float32 default), ints and bools keep theirs. */
export function fromSpec(spec: unknown, opts: { requiresGrad?: boolean; dtype?: "float32" | "float64" } = {}): Tensor {
  if (!isTensorSpec(spec)) throw new Error(`golden: expected a tensor spec, got ${JSON.stringify(spec)?.slice(0, 80)}`);
  if (spec.dtype !== "float32") return toTensor(spec);
  return toTensor(spec, { dtype: opts.dtype ?? "float32", requiresGrad: opts.requiresGrad ?? false });
}

/** Element-wise |a − e| ≤ atol + rtol·|e|; the failure names the label, index, values and tolerance. */
export function expectClose(actual: Tensor | number[], expected: unknown, atol: number, rtol: number, label: string): void {
  const exp = isTensorSpec(expected) ? toTensor(expected, { dtype: "float64" }) : tensor(Float64Array.from(expected as number[]));
  const act = Array.isArray(actual) ? tensor(Float64Array.from(actual)) : actual;
  assertClose(act, exp, { atol, rtol, name: label });
}

/** Backpropagates sum(out · upstream) and checks each named input's gradient against the case. */
export function checkGrads(c: GoldenCase, out: Tensor, inputs: Record<string, Tensor>): void {
  if (!c.grads || !c.upstream) return;
  out.mul(fromSpec(c.upstream, { dtype: out.dtype === "float64" ? "float64" : "float32" })).sum().backward();
  for (const [name, g] of Object.entries(c.grads)) {
    const t = inputs[name];
    if (!t) throw new Error(`${c.name}: no input named ${name} to check its gradient`);
    if (!t.grad) throw new Error(`${c.name}: input ${name} received no gradient`);
    expectClose(t.grad, g, c.atol, c.rtol, `${c.name} grad ${name}`);
  }
}

/** The case's tensor inputs: floats as leaves requiring grad, ints and bools without. */
export function caseInputs(c: GoldenCase, dtype: "float32" | "float64" = "float32"): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(c.inputs ?? {}) as [string, GoldenValue][]) {
    if (!isTensorSpec(v)) continue;
    out[k] = fromSpec(v, { requiresGrad: v.dtype === "float32", dtype });
  }
  return out;
}
