// Pure float64 SVD kernel (Golub–Kahan–Reinsch: Householder bidiagonalisation + implicit-shift QR), no Tensor dependency.
//
// The algorithm follows LINPACK's dsvdc as restated by JAMA (public domain), with two changes:
// the input is rescaled by a power of two first, matrices are stored column-major so every inner loop walks contiguous memory, and m < n is
// handled by factorising Aᵀ (the Reinsch iteration assumes m ≥ n).

export interface SvdFactors {
  /** rows of A */
  m: number;
  /** columns of A */
  n: number;
  /** min(m, n): number of singular values */
  k: number;
  /** U, m×k, row-major, orthonormal columns */
  U: Float64Array;
  /** singular values, length k, descending, ≥ 0 */
  S: Float64Array;
  /** Vᵀ, k×n, row-major, orthonormal rows */
  Vh: Float64Array;
}

import { prescale } from "./prescale.ts";
import { applySweep, dot, rotate, swapColumns } from "./svd-loops.ts";

const EPS = 2 ** -52;
const TINY = 2 ** -966;
/** After prescaling (max |a| ≈ 1), columns/rows with norm below this are treated as exact zeros. */
const SAFE_MIN = 2 ** -900;

/** sqrt(a² + b²) without destructive underflow or overflow. */
function hypot(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  if (x > y) {
    const r = y / x;
    return x * Math.sqrt(1 + r * r);
  }
  if (y === 0) return 0;
  const r = x / y;
  return y * Math.sqrt(1 + r * r);
}

/** Euclidean norm of v[from..to) scaled to avoid overflow. */
function norm2(v: Float64Array, from: number, to: number): number {
  let scale = 0;
  for (let i = from; i < to; i++) {
    const a = Math.abs(v[i]!);
    if (a > scale) scale = a;
  }
  if (scale === 0) return 0;
  let ss = 0;
  for (let i = from; i < to; i++) {
    const t = v[i]! / scale;
    ss += t * t;
  }
  return scale * Math.sqrt(ss);
}

interface TallFactors {
  u: Float64Array; // m×n column-major
  s: Float64Array; // n
  v: Float64Array; // n×n column-major
}

