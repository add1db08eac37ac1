// gradcheck (float64, central differences) for every differentiable primitive and composite of the core.
import { describe, expect, it } from "vitest";
import {
  type GradcheckOptions,
  type Tensor,
  cat,
  checkpoint,
  defineOp,
  einsum,
  gradcheck,
  manualSeed,
  matmul,
  rand,
  randn,
  scatterAdd,
  stack,
  tensor,
  where,
} from "../core.ts";

manualSeed(7);
const d = (shape: number[]) => randn(shape, { dtype: "float64", requiresGrad: true });
/** Positive inputs for log/sqrt/pow with a tensor exponent. */
const pos = (shape: number[]) => rand(shape, { dtype: "float64" }).add(0.5).requiresGrad_();
/** Values kept away from kinks (relu, abs, clamp, max ties) so central differences are exact enough. */
const awayFromKinks = (shape: number[]) => {
  const x = randn(shape, { dtype: "float64" });
  return where(x.abs().lt(0.1), x.add(0.3), x).detach().requiresGrad_();
};
const idx = (data: number[], shape: number[]) => tensor(data, { shape, dtype: "int32" });
const mask = (data: number[], shape: number[]) => tensor(data.map((v) => v === 1), { shape });

type Case = [string, (...xs: Tensor[]) => Tensor, () => Tensor[], GradcheckOptions?];

