// matmul shapes (1-D/2-D/batched) and the blocked kernel against a naive triple loop on sizes that span several blocks.
import { describe, expect, it } from "vitest";
import { assertClose, bmm, manualSeed, matmul, randn, tensor, zeros } from "../core.ts";

function naive(a: Float64Array, b: Float64Array, M: number, K: number, N: number): Float64Array {
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) for (let k = 0; k < K; k++) c[i * N + j] += a[i * K + k] * b[k * N + j];
  return c;
}

describe("matmul", () => {
  it("result shapes follow torch.matmul", () => {
    expect(matmul(zeros([3]), zeros([3])).shape).toEqual([]);
    expect(matmul(zeros([3]), zeros([3, 4])).shape).toEqual([4]);
    expect(matmul(zeros([2, 3]), zeros([3])).shape).toEqual([2]);
    expect(matmul(zeros([5, 2, 3]), zeros([3])).shape).toEqual([5, 2]);
    expect(matmul(zeros([3]), zeros([5, 3, 2])).shape).toEqual([5, 2]);
    expect(matmul(zeros([7, 1, 2, 3]), zeros([4, 3, 6])).shape).toEqual([7, 4, 2, 6]);
  });

  it("odd sizes across several cache blocks match a naive loop (float32 and float64)", () => {
    manualSeed(2);
    for (const dtype of ["float32", "float64"] as const) {
      const a = randn([37, 301], { dtype });
      const b = randn([301, 131], { dtype });
      const want = naive(a.toFloat64Array(), b.toFloat64Array(), 37, 301, 131);
      const got = a.matmul(b);
      expect(got.dtype).toBe(dtype);
      assertClose(got, tensor(want, { shape: [37, 131], dtype: "float64" }), { atol: 1e-4, rtol: 1e-5 });
    }
  });

  it("works on transposed and sliced (non-contiguous) operands", () => {
    const a = randn([6, 4], { dtype: "float64" });
    const b = randn([5, 6], { dtype: "float64" });
    const at = a.T; // [4,6] view
    const bs = b.slice(0, 0, 5).T; // [6,5] view
    const want = naive(at.contiguous().toFloat64Array(), bs.contiguous().toFloat64Array(), 4, 6, 5);
    assertClose(at.matmul(bs), tensor(want, { shape: [4, 5], dtype: "float64" }), { atol: 1e-12 });
  });

  it("int32 matmul stays int32; bmm checks its shapes", () => {
    const a = tensor([[1, 2], [3, 4]], { dtype: "int32" });
    expect(a.matmul(a).tolist()).toEqual([[7, 10], [15, 22]]);
    expect(a.matmul(a).dtype).toBe("int32");
    expect(() => bmm(zeros([2, 3, 4]), zeros([3, 4, 5]))).toThrow("bmm: cannot multiply [2,3,4] by [3,4,5] (need [B,M,K] and [B,K,N])");
  });
});
