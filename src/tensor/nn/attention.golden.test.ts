// Runs every case of test/fixtures/goldens/attention.json: MultiheadAttention (causal, key padding, relative bias) and RoPE.
import { describe, expect, it } from "vitest";
import { type Tensor, randn, tensor } from "../core.ts";
import { MultiheadAttention } from "./attention.ts";
import * as F from "./functional.ts";
import { type GoldenCase, caseInputs, checkGrads, expectClose, goldenCases } from "./golden-support.ts";

type Inputs = Record<string, Tensor>;

/** Builds the module from the case's weights; returns the output and the gradient targets by input name. */
function mhaCase(i: Inputs, c: GoldenCase): { out: Tensor; attn: Tensor; targets: Inputs } {
  const E = i.x.shape[2];
  const mha = new MultiheadAttention(E, c.args?.heads as number);
  mha.loadStateDict({
    "qProj.weight": i.wq, "qProj.bias": i.bq, "kProj.weight": i.wk, "kProj.bias": i.bk,
    "vProj.weight": i.wv, "vProj.bias": i.bv, "outProj.weight": i.wo, "outProj.bias": i.bo,
  });
  const T = i.x.shape[1];
  const attnBias = i.table ? F.relativePositionBias(i.table, T, c.args?.max_distance as number) : null; // (H, T, T)
  const { out, attn } = mha.forwardWithWeights(i.x, {
    causal: c.args?.causal === true,
    keyPaddingMask: i.pad ?? null,
    attnBias,
  });
  const targets: Inputs = {
    x: i.x, wq: mha.qProj.weight, bq: mha.qProj.bias!, wk: mha.kProj.weight, bk: mha.kProj.bias!,
    wv: mha.vProj.weight, bv: mha.vProj.bias!, wo: mha.outProj.weight, bo: mha.outProj.bias!,
  };
  if (i.table) targets.table = i.table;
  return { out, attn, targets };
}

describe("attention goldens", () => {
  for (const c of goldenCases("attention")) {
    it(c.name, () => {
      if (c.name.startsWith("mha_")) {
        const i = caseInputs(c);
        const { out, attn, targets } = mhaCase(i, c);
        const outs = c.outputs as Record<string, unknown>;
        expectClose(out, outs.out, c.atol!, c.rtol!, `${c.name} out`);
        expectClose(attn, outs.attn, c.atol!, c.rtol!, `${c.name} attn`);
        checkGrads(c, out, targets);
      } else if (c.name === "rope_rotate_half") {
        const i = caseInputs(c);
        const out = F.rope(i.x, { base: c.args?.base as number });
        expectClose(out, c.output, c.atol!, c.rtol!, `${c.name} output`);
        checkGrads(c, out, i);
      } else if (c.name === "fully_masked_row_policy") {
        // Policy case (no numbers): a query row with every key masked returns 0 and passes a zero gradient.
        const q = randn([2, 3, 4], { requiresGrad: true });
        const k = randn([2, 5, 4], { requiresGrad: true });
        const v = randn([2, 5, 4], { requiresGrad: true });
        const allow = new Uint8Array(2 * 3 * 5).fill(1);
        allow.fill(0, 5, 10); // batch 0, query row 1: nothing allowed
        const mask = tensor(allow, { shape: [2, 3, 5], dtype: "bool" });
        const out = F.scaledDotProductAttention(q, k, v, { attnMask: mask }); // (2, 3, 4)
        const o = out.toFloat64Array();
        expect([...o.slice(4, 8)]).toEqual([0, 0, 0, 0]);
        expect(o.every(Number.isFinite)).toBe(true);
        expect(Math.abs(o[0]) + Math.abs(o[8]) > 0).toBe(true); // other rows are real attention
        out.mul(randn([2, 3, 4])).sum().backward();
        for (const t of [q, k, v]) expect(t.grad!.toFloat64Array().every(Number.isFinite)).toBe(true);
        expect([...q.grad!.toFloat64Array().slice(4, 8)]).toEqual([0, 0, 0, 0]);
      } else {
        throw new Error(`no runner for attention case ${c.name}`);
      }
    });
  }
});
