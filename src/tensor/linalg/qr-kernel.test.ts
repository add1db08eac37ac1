// Tests for the pure float64 Householder QR kernel in both modes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maxProductError, orthonormalColumnsError } from "./dense-check.ts";
import { qrKernel } from "./qr-kernel.ts";

describe("qrKernel", () => {
  it("Q R = A, QᵀQ = I, R upper triangular, reduced and complete (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom<"reduced" | "complete">("reduced", "complete"),
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 81, maxLength: 81 }),
        (m, n, mode, vals) => {
          const a = Float64Array.from(vals.slice(0, m * n));
          const { Q, R, qCols, rRows } = qrKernel(a, m, n, mode);
          const k = Math.min(m, n);
          expect(qCols).toBe(mode === "complete" ? m : k);
          expect(rRows).toBe(mode === "complete" ? m : k);
          expect(maxProductError(Q, R, a, m, qCols, n)).toBeLessThanOrEqual(1e-12);
          expect(orthonormalColumnsError(Q, m, qCols)).toBeLessThanOrEqual(1e-13);
          for (let i = 0; i < rRows; i++) for (let j = 0; j < Math.min(i, n); j++) expect(R[i * n + j]).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("stays orthonormal when some columns are ~1e-300 times the largest entry", () => {
    // found by the property test: specks near the subnormal range once broke orthonormality (error 6e-13)
    const a = [0, 0, 7.469963933760091e-301, 0, 0, 0, 0, 0, 0, 7.466108948025751e-301, 0.000010790061026125256, 0];
    const { Q, R, qCols } = qrKernel(a, 4, 3, "reduced");
    expect(maxProductError(Q, R, a, 4, qCols, 3)).toBeLessThanOrEqual(1e-12);
    expect(orthonormalColumnsError(Q, 4, qCols)).toBeLessThanOrEqual(1e-13);
  });

  it("handles zero and rank-deficient columns", () => {
    const a = [0, 1, 0, 2, 0, 3]; // 3×2, first column zero
    const { Q, R } = qrKernel(a, 3, 2, "complete");
    expect(maxProductError(Q, R, a, 3, 3, 2)).toBeLessThanOrEqual(1e-14);
    expect(orthonormalColumnsError(Q, 3, 3)).toBeLessThanOrEqual(1e-14);
    expect(Math.abs(R[0]!)).toBe(0);
    expect(Math.abs(Math.abs(R[3]!) - Math.sqrt(13))).toBeLessThanOrEqual(1e-14);
  });
});
