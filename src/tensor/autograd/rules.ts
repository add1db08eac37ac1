// THE backward rules: one short rule per differentiable primitive (everything else is composed from these).
// A rule gets the op's context (inputs, out, args, needs) and the upstream gradient g (shape of out),
// and returns one gradient per input, each with that input's shape. Rules run under noGrad.
import { bmm } from "../compose/matmul.ts";
import { allocate } from "../dtype.ts";
import { where } from "../ops/elementwise.ts";
import { copyInto } from "../ops/inplace.ts";
import { scatterAdd } from "../ops/indexing.ts";
import { slice } from "../ops/movement.ts";
import { cumsum } from "../ops/reduce.ts";
import { type Shape, sameShape } from "../shape.ts";
import { Tensor } from "../tensor.ts";
import type { Ctx, Rule } from "./graph.ts";

/** Sum a broadcast gradient back down to `shape` (the inverse of broadcasting). */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.dim() - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.dim(); i++) if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
  return g.sum(dims, true).reshape([...shape]);
}

const zerosLikeOf = (t: Tensor, like: Tensor) => new Tensor(allocate(like.dtype, t.numel()), t.shape, like.dtype);
const asF = (mask: Tensor, like: Tensor) => mask.to(like.dtype);
const SQRT_PI_2 = 2 / Math.sqrt(Math.PI);
type C = Ctx;

