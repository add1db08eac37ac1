// Tensor-level linalg tests: shapes and dtypes, full matrices, batching, norms (values and gradients), bad input.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tensor } from "../core.ts";
import { firstMismatch } from "../io/fixtures.ts";
import { maxProductError, orthonormalColumnsError } from "./dense-check.ts";
import { matrixNorm, matrixRank, norm, qr, svd, svdvals, vectorNorm } from "./index.ts";

const close = (a: ArrayLike<number>, e: ArrayLike<number>, atol = 1e-6, rtol = 1e-6) => expect(firstMismatch(a, e, atol, rtol)).toBeNull();
const A23 = () => tensor([[3, 0, 4], [1, -2, 2]], { dtype: "float64" });

describe("linalg.svd (Tensor)", () => {
  it("keeps the dtype and gives full matrices that are square orthogonal", () => {
    for (const [m, n] of [[5, 3], [3, 5]] as const) {
      const A = tensor(Float64Array.from({ length: m * n }, (_, i) => Math.cos(i * 1.3) + i / 7), { shape: [m, n] });
      const { U, S, Vh } = svd(A, { fullMatrices: true });
      expect(U.dtype).toBe("float64");
      expect(U.shape).toEqual([m, m]);
      expect(Vh.shape).toEqual([n, n]);
      expect(orthonormalColumnsError(U.toFloat64Array(), m, m)).toBeLessThanOrEqual(1e-12);
      expect(orthonormalColumnsError(Vh.transpose(0, 1).contiguous().toFloat64Array(), n, n)).toBeLessThanOrEqual(1e-12);
      // U[:, :k] diag(S) Vh[:k] = A
      const k = Math.min(m, n);
      const us = U.slice(1, 0, k).mul(S).toFloat64Array();
      expect(maxProductError(us, Vh.slice(0, 0, k).toFloat64Array(), A.toFloat64Array(), m, k, n)).toBeLessThanOrEqual(1e-12);
    }
  });

  it("factors every matrix of a batch", () => {
    const A = tensor(Float32Array.from({ length: 2 * 3 * 4 * 3 }, (_, i) => Math.sin(i)), { shape: [2, 3, 4, 3] });
    const { U, S, Vh } = svd(A);
    expect([U.shape, S.shape, Vh.shape]).toEqual([[2, 3, 4, 3], [2, 3, 3], [2, 3, 3, 3]]);
    const recon = U.mul(S.unsqueeze(-2)).matmul(Vh);
    close(recon.toFloat64Array(), A.toFloat64Array(), 1e-5, 1e-5);
    close(svdvals(A.slice(0, 1, 2).slice(1, 2, 3).reshape(4, 3)).toFloat64Array(), S.slice(0, 1, 2).slice(1, 2, 3).reshape(3).toFloat64Array());
  });

  it("reconstructs random float32 matrices (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer(), (m, n, seed) => {
        const A = tensor(Float32Array.from({ length: m * n }, (_, i) => Math.sin(seed + i * 2.1)), { shape: [m, n] });
        const { U, S, Vh } = svd(A);
        close(U.mul(S).matmul(Vh).toFloat64Array(), A.toFloat64Array(), 1e-5, 1e-5);
      }),
      { numRuns: 60 },
    );
  });

  it("returns results that do not track gradients", () => {
    const A = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const { S } = svd(A);
    expect(S.requiresGrad).toBe(false);
  });

  it("rejects non-matrices and integer tensors with a message naming the problem", () => {
    expect(() => svd(tensor([1, 2, 3]))).toThrow("linalg.svd: expected a matrix (2-D) or a batch of matrices (…, m, n), got a 1-D tensor [3]");
    expect(() => svd(tensor(Int32Array.from([1, 2, 3, 4]), { shape: [2, 2] }))).toThrow(/linalg.svd: expected a float32 or float64 tensor, got int32 \[2, 2\]; convert it first with .float\(\)/);
    expect(() => svd(tensor([[1, Number.NaN]]))).toThrow(/svd: input has a non-finite value NaN at row 0, column 1/);
    expect(() => qr(tensor(5))).toThrow(/linalg.qr: expected a matrix .* got a 0-D tensor \[\]/);
    expect(() => qr(tensor([[true, false]]))).toThrow(/linalg.qr: expected a float32 or float64 tensor, got bool \[1, 2\]/);
    expect(() => qr(tensor([[1, 2]]), { mode: "full" as "reduced" })).toThrow(/linalg.qr: unknown mode "full"/);
  });
});

