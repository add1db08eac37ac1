// Runs every case of test/fixtures/goldens/training.json: AdamW, SGD+momentum, clipping, cosine schedule, checkpoint, FGSM.
import { describe, expect, it } from "vitest";
import { type Tensor, checkpoint, noGrad } from "../core.ts";
import * as F from "../nn/functional.ts";
import { type GoldenCase, caseInputs, checkGrads, expectClose, fromSpec, goldenCases } from "../nn/golden-support.ts";
import { AdamW } from "./adam.ts";
import { clipGradNorm } from "./clip.ts";
import { cosineWithWarmup } from "./schedules.ts";
import { SGD } from "./sgd.ts";

type Inputs = Record<string, Tensor>;
const arg = <T>(c: GoldenCase, k: string): T => c.args?.[k] as T;

/** Applies the case's gradients one step at a time and compares the parameter after each step. */
function runSteps(c: GoldenCase, make: (p: Tensor) => { step(): void }): void {
  const p = fromSpec(c.inputs?.p0, { requiresGrad: true });
  const opt = make(p);
  const grads = c.inputs?.grads as unknown[];
  const after = (c.outputs as { after_each_step: unknown[] }).after_each_step;
  grads.forEach((g, k) => {
    p.grad = fromSpec(g);
    opt.step();
    expectClose(p, after[k], c.atol!, c.rtol!, `${c.name} after step ${k + 1}`);
  });
}

const run: Record<string, (c: GoldenCase) => void> = {
  adamw_3_steps: (c) =>
    runSteps(c, (p) => new AdamW([p], {
      lr: arg(c, "lr"), betas: arg(c, "betas"), eps: arg(c, "eps"), weightDecay: arg(c, "weight_decay"),
    })),
  sgd_momentum_3_steps: (c) => runSteps(c, (p) => new SGD([p], { lr: arg(c, "lr"), momentum: arg(c, "momentum") })),
  clip_grad_norm_1: (c) => {
    const specs = c.inputs?.grads as unknown[];
    const params = specs.map((g) => {
      const p = fromSpec(g, { requiresGrad: true }).detach().requiresGrad_(true);
      p.grad = fromSpec(g);
      return p;
    });
    const outs = c.outputs as { total_norm: number; clipped: unknown[] };
    const total = clipGradNorm(params, arg(c, "max_norm"));
    expectClose([total], [outs.total_norm], c.atol!, c.rtol!, `${c.name} total_norm`);
    params.forEach((p, k) => {
      expectClose(p.grad!, outs.clipped[k], c.atol!, c.rtol!, `${c.name} clipped ${k}`);
    });
  },
  cosine_with_linear_warmup: (c) => {
    const lr = cosineWithWarmup({
      warmupSteps: arg(c, "warmup_steps"), totalSteps: arg(c, "total_steps"),
      maxLr: arg(c, "max_lr"), minLr: arg(c, "min_lr"),
    });
    const expected = (c.outputs as { lr: number[] }).lr;
    expectClose(expected.map((_, s) => lr(s)), expected, 1e-12, 1e-9, `${c.name} lr`);
  },
  checkpointed_block_grads: (c) => {
    const i = caseInputs(c);
    const block = (x: Tensor, w1: Tensor, w2: Tensor) => x.matmul(w1).tanh().matmul(w2).add(x);
    const out = checkpoint(block, i.x, i.w1, i.w2);
    expectClose(out, c.output, c.atol!, c.rtol!, `${c.name} output`);
    checkGrads(c, out, i);
  },
  fgsm_mlp: (c) => {
    const i: Inputs = caseInputs(c);
    const model = (x: Tensor) => F.linear(F.linear(x, i.W1, i.b1).relu(), i.W2, i.b2);
    const loss = F.crossEntropy(model(i.x), i.y);
    loss.backward();
    const outs = c.outputs as Record<string, unknown>;
    expectClose([loss.item()], [outs.loss_clean as number], c.atol!, c.rtol!, `${c.name} loss_clean`);
    expectClose(i.x.grad!, outs.input_grad, c.atol!, c.rtol!, `${c.name} input_grad`);
    const xAdv = noGrad(() => i.x.add(i.x.grad!.sign().mul(arg<number>(c, "eps")))); // x + ε·sign(∇x loss)
    expectClose(xAdv, outs.x_adv, c.atol!, c.rtol!, `${c.name} x_adv`);
    const lossAdv = noGrad(() => F.crossEntropy(model(xAdv), i.y));
    expectClose([lossAdv.item()], [outs.loss_adv as number], c.atol!, c.rtol!, `${c.name} loss_adv`);
  },
};

describe("training goldens", () => {
  const cases = goldenCases("training");
  it("has a runner for every case", () => {
    expect(cases.map((c) => c.name).filter((n) => !run[n])).toEqual([]);
  });
  for (const c of cases) it(c.name, () => run[c.name](c));
});
