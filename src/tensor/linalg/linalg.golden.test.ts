// linalg.json goldens (PyTorch 1.13): SVD values, factor checks and rank-k reconstruction; QR; the SVD storage accounting.
import { describe, expect, it } from "vitest";
import { type Tensor, tensor } from "../core.ts";
import { type FixtureCase, firstMismatch, fixtureCases, outNumber, outTensor } from "../io/fixtures.ts";
import { maxProductError, orthonormalColumnsError, scaleColumns, transpose } from "./dense-check.ts";
import { qr, svd } from "./index.ts";

const cases = fixtureCases("linalg");
const byPrefix = (p: string) => cases.filter((c) => c.name.startsWith(p));
const input = (c: FixtureCase, key: string): Tensor => {
  const spec = c.inputs![key]!;
  return tensor(Float32Array.from(spec.data), { shape: spec.shape });
};
const close = (a: ArrayLike<number>, e: ArrayLike<number>, atol: number, rtol: number) => expect(firstMismatch(a, e, atol, rtol)).toBeNull();

/** Rank-k truncation U[:, :k] diag(S[:k]) Vh[:k] in float64. */
function rankK(U: Float64Array, S: Float64Array, Vh: Float64Array, m: number, n: number, kAll: number, k: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let t = 0;
    for (let l = 0; l < k; l++) t += U[i * kAll + l]! * S[l]! * Vh[l * n + j]!;
    out[i * n + j] = t;
  }
  return out;
}

describe("linalg goldens", () => {
  it("has the expected cases", () => {
    expect(cases.map((c) => c.name)).toEqual(["svd_8x8", "svd_10x6", "svd_6x10", "svd_32x24", "qr_7x5", "seed_article_svd_accounting"]);
  });

  for (const c of byPrefix("svd_")) {
    it(c.name, () => {
      const A = input(c, "A");
      const [m, n] = A.shape as [number, number];
      const k = Math.min(m, n);
      const r = Number(c.args!.k);
      const { atol = 1e-4, rtol = 1e-4 } = c;
      const { U, S, Vh } = svd(A);
      expect(U.shape).toEqual([m, k]);
      expect(S.shape).toEqual([k]);
      expect(Vh.shape).toEqual([k, n]);
      const u = U.toFloat64Array();
      const s = S.toFloat64Array();
      const vh = Vh.toFloat64Array();
      close(s, outTensor(c, "S").data, atol, rtol);
      // U diag(S) Vh ≈ A, orthonormal factors (float32 outputs: tolerance at float32 level).
      expect(maxProductError(scaleColumns(u, s, m, k), vh, A.toFloat64Array(), m, k, n)).toBeLessThanOrEqual(atol);
      expect(orthonormalColumnsError(u, m, k)).toBeLessThanOrEqual(1e-5);
      expect(orthonormalColumnsError(transpose(vh, k, n), n, k)).toBeLessThanOrEqual(1e-5);
      // Rank-k reconstruction is sign-independent: compare with the golden.
      const approx = rankK(u, s, vh, m, n, k, r);
      close(approx, outTensor(c, "rank_k_reconstruction").data, atol, rtol);
      // Accounting: error = sqrt(Σ_{i≥k} σ²), stored values = k(m + n + 1) vs m·n dense.
      let tail = 0;
      for (let i = r; i < k; i++) tail += s[i]! ** 2;
      const a = A.toFloat64Array();
      let frob = 0;
      for (let i = 0; i < m * n; i++) frob += (a[i]! - approx[i]!) ** 2;
      close([Math.sqrt(tail), Math.sqrt(frob)], [outNumber(c, "frobenius_error_rank_k"), outNumber(c, "frobenius_error_rank_k")], atol, rtol);
      expect(r * (m + n + 1)).toBe(outNumber(c, "stored_values_rank_k"));
      expect(m * n).toBe(outNumber(c, "dense_values"));
    });
  }

  it("qr_7x5", () => {
    const c = cases.find((x) => x.name === "qr_7x5")!;
    const A = input(c, "A");
    const { atol = 1e-5, rtol = 1e-4 } = c;
    const { Q, R } = qr(A);
    expect(Q.shape).toEqual([7, 5]);
    expect(R.shape).toEqual([5, 5]);
    const q = Q.toFloat64Array();
    const rr = R.toFloat64Array();
    expect(maxProductError(q, rr, A.toFloat64Array(), 7, 5, 5)).toBeLessThanOrEqual(1e-5);
    expect(orthonormalColumnsError(q, 7, 5)).toBeLessThanOrEqual(1e-5);
    for (let i = 0; i < 5; i++) for (let j = 0; j < i; j++) expect(rr[i * 5 + j]).toBe(0);
    close([0, 1, 2, 3, 4].map((i) => Math.abs(rr[i * 5 + i]!)), outTensor(c, "abs_diag_R").data, atol, rtol);
  });

  it("seed_article_svd_accounting", () => {
    const c = cases.find((x) => x.name === "seed_article_svd_accounting")!;
    const { m, n, k } = c.args as { m: number; n: number; k: number };
    // Storing U_k (m×k), s_k (k) and Vh_k (k×n) instead of the dense m×n matrix.
    const dense = m * n;
    const factored = m * k + k + k * n;
    expect(dense).toBe(outNumber(c, "dense_values"));
    expect(factored).toBe(outNumber(c, "factored_values"));
    close([1 - factored / dense], [outNumber(c, "saved_fraction")], 0, 1e-12);
    // The same numbers from real factors of a small matrix of that structure.
    const { U, S, Vh } = svd(tensor(Float32Array.from({ length: 12 * 12 }, (_, i) => Math.sin(i * 0.37)), { shape: [12, 12] }));
    const stored = U.slice(1, 0, 4).numel() + S.slice(0, 0, 4).numel() + Vh.slice(0, 0, 4).numel();
    expect(stored).toBe(12 * 4 + 4 + 4 * 12);
  });
});
