// Tensor basics: creation and dtype inference, views sharing storage, printing, promotion, in-place helpers.
import { describe, expect, it } from "vitest";
import { arange, eye, full, noGrad, ones, onesLike, randint, tensor, where, zeros, zerosLike } from "./core.ts";

describe("creation", () => {
  it("infers dtype and shape like the contract says", () => {
    expect(tensor(3).shape).toEqual([]);
    expect(tensor(3).dtype).toBe("float32");
    expect(tensor([[1, 2], [3, 4]]).shape).toEqual([2, 2]);
    expect(tensor([true, false]).dtype).toBe("bool");
    expect(tensor(new Int32Array([1, 2])).dtype).toBe("int32");
    expect(tensor(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] }).dtype).toBe("float64");
    expect(tensor(new Uint8Array([1, 0])).dtype).toBe("bool");
    expect(tensor([1.7, -2.2], { dtype: "int32" }).tolist()).toEqual([1, -2]);
  });

  it("copies typed-array data", () => {
    const src = new Float32Array([1, 2]);
    const t = tensor(src);
    src[0] = 9;
    expect(t.tolist()).toEqual([1, 2]);
  });

  it("zeros/ones/full/arange/eye/like", () => {
    expect(zeros([2, 1]).tolist()).toEqual([[0], [0]]);
    expect(ones(3, { dtype: "int32" }).tolist()).toEqual([1, 1, 1]);
    expect(full([2], 7).tolist()).toEqual([7, 7]);
    expect(arange(4).tolist()).toEqual([0, 1, 2, 3]);
    expect(arange(1, 2, 0.25).tolist()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(arange(5, 0, -2, { dtype: "int32" }).tolist()).toEqual([5, 3, 1]);
    expect(eye(2).tolist()).toEqual([[1, 0], [0, 1]]);
    const t = tensor([[1, 2]], { dtype: "float64" });
    expect(zerosLike(t).dtype).toBe("float64");
    expect(onesLike(t).tolist()).toEqual([[1, 1]]);
  });

  it("randint stays in [low, high) and is int32", () => {
    const r = randint(-2, 3, [200]);
    expect(r.dtype).toBe("int32");
    const v = r.toFloat64Array();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...v)).toBeLessThan(3);
    expect(new Set(v).size).toBe(5);
  });
});

describe("metadata and conversion", () => {
  it("numel, dim, size, item, tolist, toFloat32Array", () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.numel()).toBe(6);
    expect(t.dim()).toBe(2);
    expect(t.size()).toEqual([2, 3]);
    expect(t.size(-1)).toBe(3);
    expect(t.sum().item()).toBe(21);
    expect(Array.from(t.T.toFloat32Array())).toEqual([1, 4, 2, 5, 3, 6]);
    expect(tensor(true).tolist()).toBe(true);
  });

  it("prints readably", () => {
    expect(tensor([[1, 2], [3, 4]]).toString()).toBe("tensor([[1.0000, 2.0000],\n        [3.0000, 4.0000]])");
    expect(tensor([1, 2], { requiresGrad: true }).toString()).toBe("tensor([1.0000, 2.0000], requiresGrad=true)");
    expect(tensor([1, 2], { dtype: "int32" }).toString()).toBe("tensor([1, 2], dtype=int32)");
    expect(tensor([1], { requiresGrad: true }).mul(2).toString()).toBe("tensor([2.0000], gradFn=<mul>)");
  });

  it("type promotion like torch", () => {
    const i = tensor([1, 2], { dtype: "int32" });
    expect(i.add(1).dtype).toBe("int32");
    expect(i.add(0.5).dtype).toBe("float32");
    expect(i.div(2).tolist()).toEqual([0.5, 1]);
    expect(i.exp().dtype).toBe("float32");
    expect(i.add(tensor([1], { dtype: "float64" })).dtype).toBe("float64");
    expect(tensor([true]).add(tensor([true])).dtype).toBe("int32");
    expect(tensor([1.5]).add(tensor([1], { dtype: "float64" })).dtype).toBe("float64");
    expect(i.sum().dtype).toBe("int32");
  });
});