/** SVD of a column-major m×n matrix with m ≥ n ≥ 1. Destroys `a`. */
function tallSvd(a: Float64Array, m: number, n: number): TallFactors {
  const nu = n;
  const s = new Float64Array(n + 1);
  const e = new Float64Array(n);
  const work = new Float64Array(m);
  const u = new Float64Array(m * nu);
  const v = new Float64Array(n * n);
  // cosines and sines of one QR sweep's rotations, for V and for U
  const vc = new Float64Array(n);
  const vs = new Float64Array(n);
  const uc = new Float64Array(n);
  const us = new Float64Array(n);
  const nct = Math.min(m - 1, n);
  const nrt = Math.max(0, Math.min(n - 2, m));

  // --- Householder reduction to bidiagonal form: diagonal in s, super-diagonal in e.
  for (let k = 0; k < Math.max(nct, nrt); k++) {
    const ck = k * m; // start of column k
    if (k < nct) {
      // Column transformation: zero A[k+1.., k].
      s[k] = norm2(a, ck + k, ck + m);
      if (s[k]! < SAFE_MIN) {
        // A (near-)zero column would make a Householder vector out of subnormal noise: drop it.
        s[k] = 0;
        a.fill(0, ck + k, ck + m);
      }
      if (s[k] !== 0) {
        if (a[ck + k]! < 0) s[k] = -s[k]!;
        const sk = s[k]!;
        for (let i = k; i < m; i++) a[ck + i]! /= sk;
        a[ck + k]! += 1;
      }
      s[k] = -s[k]!;
    }
    // The row transformation below needs W = Σ_j A[k+1.., j]·A[k, j] over the updated columns: it is summed here,
    // while each column is still in cache, instead of in a separate pass over the trailing matrix.
    const rowPass = k < nrt && k + 1 < m;
    if (rowPass) work.fill(0, k + 1, m);
    for (let j = k + 1; j < n; j++) {
      const cj = j * m;
      if (k < nct && s[k] !== 0) {
        let t = dot(a, ck + k, cj + k, m - k);
        t = -t / a[ck + k]!;
        a[cj + k]! += t * a[ck + k]!;
        const ej = a[cj + k]!;
        if (rowPass) {
          for (let i = k + 1; i < m; i++) {
            const x = a[cj + i]! + t * a[ck + i]!;
            a[cj + i] = x;
            work[i]! += ej * x;
          }
        } else {
          for (let i = k + 1; i < m; i++) a[cj + i]! += t * a[ck + i]!;
        }
      } else if (rowPass) {
        const ej = a[cj + k]!;
        for (let i = k + 1; i < m; i++) work[i]! += ej * a[cj + i]!;
      }
      e[j] = a[cj + k]!; // row k, to be zeroed by the row transformation
    }
    if (k < nct) for (let i = k; i < m; i++) u[ck + i] = a[ck + i]!;
    if (k < nrt) {
      // Row transformation: zero A[k, k+2..].
      e[k] = norm2(e, k + 1, n);
      if (e[k]! < SAFE_MIN) {
        e[k] = 0;
        e.fill(0, k + 1, n);
      }
      let ek = 0;
      if (e[k] !== 0) {
        if (e[k + 1]! < 0) e[k] = -e[k]!;
        ek = e[k]!;
        for (let i = k + 1; i < n; i++) e[i]! /= ek;
        e[k + 1]! += 1;
      }
      e[k] = -e[k]!;
      if (k + 1 < m && e[k] !== 0) {
        // work = Σ_j ê_j·A[.., j] with ê = e/ek + unit(k+1), from the raw sum W gathered above
        const c1 = (k + 1) * m;
        for (let i = k + 1; i < m; i++) work[i] = work[i]! / ek + a[c1 + i]!;
        for (let j = k + 1; j < n; j++) {
          const cj = j * m;
          const t = -e[j]! / e[k + 1]!;
          for (let i = k + 1; i < m; i++) a[cj + i]! += t * work[i]!;
        }
      }
      for (let i = k + 1; i < n; i++) v[k * n + i] = e[i]!;
    }
  }

  // --- The final bidiagonal matrix of order p.
  let p = Math.min(n, m + 1);
  if (nct < n) s[nct] = a[nct * m + nct]!;
  if (m < p) s[p - 1] = 0;
  if (nrt + 1 < p) e[nrt] = a[(p - 1) * m + nrt]!;
  e[p - 1] = 0;

  // --- Generate U from the stored Householder vectors.
  for (let j = nct; j < nu; j++) {
    u.fill(0, j * m, (j + 1) * m);
    u[j * m + j] = 1;
  }
  for (let k = nct - 1; k >= 0; k--) {
    const ck = k * m;
    if (s[k] !== 0) {
      for (let j = k + 1; j < nu; j++) {
        const cj = j * m;
        let t = dot(u, ck + k, cj + k, m - k);
        t = -t / u[ck + k]!;
        for (let i = k; i < m; i++) u[cj + i]! += t * u[ck + i]!;
      }
      for (let i = k; i < m; i++) u[ck + i] = -u[ck + i]!;
      u[ck + k] = 1 + u[ck + k]!;
      u.fill(0, ck, ck + k);
    } else {
      u.fill(0, ck, ck + m);
      u[ck + k] = 1;
    }
  }

  // --- Generate V.
  for (let k = n - 1; k >= 0; k--) {
    const ck = k * n;
    if (k < nrt && e[k] !== 0) {
      for (let j = k + 1; j < nu; j++) {
        const cj = j * n;
        let t = dot(v, ck + k + 1, cj + k + 1, n - k - 1);
        t = -t / v[ck + k + 1]!;
        for (let i = k + 1; i < n; i++) v[cj + i]! += t * v[ck + i]!;
      }
    }
    v.fill(0, ck, ck + n);
    v[ck + k] = 1;
  }

  // --- Main iteration: chase the super-diagonal to zero.
  const pp = p - 1;
  const maxSteps = 100 * n + 1000; // typical: 2–3 QR steps per singular value
  let steps = 0;
  while (p > 0) {
    if (steps++ > maxSteps) {
      throw new Error(`svd: the QR iteration did not converge after ${maxSteps} steps; please report this matrix`);
    }
    // Find k: e[k] negligible (or k = -1); decide which case applies.
    let k: number;
    for (k = p - 2; k >= 0; k--) {
      if (Math.abs(e[k]!) <= TINY + EPS * (Math.abs(s[k]!) + Math.abs(s[k + 1]!))) {
        e[k] = 0;
        break;
      }
    }
    let kase: number;
    if (k === p - 2) {
      kase = 4; // s[p-1] converged
    } else {
      let ks: number;
      for (ks = p - 1; ks > k; ks--) {
        const t = (ks !== p ? Math.abs(e[ks]!) : 0) + (ks !== k + 1 ? Math.abs(e[ks - 1]!) : 0);
        if (Math.abs(s[ks]!) <= TINY + EPS * t) {
          s[ks] = 0;
          break;
        }
      }
      if (ks === k) kase = 3;
      else if (ks === p - 1) kase = 1;
      else {
        kase = 2;
        k = ks;
      }
    }
    k++;

    if (kase === 1) {
      // s[p-1] is negligible: deflate by rotating e[p-2] away (acts on V).
      let f = e[p - 2]!;
      e[p - 2] = 0;
      for (let j = p - 2; j >= k; j--) {
        const t = hypot(s[j]!, f);
        const cs = s[j]! / t;
        const sn = f / t;
        s[j] = t;
        if (j !== k) {
          f = -sn * e[j - 1]!;
          e[j - 1] = cs * e[j - 1]!;
        }
        rotate(v, j * n, (p - 1) * n, n, cs, sn);
      }
    } else if (kase === 2) {
      // s[k-1] is negligible: split the problem (acts on U).
      let f = e[k - 1]!;
      e[k - 1] = 0;
      for (let j = k; j < p; j++) {
        const t = hypot(s[j]!, f);
        const cs = s[j]! / t;
        const sn = f / t;
        s[j] = t;
        f = -sn * e[j]!;
        e[j] = cs * e[j]!;
        rotate(u, j * m, (k - 1) * m, m, cs, sn);
      }
    } else if (kase === 3) {
      // One implicit-shift QR step on the unreduced block s[k..p-1].
      const scale = Math.max(
        Math.abs(s[p - 1]!),
        Math.abs(s[p - 2]!),
        Math.abs(e[p - 2]!),
        Math.abs(s[k]!),
        Math.abs(e[k]!),
      );
      const sp = s[p - 1]! / scale;
      const spm1 = s[p - 2]! / scale;
      const epm1 = e[p - 2]! / scale;
      const sk = s[k]! / scale;
      const ek = e[k]! / scale;
      const b = ((spm1 + sp) * (spm1 - sp) + epm1 * epm1) / 2;
      const c = sp * epm1 * (sp * epm1);
      let shift = 0;
      if (b !== 0 || c !== 0) {
        shift = Math.sqrt(b * b + c);
        if (b < 0) shift = -shift;
        shift = c / (b + shift);
      }
      let f = (sk + sp) * (sk - sp) + shift;
      let g = sk * ek;
      let uRots = 0; // U gets the rotations j < m − 1 (a prefix of the sweep)
      for (let j = k; j < p - 1; j++) {
        let t = hypot(f, g);
        let cs = f / t;
        let sn = g / t;
        if (j !== k) e[j - 1] = t;
        f = cs * s[j]! + sn * e[j]!;
        e[j] = cs * e[j]! - sn * s[j]!;
        g = sn * s[j + 1]!;
        s[j + 1] = cs * s[j + 1]!;
        vc[j] = cs;
        vs[j] = sn;
        t = hypot(f, g);
        cs = f / t;
        sn = g / t;
        s[j] = t;
        f = cs * e[j]! + sn * s[j + 1]!;
        s[j + 1] = -sn * e[j]! + cs * s[j + 1]!;
        g = sn * e[j + 1]!;
        e[j + 1] = cs * e[j + 1]!;
        if (j < m - 1) {
          uc[j] = cs;
          us[j] = sn;
          uRots++;
        }
      }
      e[p - 2] = f;
      // The sweep's rotations touch only V and U and do not feed back: apply them now, row by row (same arithmetic).
      applySweep(v, n, n, k, p - 1 - k, vc, vs);
      applySweep(u, m, m, k, uRots, uc, us);
    } else {
      // Convergence: make s[k] non-negative, then bubble it into descending order.
      if (s[k]! <= 0) {
        s[k] = s[k]! < 0 ? -s[k]! : 0;
        for (let i = 0; i <= pp; i++) v[k * n + i] = -v[k * n + i]!;
      }
      while (k < pp && s[k]! < s[k + 1]!) {
        const t = s[k]!;
        s[k] = s[k + 1]!;
        s[k + 1] = t;
        swapColumns(v, k * n, (k + 1) * n, n);
        swapColumns(u, k * m, (k + 1) * m, m);
        k++;
      }
      p--;
    }
  }
  return { u, s: s.subarray(0, n), v };
}


