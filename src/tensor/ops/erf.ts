// The error function to double precision (needed by GELU and by float64 gradcheck).
const TWO_OVER_SQRT_PI = 1.1283791670955126;
const INV_SQRT_PI = 0.5641895835477563;

/**
 * erf(x): for |x| < 2.5 the all-positive series 2/√π·e^{-x²}·Σ 2ⁿx^{2n+1}/(2n+1)!! (no cancellation);
 * for larger |x| the continued fraction of erfc, evaluated bottom-up; |x| ≥ 6 rounds to ±1.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  const sign = x < 0 ? -1 : 1;
  if (ax < 2.5) {
    const x2 = 2 * ax * ax;
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 200; n++) {
      term *= x2 / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return sign * TWO_OVER_SQRT_PI * Math.exp(-ax * ax) * sum;
  }
  if (ax >= 6) return sign;
  let f = ax;
  for (let k = 80; k >= 1; k--) f = ax + k / 2 / f;
  const erfc = (Math.exp(-ax * ax) * INV_SQRT_PI) / f;
  return sign * (1 - erfc);
}
