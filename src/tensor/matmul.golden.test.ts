// Every case of test/fixtures/goldens/matmul.json (PyTorch 1.13): matmul and einsum values and gradients.
import { describe, expect, it } from "vitest";
import { einsum } from "./core.ts";
import type { Tensor } from "./tensor.ts";
import { checkGoldenCase } from "./testing/golden-runner.ts";
import { loadGoldens } from "./testing/goldens.ts";

/** Operands in the order the case lists its inputs (x, y, z). */
function ordered(x: Record<string, Tensor>): Tensor[] {
  return ["x", "y", "z"].filter((k) => k in x).map((k) => x[k]);
}

describe("goldens: matmul.json", () => {
  const file = loadGoldens("matmul");
  it("has at least one matmul and one einsum case", () => {
    expect(file.cases.some((c) => c.name.startsWith("matmul"))).toBe(true);
    expect(file.cases.some((c) => c.name.startsWith("einsum"))).toBe(true);
  });
  for (const c of file.cases) {
    it(c.name, () => {
      const equation = c.args?.equation;
      if (typeof equation === "string") checkGoldenCase(c, (x) => einsum(equation, ...ordered(x)));
      else checkGoldenCase(c, ({ x, y }) => x.matmul(y));
    });
  }
});
