// Exact power-of-two rescaling used by the SVD and QR kernels to stay clear of overflow and subnormals.

/** Entries smaller than this after rescaling (max |a| ≈ 1) are flushed to zero. */
const FLUSH = 2 ** -500; // ≪ EPS², so flushing perturbs A far below rounding error; keeps products clear of subnormals

/**
 * Returns a Float64Array copy of `a` multiplied by 2^-e, where 2^e ≈ max |a|, with subnormal-range
 * leftovers flushed to zero, and the factor 2^e to undo it (multiply singular values / R by it).
 * Power-of-two scaling is exact, so no information beyond the flushed specks is lost.
 */
export function prescale(a: ArrayLike<number>): { scaled: Float64Array; factor: number } {
  let amax = 0;
  for (let i = 0; i < a.length; i++) amax = Math.max(amax, Math.abs(a[i]!));
  const scaled = Float64Array.from(a);
  if (amax === 0) return { scaled, factor: 1 };
  const e = Math.round(Math.log2(amax));
  // Two steps so that neither 2^-e nor 2^e overflows for extreme exponents.
  const h = Math.trunc(e / 2);
  const s1 = 2 ** -h;
  const s2 = 2 ** -(e - h);
  for (let i = 0; i < scaled.length; i++) {
    const v = scaled[i]! * s1 * s2;
    scaled[i] = Math.abs(v) < FLUSH ? 0 : v;
  }
  return { scaled, factor: 2 ** h * 2 ** (e - h) };
}
