// Householder bidiagonalisation for the SVD kernel (svd-kernel.ts): A = U_H · B · V_Hᵀ with B upper bidiagonal, U_H and
// V_H generated explicitly. Everything lives in one float64 heap (see heapLayout); the inner loops are SvdLoops.
import type { SvdLoops } from "./svd-loops.ts";

/** After prescaling (max |a| ≈ 1), columns/rows with norm below this are treated as exact zeros. */
const SAFE_MIN = 2 ** -900;

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

/** Where each array of one factorisation lives in the heap (element offsets); see heapLayout. */
export interface Layout {
  m: number;
  n: number;
  /** the input, column-major m×n; destroyed */
  a: number;
  /** U, column-major m×n */
  u: number;
  /** V, column-major n×n */
  v: number;
  /** scratch, m values */
  work: number;
  /** rotation logs for U and for V, `cap` values each */
  ulog: number;
  vlog: number;
  cap: number;
  /** room for the replay task table (6 int32 per row block of U and of V) */
  tasks: number;
  size: number;
}

export function heapLayout(m: number, n: number, logCap?: number): Layout {
  // A log holds at least one full sweep (3 + 2n values); beyond that, room for about two sweeps per column keeps
  // replays rare, bounded at 32 MiB per log (a full log is replayed and emptied).
  const cap = Math.max(2 * n + 8, logCap ?? Math.min(4 * n * n, 1 << 22));
  const a = 0;
  const u = a + m * n;
  const v = u + m * n;
  const work = v + n * n;
  const ulog = work + m;
  const vlog = ulog + cap;
  const tasks = vlog + cap;
  return { m, n, a, u, v, work, ulog, vlog, cap, tasks, size: tasks + 3 * (Math.ceil(m / 8) + Math.ceil(n / 8)) };
}

/**
 * Reduce the column-major m×n matrix at lay.a (m ≥ n ≥ 1; destroyed) to bidiagonal form: returns the diagonal s, the
 * super-diagonal e and the order p of the bidiagonal, and leaves U_H (m×n) and V_H (n×n) column-major at lay.u, lay.v.
 */
export function bidiagonalise(L: SvdLoops, h: Float64Array, lay: Layout): { s: Float64Array; e: Float64Array; p: number } {
  const { m, n } = lay;
  const A = lay.a;
  const U = lay.u;
  const V = lay.v;
  const W = lay.work;
  const nu = n;
  const s = new Float64Array(n + 1);
  const e = new Float64Array(n);
  const nct = Math.min(m - 1, n);
  const nrt = Math.max(0, Math.min(n - 2, m));
  h.fill(0, U, V + n * n);

  // --- Householder reduction to bidiagonal form: diagonal in s, super-diagonal in e.
  for (let k = 0; k < Math.max(nct, nrt); k++) {
    const ck = A + k * m; // start of column k
    if (k < nct) {
      // Column transformation: zero A[k+1.., k].
      s[k] = norm2(h, ck + k, ck + m);
      if (s[k]! < SAFE_MIN) {
        // A (near-)zero column would make a Householder vector out of subnormal noise: drop it.
        s[k] = 0;
        h.fill(0, ck + k, ck + m);
      }
      if (s[k] !== 0) {
        if (h[ck + k]! < 0) s[k] = -s[k]!;
        const sk = s[k]!;
        for (let i = k; i < m; i++) h[ck + i]! /= sk;
        h[ck + k]! += 1;
      }
      s[k] = -s[k]!;
    }
    // The row transformation below needs W = Σ_j A[k+1.., j]·A[k, j] over the updated columns: it is summed here,
    // while each column is still in cache, instead of in a separate pass over the trailing matrix.
    const rowPass = k < nrt && k + 1 < m;
    if (rowPass) h.fill(0, W + k + 1, W + m);
    for (let j = k + 1; j < n; j++) {
      const cj = A + j * m;
      if (k < nct && s[k] !== 0) {
        let t = L.dot(h, ck + k, cj + k, m - k);
        t = -t / h[ck + k]!;
        h[cj + k]! += t * h[ck + k]!;
        if (rowPass) L.axpyAcc(h, t, ck + k + 1, cj + k + 1, m - k - 1, h[cj + k]!, W + k + 1);
        else L.axpy(h, t, ck + k + 1, cj + k + 1, m - k - 1);
      } else if (rowPass) {
        L.axpy(h, h[cj + k]!, cj + k + 1, W + k + 1, m - k - 1);
      }
      e[j] = h[cj + k]!; // row k, to be zeroed by the row transformation
    }
    if (k < nct) h.copyWithin(U + k * m + k, ck + k, ck + m);
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
        const c1 = A + (k + 1) * m;
        for (let i = k + 1; i < m; i++) h[W + i] = h[W + i]! / ek + h[c1 + i]!;
        for (let j = k + 1; j < n; j++) L.axpy(h, -e[j]! / e[k + 1]!, W + k + 1, A + j * m + k + 1, m - k - 1);
      }
      for (let i = k + 1; i < n; i++) h[V + k * n + i] = e[i]!;
    }
  }

  // --- The final bidiagonal matrix of order p.
  const p = Math.min(n, m + 1);
  if (nct < n) s[nct] = h[A + nct * m + nct]!;
  if (m < p) s[p - 1] = 0;
  if (nrt + 1 < p) e[nrt] = h[A + (p - 1) * m + nrt]!;
  e[p - 1] = 0;

  // --- Generate U from the stored Householder vectors.
  for (let j = nct; j < nu; j++) {
    h.fill(0, U + j * m, U + (j + 1) * m);
    h[U + j * m + j] = 1;
  }
  for (let k = nct - 1; k >= 0; k--) {
    const ck = U + k * m;
    if (s[k] !== 0) {
      for (let j = k + 1; j < nu; j++) {
        const cj = U + j * m;
        const t = -L.dot(h, ck + k, cj + k, m - k) / h[ck + k]!;
        L.axpy(h, t, ck + k, cj + k, m - k);
      }
      for (let i = k; i < m; i++) h[ck + i] = -h[ck + i]!;
      h[ck + k] = 1 + h[ck + k]!;
      h.fill(0, ck, ck + k);
    } else {
      h.fill(0, ck, ck + m);
      h[ck + k] = 1;
    }
  }

  // --- Generate V.
  for (let k = n - 1; k >= 0; k--) {
    const ck = V + k * n;
    if (k < nrt && e[k] !== 0) {
      for (let j = k + 1; j < nu; j++) {
        const cj = V + j * n;
        const t = -L.dot(h, ck + k + 1, cj + k + 1, n - k - 1) / h[ck + k + 1]!;
        L.axpy(h, t, ck + k + 1, cj + k + 1, n - k - 1);
      }
    }
    h.fill(0, ck, ck + n);
    h[ck + k] = 1;
  }
  return { s, e, p };
}
