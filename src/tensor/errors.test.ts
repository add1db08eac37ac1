// Bad calls throw TensorError messages that name the op and the offending shapes/dims/dtypes.
import { describe, expect, it } from "vitest";
import { TensorError, cat, einsum, matmul, ones, randn, stack, tensor, where, zeros } from "./core.ts";

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TensorError);
    return (e as Error).message;
  }
  throw new Error("expected a TensorError, nothing was thrown");
}

describe("error messages", () => {
  it("matmul inner dims", () => {
    expect(message(() => matmul(zeros([2, 3]), zeros([4, 5])))).toBe("matmul: cannot multiply [2,3] by [4,5] (inner dims 3 ≠ 4)");
  });
  it("matmul batch dims", () => {
    expect(message(() => zeros([2, 3, 4]).matmul(zeros([5, 4, 6])))).toMatch(/^matmul: cannot multiply \[2,3,4\] by \[5,4,6\] \(batch dims \[2\] and \[5\]/);
  });
  it("matmul of a 0-d tensor", () => {
    expect(message(() => zeros([]).matmul(zeros([3])))).toMatch(/^matmul: cannot multiply \[\] by \[3\]/);
  });
  it("add broadcasting", () => {
    expect(message(() => zeros([2, 3]).add(zeros([4])))).toBe("add: shapes [2,3] and [4] cannot broadcast (dim -1: 3 vs 4)");
  });
  it("mul broadcasting names the op", () => {
    expect(message(() => zeros([2, 3]).mul(zeros([3, 3])))).toMatch(/^mul: shapes \[2,3\] and \[3,3\] cannot broadcast \(dim -2: 2 vs 3\)/);
  });
  it("sum with a bad dim", () => {
    expect(message(() => zeros([2, 3]).sum(3))).toMatch(/^sum: dim 3 is out of range for a tensor of 2 dims \[2,3\]/);
  });
  it("cat with mismatched shapes", () => {
    expect(message(() => cat([zeros([2, 3]), zeros([3, 3])], 1))).toBe(
      "cat: tensor 1 has shape [3,3] but tensor 0 has shape [2,3]; all dims except dim 1 must match",
    );
  });
  it("stack with different shapes", () => {
    expect(message(() => stack([zeros([2]), zeros([3])]))).toMatch(/^stack: tensor 1 has shape \[3\] but tensor 0 has shape \[2\]/);
  });
  it("einsum size mismatch", () => {
    expect(message(() => einsum("ij,jk->ik", zeros([2, 3]), zeros([4, 5])))).toMatch(/^einsum: subscript j has size 4 in operand 1 \[4,5\] but size 3/);
  });
  it("einsum operand count and subscripts", () => {
    expect(message(() => einsum("ij,jk", zeros([2, 3])))).toMatch(/^einsum: the equation has 2 operand\(s\) but 1 tensor\(s\)/);
    expect(message(() => einsum("ijk", zeros([2, 3])))).toMatch(/^einsum: operand 0 'ijk' has 3 subscripts but the tensor has 2 dims \[2,3\]/);
    expect(message(() => einsum("ij->k", zeros([2, 3])))).toMatch(/^einsum: output subscript k does not appear/);
  });
  it("reshape to an incompatible size", () => {
    expect(message(() => zeros([2, 3]).reshape(4, 2))).toMatch(/^reshape: cannot reshape \[2,3\] \(6 elements\) into \[4,2\]/);
  });
  it("view of a non-contiguous tensor", () => {
    expect(message(() => zeros([2, 3]).transpose(0, 1).view(6))).toMatch(/^view: shape \[6\] is not compatible with the input's size \[3,2\]/);
  });
  it("expand of a non-singleton dim", () => {
    expect(message(() => zeros([2, 3]).expand(4, 3))).toMatch(/^expand: cannot expand \[2,3\] to \[4,3\] \(dim 0: 2 vs 4/);
  });
  it("permute with a repeated dim", () => {
    expect(message(() => zeros([2, 3]).permute(0, 0))).toMatch(/^permute: dims \[0,0\] is not a permutation .* \[2,3\]/);
  });
  it("gather index out of range", () => {
    const i = tensor([[0, 7]], { dtype: "int32" });
    expect(message(() => zeros([1, 5]).gather(1, i))).toBe("gather: index 7 is out of range for dim 1 of size 5 (input shape [1,5], index shape [1,2])");
  });
  it("indexSelect with a float index (dtype misuse)", () => {
    expect(message(() => zeros([4, 2]).indexSelect(0, tensor([1, 2])))).toMatch(/^indexSelect: index must be an int32 tensor, got float32 \[2\]/);
  });
  it("select out of range", () => {
    expect(message(() => zeros([2, 3]).select(1, 3))).toBe("select: index 3 is out of range for dim 1 of size 3 (shape [2,3])");
  });
  it("requiresGrad on int32 (dtype misuse)", () => {
    expect(message(() => tensor([1, 2], { dtype: "int32", requiresGrad: true }))).toMatch(/^requiresGrad: only floating-point tensors can require gradients, got dtype int32/);
  });
  it("where with a float condition", () => {
    expect(message(() => where(zeros([2]), ones([2]), 0))).toMatch(/^where: condition must be a bool tensor, got float32 \[2\]/);
  });
  it("maskedFill with a float mask", () => {
    expect(message(() => zeros([2]).maskedFill(ones([2]), 1))).toMatch(/^maskedFill: mask must be a bool tensor, got float32 \[2\]/);
  });
  it("backward on a non-scalar without a gradient", () => {
    const x = randn([2, 3], { requiresGrad: true });
    expect(message(() => x.mul(2).backward())).toMatch(/^backward: grad can be implicitly created only for a single-element output, but this tensor has shape \[2,3\]/);
  });
  it("backward with a wrongly shaped gradient", () => {
    const x = randn([2, 3], { requiresGrad: true });
    expect(message(() => x.mul(2).backward(ones([3, 2])))).toBe("backward: gradient shape [3,2] does not match the output shape [2,3]");
  });
  it("item on a multi-element tensor", () => {
    expect(message(() => zeros([2, 2]).item())).toMatch(/^item: only one-element tensors .* shape \[2,2\]/);
  });
  it("ragged nested data", () => {
    expect(message(() => tensor([[1, 2], [3]]))).toMatch(/^tensor: ragged nested array at index \[1\]: expected length 2, got length 1/);
  });
  it("in-place update of a tensor that requires grad", () => {
    const p = randn([3], { requiresGrad: true });
    expect(message(() => p.add_(1))).toMatch(/^add_: in-place update of a tensor \[3\] that requires grad; wrap the update in noGrad/);
  });
});
