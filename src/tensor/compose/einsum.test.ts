// einsum specifics: ellipsis broadcasting, implicit output order, diagonals, many operands, scalars.
import { describe, expect, it } from "vitest";
import { assertClose, einsum, manualSeed, randn, tensor } from "../core.ts";

manualSeed(11);
const r = (shape: number[]) => randn(shape, { dtype: "float64" });

describe("einsum", () => {
  it("implicit output: alphabetical single-use subscripts (ba → ab is a transpose)", () => {
    const x = r([2, 3]);
    assertClose(einsum("ba", x), x.transpose(0, 1), { atol: 0 });
    assertClose(einsum("ij,jk", x, x.T), x.matmul(x.T), { atol: 1e-12 }); // j is summed, output "ik"
  });

  it("ellipsis broadcasts batch dims of size 1", () => {
    const a = r([2, 1, 3, 4]);
    const b = r([5, 4, 2]);
    assertClose(einsum("...ij,...jk->...ik", a, b), a.matmul(b), { atol: 1e-12 });
    expect(einsum("...ij,...jk->...ik", a, b).shape).toEqual([2, 5, 3, 2]);
  });

  it("ellipsis in the middle and implicit output keeps it first", () => {
    const x = r([3, 2, 5, 4]);
    assertClose(einsum("a...b->ba...", x), x.permute(3, 0, 1, 2), { atol: 0 });
    assertClose(einsum("a...b", x), x.permute(1, 2, 0, 3), { atol: 0 });
  });

  it("diagonals and traces, including a repeated subscript kept in the output", () => {
    const x = r([3, 3, 2]);
    const diag = einsum("iij->ij", x);
    expect(diag.shape).toEqual([3, 2]);
    for (let i = 0; i < 3; i++) assertClose(diag.select(0, i), x.select(0, i).select(0, i), { atol: 0 });
    assertClose(einsum("iij->", x), diag.sum(), { atol: 1e-12 });
  });

  it("four operands agree with a chain of matmuls whatever order the greedy picks", () => {
    const [a, b, c, d] = [r([2, 30]), r([30, 3]), r([3, 40]), r([40, 2])];
    assertClose(einsum("ab,bc,cd,de->ae", a, b, c, d), a.matmul(b).matmul(c).matmul(d), { atol: 1e-10, rtol: 1e-10 });
  });

  it("outer products, scalars and sums over a label used once", () => {
    const u = r([3]);
    const v = r([4]);
    assertClose(einsum("i,j->ij", u, v), u.unsqueeze(1).mul(v), { atol: 1e-12 });
    assertClose(einsum(",i->i", tensor(2, { dtype: "float64" }), u), u.mul(2), { atol: 1e-12 });
    assertClose(einsum("i->", u), u.sum(), { atol: 1e-12 });
    assertClose(einsum("ij->j", r([2, 2]).mul(0).add(1)), tensor([2, 2], { dtype: "float64" }), { atol: 0 });
  });

  it("spaces are ignored and gradients flow through every operand", () => {
    const a = randn([2, 3], { requiresGrad: true });
    const b = randn([3], { requiresGrad: true });
    einsum(" ij , j -> i ", a, b).sum().backward();
    assertClose(a.grad!, b.unsqueeze(0).expand(2, 3), { atol: 1e-6 });
    assertClose(b.grad!, a.sum(0), { atol: 1e-6 });
  });
});