export const RULES = {
  // ---- binary (broadcasting: reduce with sumTo) ----
  add: ({ inputs: [a, b] }: C, g: Tensor) => [sumTo(g, a.shape), sumTo(g, b.shape)],
  sub: ({ inputs: [a, b] }: C, g: Tensor) => [sumTo(g, a.shape), sumTo(g.neg(), b.shape)],
  mul: ({ inputs: [a, b], needs }: C, g: Tensor) => [needs[0] ? sumTo(g.mul(b), a.shape) : null, needs[1] ? sumTo(g.mul(a), b.shape) : null],
  div: ({ inputs: [a, b], needs }: C, g: Tensor) => [
    needs[0] ? sumTo(g.div(b), a.shape) : null,
    needs[1] ? sumTo(g.mul(a).div(b.mul(b)).neg(), b.shape) : null, // d(a/b)/db = -a/b²
  ],
  pow: ({ inputs: [a, b], out, needs }: C, g: Tensor) => [
    needs[0] ? sumTo(g.mul(b).mul(a.pow(b.sub(1))), a.shape) : null, // b·a^(b-1)
    needs[1] ? sumTo(where(a.eq(0), 0, g.mul(out).mul(a.log())), b.shape) : null, // a^b·ln a
  ],
  maximum: ({ inputs: [a, b] }: C, g: Tensor) => {
    const wa = asF(a.gt(b), g).add(asF(a.eq(b), g).mul(0.5)); // ties split the gradient, like torch
    return [sumTo(g.mul(wa), a.shape), sumTo(g.mul(wa.neg().add(1)), b.shape)];
  },
  minimum: ({ inputs: [a, b] }: C, g: Tensor) => {
    const wa = asF(a.lt(b), g).add(asF(a.eq(b), g).mul(0.5));
    return [sumTo(g.mul(wa), a.shape), sumTo(g.mul(wa.neg().add(1)), b.shape)];
  },
  where: ({ inputs: [x, y], args, needs }: C, g: Tensor) => [
    needs[0] ? sumTo(where(args.aux!, g, 0), x.shape) : null,
    needs[1] ? sumTo(where(args.aux!, 0, g), y.shape) : null,
  ],
  // ---- unary ----
  neg: (_: C, g: Tensor) => [g.neg()],
  exp: ({ out }: C, g: Tensor) => [g.mul(out)], // (eˣ)' = eˣ
  log: ({ inputs: [a] }: C, g: Tensor) => [g.div(a)],
  sqrt: ({ out }: C, g: Tensor) => [g.div(out.mul(2))],
  rsqrt: ({ out }: C, g: Tensor) => [g.mul(out.pow(3)).mul(-0.5)],
  abs: ({ inputs: [a] }: C, g: Tensor) => [g.mul(a.sign())],
  tanh: ({ out }: C, g: Tensor) => [g.mul(out.mul(out).neg().add(1))], // 1 - tanh²
  sigmoid: ({ out }: C, g: Tensor) => [g.mul(out.mul(out.neg().add(1)))], // σ(1-σ)
  relu: ({ inputs: [a] }: C, g: Tensor) => [g.mul(asF(a.gt(0), g))],
  sin: ({ inputs: [a] }: C, g: Tensor) => [g.mul(a.cos())],
  cos: ({ inputs: [a] }: C, g: Tensor) => [g.mul(a.sin()).neg()],
  erf: ({ inputs: [a] }: C, g: Tensor) => [g.mul(a.mul(a).neg().exp().mul(SQRT_PI_2))], // 2/√π·e^(-x²)
  powScalar: ({ inputs: [a], args }: C, g: Tensor) => [args.exponent === 0 ? g.mul(0) : g.mul(a.pow(args.exponent! - 1).mul(args.exponent!))],
  clamp: ({ inputs: [a], args }: C, g: Tensor) => [g.mul(asF(a.ge(args.min!).logicalAnd(a.le(args.max!)), g))],
  cast: ({ args }: C, g: Tensor) => [g.to(args.dtype!)],
  // ---- reductions ----
  sum: ({ inputs: [a], args }: C, g: Tensor) => {
    const keep = a.shape.map((s, i) => (args.dims!.includes(i) ? 1 : s));
    return [g.reshape(keep).expand(a.shape)];
  },
  cumsum: ({ args }: C, g: Tensor) => [cumsum(g, args.dim!, !args.reverse)],
  // ---- movement ----
  reshape: ({ inputs: [a] }: C, g: Tensor) => [g.reshape(a.shape)],
  permute: ({ args }: C, g: Tensor) => {
    const inv = new Array<number>(args.perm!.length);
    args.perm!.forEach((p, i) => {
      inv[p] = i;
    });
    return [g.permute(inv)];
  },
  expand: ({ inputs: [a] }: C, g: Tensor) => [sumTo(g, a.shape)],
  slice: ({ inputs: [a], args }: C, g: Tensor) => {
    const z = zerosLikeOf(a, g);
    copyInto(slice(z, args.dim!, args.start, args.end, args.step), g, "slice backward");
    return [z];
  },
  contiguous: (_: C, g: Tensor) => [g],
  clone: (_: C, g: Tensor) => [g],
  cat: ({ args }: C, g: Tensor) => {
    let at = 0;
    return args.sizes!.map((s) => {
      at += s;
      return g.narrow(args.dim!, at - s, s);
    });
  },
  // ---- indexing and matmul ----
  gather: ({ inputs: [a], args }: C, g: Tensor) => [scatterAdd(zerosLikeOf(a, g), args.dim!, args.aux!, g)],
  scatterAdd: ({ args, needs }: C, g: Tensor) => [needs[0] ? g : null, needs[1] ? g.gather(args.dim!, args.aux!) : null],
  // A gradient takes its input's layout: for a transposed view (e.g. a Linear weight used as Wᵀ) the product is
  // formed transposed, (Bᵀ·... )ᵀ, so the gradient that reaches the weight is contiguous (no strided copy).
  bmm: ({ inputs: [a, b], needs }: C, g: Tensor) => [
    needs[0] ? (transposedLayout(a) ? bmm(b, g.transpose(1, 2)).transpose(1, 2) : bmm(g, b.transpose(1, 2))) : null, // dA = G·Bᵀ
    needs[1] ? (transposedLayout(b) ? bmm(g.transpose(1, 2), a).transpose(1, 2) : bmm(a.transpose(1, 2), g)) : null, // dB = Aᵀ·G
  ],
} satisfies Record<string, Rule>;

export type RuleName = keyof typeof RULES;

/** Whether a batched matrix (…, r, c) is stored column-major (a transposed view): unit stride along rows. */
function transposedLayout(t: Tensor): boolean {
  const nd = t.dim();
  return nd >= 2 && t.strides[nd - 2] === 1 && t.strides[nd - 1] !== 1 && t.shape[nd - 1] > 1 && t.shape[nd - 2] > 1;
}