describe("linalg.qr (Tensor)", () => {
  it("gives reduced, complete and r-only factors", () => {
    const A = A23().transpose(0, 1).contiguous(); // 3×2
    const red = qr(A);
    expect([red.Q.shape, red.R.shape]).toEqual([[3, 2], [2, 2]]);
    close(red.Q.matmul(red.R).toFloat64Array(), A.toFloat64Array(), 1e-12);
    const comp = qr(A, { mode: "complete" });
    expect([comp.Q.shape, comp.R.shape]).toEqual([[3, 3], [3, 2]]);
    close(comp.Q.matmul(comp.R).toFloat64Array(), A.toFloat64Array(), 1e-12);
    const r = qr(A, { mode: "r" });
    expect(r.Q.numel()).toBe(0);
    close(r.R.toFloat64Array(), red.R.toFloat64Array(), 1e-12);
  });
});

describe("linalg.norm", () => {
  it("computes the vector norms", () => {
    const x = tensor([3, -4, 0], { dtype: "float64" });
    expect(norm(x).item()).toBe(5);
    expect(norm(x, 1).item()).toBe(7);
    expect(norm(x, Number.POSITIVE_INFINITY).item()).toBe(4);
    expect(norm(x, Number.NEGATIVE_INFINITY).item()).toBe(0);
    expect(norm(x, 0).item()).toBe(2);
    close([norm(x, 3).item()], [(27 + 64) ** (1 / 3)], 1e-12);
    close(vectorNorm(A23(), 2, 1).toFloat64Array(), [5, 3]);
    expect(vectorNorm(A23(), 2, 0, true).shape).toEqual([1, 3]);
  });

  it("computes the matrix norms", () => {
    const A = A23(); // [[3,0,4],[1,-2,2]]
    close([norm(A).item()], [Math.sqrt(34)]);
    close([norm(A, "fro").item()], [Math.sqrt(34)]);
    expect(norm(A, 1).item()).toBe(6); // column sums 4, 2, 6
    expect(norm(A, -1).item()).toBe(2);
    expect(norm(A, Number.POSITIVE_INFINITY).item()).toBe(7); // row sums 7, 5
    expect(norm(A, Number.NEGATIVE_INFINITY).item()).toBe(5);
    const s = svdvals(A).toFloat64Array();
    close([norm(A, 2).item(), norm(A, -2).item(), norm(A, "nuc").item()], [s[0]!, s[1]!, s[0]! + s[1]!], 1e-12);
    const batch = A.unsqueeze(0).expand(4, 2, 3).contiguous();
    expect(matrixNorm(batch, "nuc").shape).toEqual([4]);
    expect(matrixNorm(batch, 1, [-2, -1], true).shape).toEqual([4, 1, 1]);
    expect(norm(batch, "fro", [1, 2], true).shape).toEqual([4, 1, 1]);
    expect(matrixNorm(batch, 2, [-2, -1], true).shape).toEqual([4, 1, 1]);
  });

  it("differentiates the default 2-norm and the Frobenius norm: d‖x‖/dx = x/‖x‖", () => {
    const x = tensor([[1, 2], [-2, 4]], { dtype: "float64", requiresGrad: true });
    norm(x).backward();
    close(x.grad!.toFloat64Array(), [1 / 5, 2 / 5, -2 / 5, 4 / 5], 1e-12);
  });

  it("rejects bad arguments with the op named", () => {
    expect(() => norm(tensor([1, 2]), "fro")).toThrow(/linalg.norm: ord "fro" is a matrix norm but the input is 1-D \[2\]/);
    expect(() => norm(tensor([[[1]]]), 2)).toThrow(/linalg.norm: with ord given and no dim the input must be 1-D or 2-D, got \[1, 1, 1\]/);
    expect(() => norm(tensor([1, 2]), 2, 3)).toThrow(/linalg.vectorNorm: dim 3 is out of range for a tensor of 1 dims \[2\]/);
    expect(() => matrixNorm(A23(), 3)).toThrow(/linalg.matrixNorm: unsupported ord 3/);
    expect(() => norm(tensor(Int32Array.from([1]), { shape: [1] }))).toThrow(/linalg.norm: expected a float32 or float64 tensor, got int32/);
  });
});

describe("linalg.matrixRank", () => {
  it("counts singular values above the tolerance", () => {
    expect(matrixRank(tensor([[1, 2], [2, 4]], { dtype: "float64" })).item()).toBe(1);
    expect(matrixRank(A23()).item()).toBe(2);
    expect(matrixRank(tensor([[0, 0], [0, 0]])).item()).toBe(0);
    expect(matrixRank(tensor([[1, 0], [0, 1e-3]]), { atol: 1e-2 }).item()).toBe(1);
  });
});
