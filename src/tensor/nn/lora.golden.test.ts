// Runs every case of test/fixtures/goldens/lora.json through nn.LoRALinear.
import { describe, expect, it } from "vitest";
import { type Tensor, manualSeed } from "../core.ts";
import { type GoldenCase, caseInputs, checkGrads, expectClose, goldenCases } from "./golden-support.ts";
import { Linear } from "./layers.ts";
import { LoRALinear } from "./lora.ts";

function loraFromCase(i: Record<string, Tensor>, c: GoldenCase): LoRALinear {
  const [out, inF] = i.W.shape;
  const base = new Linear(inF, out, { bias: false });
  const lora = new LoRALinear(base, { r: c.args?.r as number, alpha: c.args?.alpha as number });
  // Use the case's tensors as the parameters so their gradients can be compared.
  base.weight = i.W; // frozen in training; the golden records its gradient for reference
  lora.loraA = i.A;
  lora.loraB = i.Bm;
  return lora;
}

describe("lora goldens", () => {
  for (const c of goldenCases("lora")) {
    it(c.name, () => {
      if (c.name === "lora_param_count_q_v") {
        const d = c.args?.d_model as number;
        const layers = c.args?.layers as number;
        const targets = (c.args?.targets as string[] | undefined)?.length ?? 0;
        const r = c.args?.r as number;
        // Count with a real (small-width) LoRALinear to check the formula r·(in + out), then scale up.
        manualSeed(0);
        const small = new LoRALinear(new Linear(16, 24, { bias: false }), { r });
        expect(small.numParameters({ trainableOnly: true })).toBe(r * (16 + 24));
        expect(small.numParameters() - small.numParameters({ trainableOnly: true })).toBe(16 * 24);
        const outs = c.outputs as { trainable: number; frozen_in_targets: number };
        expect(layers * targets * r * (d + d)).toBe(outs.trainable);
        expect(layers * targets * d * d).toBe(outs.frozen_in_targets);
        return;
      }
      const i = caseInputs(c);
      const lora = loraFromCase(i, c);
      expect(lora.scaling).toBe(((c.args?.alpha as number) / (c.args?.r as number)));
      const out = lora.forward(i.x);
      expectClose(out, c.output, c.atol!, c.rtol!, `${c.name} output`);
      checkGrads(c, out, i);
      if (c.name === "lora_zero_B_init") {
        expect(i.A.grad!.toFloat64Array().every((g) => g === 0)).toBe(true);
      }
    });
  }
  it("a fresh LoRALinear starts equal to its base layer with A kaiming-uniform and B zero", () => {
    manualSeed(1);
    const base = new Linear(12, 10);
    const lora = new LoRALinear(base, { r: 4, alpha: 8 });
    expect(base.weight.requiresGrad).toBe(false);
    expect(lora.loraB.toFloat64Array().every((v) => v === 0)).toBe(true);
    const a = lora.loraA.toFloat64Array();
    expect(a.every((v) => Math.abs(v) <= 1 / Math.sqrt(12))).toBe(true);
    expect(a.some((v) => v !== 0)).toBe(true);
    expect(lora.namedParameters().map(([n]) => n)).toEqual(["loraA", "loraB", "base.weight", "base.bias"]);
  });
});