describe("views share storage", () => {
  it("reshape/transpose/permute/expand/slice/select are views; contiguous copies only when needed", () => {
    const x = arange(6).reshape(2, 3);
    const base = x.data;
    for (const v of [x.view(3, 2), x.transpose(0, 1), x.permute(1, 0), x.unsqueeze(0), x.slice(1, 1), x.select(0, 1), x.narrow(1, 0, 2), x.expand(4, 2, 3)]) {
      expect(v.data).toBe(base);
    }
    expect(x.contiguous()).toBe(x);
    const t = x.transpose(0, 1);
    expect(t.isContiguous()).toBe(false);
    const c = t.contiguous();
    expect(c.isContiguous()).toBe(true);
    expect(c.data).not.toBe(base);
    expect(c.tolist()).toEqual([[0, 3], [1, 4], [2, 5]]);
  });

  it("a write through a view is visible in the base", () => {
    const x = zeros([2, 3]);
    noGrad(() => x.slice(1, 1, 3).fill_(5));
    expect(x.tolist()).toEqual([[0, 5, 5], [0, 5, 5]]);
    x.select(0, 1).copy_(tensor([1, 2, 3]));
    expect(x.tolist()).toEqual([[0, 5, 5], [1, 2, 3]]);
  });

  it("slicing with steps and negative bounds", () => {
    const x = arange(10);
    expect(x.slice(0, 1, undefined, 3).tolist()).toEqual([1, 4, 7]);
    expect(x.slice(0, -3).tolist()).toEqual([7, 8, 9]);
    expect(x.slice(0, 8, 100).tolist()).toEqual([8, 9]);
    expect(x.split(4).map((s) => s.numel())).toEqual([4, 4, 2]);
    expect(x.chunk(3).map((s) => s.numel())).toEqual([4, 4, 2]);
  });

  it("squeeze/unsqueeze/flatten/repeat/tril/triu", () => {
    const x = zeros([2, 1, 3]);
    expect(x.squeeze().shape).toEqual([2, 3]);
    expect(x.squeeze(0).shape).toEqual([2, 1, 3]);
    expect(x.unsqueeze(-1).shape).toEqual([2, 1, 3, 1]);
    expect(x.flatten(1).shape).toEqual([2, 3]);
    expect(tensor([1, 2]).repeat(2, 2).tolist()).toEqual([[1, 2, 1, 2], [1, 2, 1, 2]]);
    expect(ones([3, 3]).tril().tolist()).toEqual([[1, 0, 0], [1, 1, 0], [1, 1, 1]]);
    expect(ones([2, 3]).triu(1).tolist()).toEqual([[0, 1, 1], [0, 0, 1]]);
  });
});

describe("reductions", () => {
  const x = tensor([[1, 5, 3], [4, 2, 6]]);
  it("max/min/argmax with and without dim", () => {
    expect(x.max().item()).toBe(6);
    const { values, indices } = x.max(1);
    expect(values.tolist()).toEqual([5, 6]);
    expect(indices.tolist()).toEqual([1, 2]);
    expect(indices.dtype).toBe("int32");
    expect(x.min(0, true).values.tolist()).toEqual([[1, 2, 3]]);
    expect(x.argmax().item()).toBe(5);
    expect(x.argmin(1).tolist()).toEqual([0, 1]);
  });
  it("sum/mean/var/std/cumsum/prod/logsumexp/softmax", () => {
    expect(x.sum(0).tolist()).toEqual([5, 7, 9]);
    expect(x.sum([0, 1], true).shape).toEqual([1, 1]);
    expect(x.mean().item()).toBeCloseTo(3.5, 6);
    expect(tensor([1, 2, 3, 4]).var().item()).toBeCloseTo(5 / 3, 6);
    expect(tensor([1, 2, 3, 4]).var(0, false).item()).toBeCloseTo(1.25, 6);
    expect(tensor([1, 2, 3, 4]).std().item()).toBeCloseTo(Math.sqrt(5 / 3), 6);
    expect(x.cumsum(1).tolist()).toEqual([[1, 6, 9], [4, 6, 12]]);
    expect(x.prod(1).tolist()).toEqual([15, 48]);
    expect(tensor([1000, 1000]).logsumexp(0).item()).toBeCloseTo(1000 + Math.log(2), 3);
    expect(tensor([-Infinity, -Infinity]).logsumexp(0).item()).toBe(-Infinity);
    const s = tensor([[1000, 0, -1000]]).softmax(-1).tolist() as number[][];
    expect(s[0][0]).toBeCloseTo(1, 6);
    expect(Number.isFinite(tensor([[1000, 0]]).logSoftmax(1).sum().item())).toBe(true);
  });
});

describe("where", () => {
  it("accepts numbers for x and y", () => {
    const c = tensor([true, false]);
    expect(where(c, 1, 0).tolist()).toEqual([1, 0]);
    expect(where(c, 1, 0).dtype).toBe("float32");
    expect(where(c, tensor([5, 6], { dtype: "int32" }), -1).tolist()).toEqual([5, -1]);
  });
});

describe("in-place helpers", () => {
  it("add_/sub_/mul_/div_/zero_ update storage and return this", () => {
    const p = tensor([1, 2, 3], { requiresGrad: true });
    noGrad(() => {
      expect(p.add_(tensor([1, 1, 1]), 2)).toBe(p);
      p.sub_(1).mul_(2).div_(tensor([2]));
    });
    expect(p.tolist()).toEqual([2, 3, 4]);
    noGrad(() => p.zero_());
    expect(p.tolist()).toEqual([0, 0, 0]);
  });
});
