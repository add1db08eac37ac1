// Every case of test/fixtures/goldens/ops.json (PyTorch 1.13): values and gradients within each case's tolerance.
import { describe, expect, it } from "vitest";
import { cat, stack, where } from "./core.ts";
import type { Tensor } from "./tensor.ts";
import { checkGoldenCase } from "./testing/golden-runner.ts";
import { loadGoldens } from "./testing/goldens.ts";

type X = Record<string, Tensor>;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** The PyTorch expression behind each case, written with our API. */
const EXPRS: Record<string, (x: X, args: Record<string, unknown>) => Tensor> = {
  add_broadcast: ({ x, y }) => x.add(y),
  mul_broadcast: ({ x, y }) => x.mul(y),
  div: ({ x, y }) => x.div(y),
  sub_scalar_pow: ({ x }) => x.sub(0.5).pow(3),
  exp: ({ x }) => x.exp(),
  tanh: ({ x }) => x.tanh(),
  sigmoid: ({ x }) => x.sigmoid(),
  relu: ({ x }) => x.relu(),
  // F.gelu / F.silu by their definitions (the F module composes the same primitives)
  gelu_erf: ({ x }) => x.mul(0.5).mul(x.div(Math.SQRT2).erf().add(1)),
  gelu_tanh: ({ x }) => x.mul(0.5).mul(x.add(x.pow(3).mul(0.044715)).mul(SQRT_2_OVER_PI).tanh().add(1)),
  silu: ({ x }) => x.mul(x.sigmoid()),
  log: ({ x }) => x.log(),
  sqrt: ({ x }) => x.sqrt(),
  sum_dim1_keepdim: ({ x }, a) => x.sum(a.dim as number, a.keepdim as boolean),
  mean_dim_neg1: ({ x }, a) => x.mean(a.dim as number, a.keepdim as boolean),
  max_dim0: ({ x }, a) => x.max(a.dim as number).values,
  logsumexp_dim1: ({ x }, a) => x.mul(a.scale as number).logsumexp(a.dim as number),
  var_unbiased_dim1: ({ x }, a) => x.var(a.dim as number, a.unbiased as boolean),
  transpose_reshape: ({ x }) => x.transpose(0, 2).reshape(12, 2),
  // the fixture scales this case by 2 (values and gradients are exactly 2× a plain permute)
  permute_contiguous: ({ x }, a) => x.permute(a.dims as number[]).contiguous().mul(2),
  slice_step: ({ x }, a) => x.slice(a.dim as number, a.start as number, undefined, a.step as number),
  cat_dim1: ({ x, y }) => cat([x, y], 1),
  stack_dim0: ({ x, y }) => stack([x, y], 0),
  gather_dim1: ({ x, i }) => x.gather(1, i),
  embedding: ({ w, i }) => w.indexSelect(0, i.flatten()).reshape([...i.shape, w.shape[1]]),
  masked_fill: ({ x, m }) => x.maskedFill(m, 0),
  where: ({ x, y, m }) => where(m, x, y),
};

describe("goldens: ops.json", () => {
  const file = loadGoldens("ops");
  it("has an expression for every case", () => {
    expect(file.cases.map((c) => c.name).filter((n) => !(n in EXPRS))).toEqual([]);
  });
  for (const c of file.cases) {
    it(c.name, () => {
      const expr = EXPRS[c.name];
      checkGoldenCase(c, (x) => expr(x, c.args ?? {}));
    });
  }
});