/**
 * Thin SVD of a row-major m×n matrix: A = U diag(S) Vh with U m×k, Vh k×n, k = min(m, n).
 * Singular values are descending and non-negative; works for m < n, m > n and rank-deficient A.
 * The input is first scaled by an exact power of two (see prescale.ts). Throws on NaN/Inf entries.
 */
export function svdKernel(input: ArrayLike<number>, m: number, n: number): SvdFactors {
  if (input.length !== m * n) {
    throw new Error(`svd: expected ${m * n} values for a ${m}×${n} matrix, got ${input.length}`);
  }
  for (let i = 0; i < input.length; i++) {
    if (!Number.isFinite(input[i]!)) {
      throw new Error(`svd: input has a non-finite value ${input[i]} at row ${Math.floor(i / n)}, column ${i % n}`);
    }
  }
  const k = Math.min(m, n);
  if (k === 0) return { m, n, k, U: new Float64Array(0), S: new Float64Array(0), Vh: new Float64Array(0) };
  const { scaled: a, factor } = prescale(input);
  const f = svdScaled(a, m, n, k);
  for (let i = 0; i < k; i++) f.S[i] = f.S[i]! * factor;
  return f;
}

function svdScaled(a: Float64Array, m: number, n: number, k: number): SvdFactors {
  if (m >= n) {
    // Column-major copy of A.
    const cm = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) cm[j * m + i] = a[i * n + j]!;
    const { u, s, v } = tallSvd(cm, m, n);
    const U = new Float64Array(m * k);
    for (let j = 0; j < k; j++) for (let i = 0; i < m; i++) U[i * k + j] = u[j * m + i]!;
    return { m, n, k, U, S: Float64Array.from(s), Vh: v.slice(0, k * n) };
  }
  // m < n: factor B = Aᵀ (n×m, tall). Column-major B is row-major A.
  const { u, s, v } = tallSvd(a, n, m);
  // A = V_B S U_Bᵀ → U_A = V_B (m×m), Vh_A = U_Bᵀ (m×n) which is exactly column-major U_B.
  const U = new Float64Array(m * k);
  for (let j = 0; j < k; j++) for (let i = 0; i < m; i++) U[i * k + j] = v[j * m + i]!;
  return { m, n, k, U, S: Float64Array.from(s), Vh: u.slice(0, k * n) };
}