const CASES: Case[] = [
  // elementwise binary (with broadcasting)
  ["add", (a, b) => a.add(b), () => [d([2, 3]), d([3])]],
  ["add alpha", (a, b) => a.add(b, 2.5), () => [d([2, 3]), d([2, 1])]],
  ["sub", (a, b) => a.sub(b), () => [d([2, 1, 3]), d([4, 1])]],
  ["mul", (a, b) => a.mul(b), () => [d([3, 1]), d([1, 4])]],
  ["div", (a, b) => a.div(b), () => [d([2, 3]), pos([3])]],
  ["pow tensor", (a, b) => a.pow(b), () => [pos([2, 3]), d([3])]],
  ["pow scalar", (a) => a.pow(3), () => [d([2, 3])]],
  ["pow fractional", (a) => a.pow(1.5), () => [pos([4])]],
  ["maximum", (a, b) => a.maximum(b), () => [d([3, 4]), d([4])]],
  ["minimum", (a, b) => a.minimum(b), () => [d([3, 4]), d([3, 1])]],
  ["where", (a, b) => where(mask([1, 0, 1, 0, 0, 1], [2, 3]), a, b), () => [d([2, 3]), d([3])]],
  ["maskedFill", (a) => a.maskedFill(mask([1, 0, 0], [3]), -2), () => [d([2, 3])]],
  // unary
  ["neg", (a) => a.neg(), () => [d([5])]],
  ["exp", (a) => a.exp(), () => [d([2, 3])]],
  ["log", (a) => a.log(), () => [pos([2, 3])]],
  ["sqrt", (a) => a.sqrt(), () => [pos([2, 3])]],
  ["rsqrt", (a) => a.rsqrt(), () => [pos([2, 3])]],
  ["abs", (a) => a.abs(), () => [awayFromKinks([2, 3])]],
  ["tanh", (a) => a.tanh(), () => [d([2, 3])]],
  ["sigmoid", (a) => a.sigmoid(), () => [d([2, 3])]],
  ["relu", (a) => a.relu(), () => [awayFromKinks([2, 3])]],
  ["sin", (a) => a.sin(), () => [d([2, 3])]],
  ["cos", (a) => a.cos(), () => [d([2, 3])]],
  ["erf", (a) => a.erf(), () => [d([2, 3])]],
  ["square", (a) => a.square(), () => [d([2, 3])]],
  ["reciprocal", (a) => a.reciprocal(), () => [pos([3])]],
  ["clamp", (a) => a.clamp(-0.5, 0.5), () => [awayFromKinks([3, 3]).mul(1).detach().requiresGrad_()]],
  // float32 rounding (~1e-7) needs a larger step than the default eps
  ["cast float64→float32→float64", (a) => a.float().double().mul(a), () => [d([3])], { eps: 1e-2, atol: 1e-4 }],
  // reductions and composites
  ["sum all", (a) => a.sum(), () => [d([2, 3])]],
  ["sum dims keepdim", (a) => a.sum([0, 2], true), () => [d([2, 3, 2])]],
  ["mean", (a) => a.mean(-1), () => [d([2, 3])]],
  ["var unbiased", (a) => a.var(1), () => [d([2, 4])]],
  ["var biased keepdim", (a) => a.var(0, false, true), () => [d([3, 2])]],
  ["std", (a) => a.std(), () => [d([5])]],
  ["max all", (a) => a.max(), () => [d([3, 4])]],
  ["max dim", (a) => a.max(1).values, () => [d([3, 4])]],
  ["min dim keepdim", (a) => a.min(0, true).values, () => [d([3, 4])]],
  ["amax dims", (a) => a.amax([0, 1]), () => [d([2, 3, 2])]],
  ["logsumexp", (a) => a.logsumexp(1), () => [d([2, 5])]],
  ["softmax", (a) => a.softmax(-1), () => [d([2, 4])]],
  ["logSoftmax", (a) => a.logSoftmax(0), () => [d([3, 2])]],
  ["cumsum", (a) => a.cumsum(1), () => [d([2, 4])]],
  // movement
  ["reshape", (a) => a.reshape(3, -1).mul(a.reshape(3, 2)), () => [d([2, 3])]],
  ["reshape non-contiguous", (a) => a.transpose(0, 1).reshape(-1), () => [d([2, 3])]],
  ["permute", (a) => a.permute(2, 0, 1), () => [d([2, 3, 4])]],
  ["transpose+contiguous", (a) => a.transpose(0, 1).contiguous(), () => [d([2, 3])]],
  ["expand", (a) => a.expand(2, 3, 4), () => [d([3, 1])]],
  ["unsqueeze/squeeze/flatten", (a) => a.unsqueeze(1).squeeze(1).flatten(), () => [d([2, 3])]],
  ["slice step", (a) => a.slice(1, 1, undefined, 2), () => [d([3, 7])]],
  ["slice negative", (a) => a.slice(0, -2), () => [d([4, 2])]],
  ["select", (a) => a.select(1, -1), () => [d([3, 4])]],
  ["narrow", (a) => a.narrow(0, 1, 2), () => [d([4, 2])]],
  ["split", (a) => a.split([1, 3], 1)[1], () => [d([2, 4])]],
  ["chunk", (a) => a.chunk(2, 0)[0], () => [d([5, 2])]],
  ["repeat", (a) => a.repeat(2, 1, 3), () => [d([2, 2])]],
  ["tril", (a) => a.tril(), () => [d([3, 3])]],
  ["triu diagonal 1", (a) => a.triu(1), () => [d([2, 3, 3])]],
  ["clone", (a) => a.clone(), () => [d([2, 2])]],
  ["cat", (a, b) => cat([a, b], 1), () => [d([2, 3]), d([2, 2])]],
  ["stack", (a, b) => stack([a, b], -1), () => [d([2, 3]), d([2, 3])]],
  ["gather", (a) => a.gather(1, idx([0, 2, 2, 1, 0, 0], [2, 3])), () => [d([2, 4])]],
  ["indexSelect (embedding)", (w) => w.indexSelect(0, idx([1, 0, 1, 3], [4])), () => [d([4, 3])]],
  ["scatterAdd", (a, s) => scatterAdd(a, 0, idx([0, 1, 0, 0, 1, 1], [2, 3]), s), () => [d([2, 3]), d([2, 3])]],
  // matmul and einsum
  ["matmul 2-D", (a, b) => matmul(a, b), () => [d([3, 4]), d([4, 2])]],
  ["matmul batched broadcast", (a, b) => a.matmul(b), () => [d([2, 1, 3, 4]), d([3, 4, 2])]],
  ["matmul vector", (a, b) => a.matmul(b), () => [d([4]), d([2, 4, 3])]],
  ["matmul dot", (a, b) => a.matmul(b), () => [d([4]), d([4])]],
  ["einsum attention scores", (a, b) => einsum("bhid,bhjd->bhij", a, b), () => [d([1, 2, 3, 2]), d([1, 2, 2, 2])]],
  ["einsum diagonal", (a) => einsum("ii->i", a), () => [d([3, 3])]],
  ["einsum trace", (a) => einsum("ii", a), () => [d([3, 3])]],
  ["einsum ellipsis", (a, b) => einsum("...ij,jk->...ik", a, b), () => [d([2, 2, 3]), d([3, 2])]],
  ["einsum three operands", (a, b, c) => einsum("bi,bj,ij->b", a, b, c), () => [d([2, 3]), d([2, 2]), d([3, 2])]],
  // custom op and checkpoint
  ["checkpoint", (a, w) => checkpoint((x, y) => x.matmul(y).tanh().sum(-1), a, w), () => [d([2, 3]), d([3, 3])]],
  [
    "defineOp",
    (a) =>
      defineOp("cube", {
        forward: (ctx, x: Tensor) => {
          ctx.save(x);
          return x.pow(3);
        },
        backward: (ctx, g) => [g.mul(ctx.saved[0].pow(2)).mul(3)],
      })(a),
    () => [d([4])],
  ],
];

describe("gradcheck in float64", () => {
  for (const [name, fn, make, opts] of CASES) {
    it(name, () => {
      expect(gradcheck(fn, make(), opts)).toBe(true);
    });
  }

  it("names the input, element, analytic and numeric values when a backward is wrong", () => {
    const wrong = defineOp("wrongSquare", { forward: (_c, x: Tensor) => x.mul(x), backward: (_c, g) => [g.mul(3)] });
    const x = tensor([1, 2], { dtype: "float64", requiresGrad: true });
    expect(() => gradcheck((t) => wrong(t), [x])).toThrow(/gradcheck: input 0 \[2\], element \[0\], output element 0: analytic 3 vs numeric 2\.0/);
    expect(gradcheck((t) => wrong(t), [x], { raiseException: false })).toBe(false);
  });

  it("refuses float32 inputs", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => gradcheck((t) => t.exp(), [x])).toThrow(/input 0 \[2\] is float32; use float64/);
  });
});
