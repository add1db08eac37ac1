// Runs every case of test/fixtures/goldens/nn_functional.json through F: values and gradients vs PyTorch.
import { describe, expect, it } from "vitest";
import type { Tensor } from "../core.ts";
import * as F from "./functional.ts";
import { type GoldenCase, caseInputs, checkGrads, expectClose, goldenCases } from "./golden-support.ts";

type Inputs = Record<string, Tensor>;
const num = (c: GoldenCase, k: string): number => c.args?.[k] as number;

const run: Record<string, (i: Inputs, c: GoldenCase) => Tensor> = {
  softmax_dim_neg1: (i, c) => F.softmax(i.x, num(c, "dim")),
  softmax_dim0: (i, c) => F.softmax(i.x, num(c, "dim")),
  log_softmax_dim1: (i, c) => F.logSoftmax(i.x, num(c, "dim")),
  softmax_large_logits: (i, c) => F.softmax(i.x, num(c, "dim")),
  layer_norm: (i, c) => F.layerNorm(i.x, [i.x.shape[2]], i.w, i.b, num(c, "eps")),
  rms_norm: (i, c) => F.rmsNorm(i.x, [i.x.shape[1]], i.w, num(c, "eps")),
  cross_entropy_ignore_index: (i, c) => F.crossEntropy(i.x, i.t, { ignoreIndex: num(c, "ignore_index"), reduction: "mean" }),
  cross_entropy_label_smoothing: (i, c) => F.crossEntropy(i.x, i.t, { labelSmoothing: num(c, "label_smoothing") }),
  cross_entropy_3d_logits: (i) => F.crossEntropy(i.x.reshape(-1, i.x.shape[2]), i.t.reshape(-1)),
  perplexity: (i) => F.crossEntropy(i.x, i.t).exp(),
  kl_div_batchmean_logtarget_false: (i) => F.klDiv(i.lq, i.p, { reduction: "batchmean" }),
  kl_p_q_direct: (i) => F.klDiv(i.q.log(), i.p, { reduction: "none" }).sum(-1),
  mse: (i) => F.mseLoss(i.x, i.y),
  bce_with_logits: (i) => F.binaryCrossEntropyWithLogits(i.x, i.y),
};

describe("nn_functional goldens", () => {
  const cases = goldenCases("nn_functional");
  it("has a runner for every case", () => {
    expect(cases.map((c) => c.name).filter((n) => !run[n])).toEqual([]);
  });
  for (const c of cases) {
    it(c.name, () => {
      const inputs = caseInputs(c);
      const out = run[c.name](inputs, c);
      expectClose(out, c.output, c.atol ?? 1e-5, c.rtol ?? 1e-4, `${c.name} output`);
      checkGrads(c, out, inputs);
    });
  }
});
