// Float64 SVD kernel (Golub–Kahan–Reinsch: Householder bidiagonalisation + implicit-shift QR), no Tensor dependency.
//
// The algorithm follows LINPACK's dsvdc as restated by JAMA (public domain), with these changes: the input is rescaled
// by a power of two first; matrices are stored column-major so every inner loop walks contiguous memory; m < n is
// handled by factorising Aᵀ (the Reinsch iteration assumes m ≥ n); the QR iteration records its rotations and
// replays them on U and V afterwards, a cache-sized block of rows at a time; and the inner loops (svd-loops.ts) run
// on WebAssembly SIMD (kernels/svd.wat) when available.

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
import { simdSvdLoops } from "../kernels/svd-simd.ts";
import { bidiagonalise, heapLayout, type Layout } from "./svd-bidiag.ts";
import { flushLogs, RotationLog } from "./svd-log.ts";
import { referenceLoops, type SvdLoops } from "./svd-loops.ts";

const EPS = 2 ** -52;
const TINY = 2 ** -966;

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

/**
 * SVD of the column-major m×n matrix at lay.a, m ≥ n ≥ 1 (destroyed). Leaves U (m×n) and V (n×n) column-major at
 * lay.u and lay.v, columns in the order of `order`; returns the singular values, descending.
 */
function tallSvd(L: SvdLoops, h: Float64Array, lay: Layout): { s: Float64Array; order: Int32Array } {
  const { m, n } = lay;
  const U = lay.u;
  const V = lay.v;
  const bd = bidiagonalise(L, h, lay);
  const { s, e } = bd;
  let p = bd.p;

  // --- Main iteration: chase the super-diagonal to zero. It reads only s and e: the rotations for U and V are
  // recorded and replayed later, row block by row block, so each block of U and V stays in cache for many sweeps.
  const ulog = new RotationLog(L, h, lay.ulog, lay.cap, U, m, n, lay.tasks);
  const vlog = new RotationLog(L, h, lay.vlog, lay.cap, V, n, n, lay.tasks);
  const negate = new Uint8Array(n);
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
        vlog.pair(j, p - 1, cs, sn);
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
        ulog.pair(j, k - 1, cs, sn);
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
      // The sweep's rotations go to the logs: V gets all of them, U those with j < m − 1 (a prefix).
      const count = p - 1 - k;
      const vq = vlog.openSweep(count);
      const uq = ulog.openSweep(count);
      let uRots = 0;
      for (let j = k; j < p - 1; j++) {
        let t = hypot(f, g);
        let cs = f / t;
        let sn = g / t;
        if (j !== k) e[j - 1] = t;
        f = cs * s[j]! + sn * e[j]!;
        e[j] = cs * e[j]! - sn * s[j]!;
        g = sn * s[j + 1]!;
        s[j + 1] = cs * s[j + 1]!;
        h[vq + 2 * (j - k)] = cs;
        h[vq + 2 * (j - k) + 1] = sn;
        t = hypot(f, g);
        cs = f / t;
        sn = g / t;
        s[j] = t;
        f = cs * e[j]! + sn * s[j + 1]!;
        s[j + 1] = -sn * e[j]! + cs * s[j + 1]!;
        g = sn * e[j + 1]!;
        e[j + 1] = cs * e[j + 1]!;
        if (j < m - 1) {
          h[uq + 2 * uRots] = cs;
          h[uq + 2 * uRots + 1] = sn;
          uRots++;
        }
      }
      e[p - 2] = f;
      vlog.closeSweep(vq, k, count);
      ulog.closeSweep(uq, k, uRots);
    } else {
      // Convergence of s[k] (k = p − 1): make it non-negative. Column k of U and V is never rotated again, so the
      // sign change of V's column and the final ordering are applied once, after the replays.
      if (s[k]! <= 0) {
        s[k] = s[k]! < 0 ? -s[k]! : 0;
        negate[k] = 1;
      }
      p--;
    }
  }
  flushLogs(L, h, lay.tasks, [ulog, vlog]);
  for (let k = 0; k < n; k++) {
    if (negate[k] === 0) continue;
    for (let i = V + k * n, end = i + n; i < end; i++) h[i] = -h[i]!;
  }
  // Descending order; equal values keep their index order (a stable sort).
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((x, y) => s[y]! - s[x]! || x - y);
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = s[order[i]!]!;
  return { s: sorted, order };
}

/** Overrides for tests: which loops run (default: SIMD when available, see simdSvdLoops) and the rotation-log size. */
export interface SvdKernelOptions {
  loops?: SvdLoops;
  /** values per rotation log (at least one sweep fits whatever is given); small values force replays mid-iteration */
  logCap?: number;
}

/**
 * Thin SVD of a row-major m×n matrix: A = U diag(S) Vh with U m×k, Vh k×n, k = min(m, n).
 * Singular values are descending and non-negative; works for m < n, m > n and rank-deficient A.
 * The input is first scaled by an exact power of two (see prescale.ts). Throws on NaN/Inf entries.
 */
export function svdKernel(input: ArrayLike<number>, m: number, n: number, opts: SvdKernelOptions = {}): SvdFactors {
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
  const f = svdScaled(a, m, n, k, opts);
  for (let i = 0; i < k; i++) f.S[i] = f.S[i]! * factor;
  return f;
}

function svdScaled(a: Float64Array, m: number, n: number, k: number, opts: SvdKernelOptions): SvdFactors {
  const tall = m >= n;
  const mt = tall ? m : n; // factor the tall one of A and Aᵀ
  const nt = tall ? n : m;
  const lay = heapLayout(mt, nt, opts.logCap);
  const L = opts.loops ?? simdSvdLoops(mt, nt, lay.size) ?? referenceLoops;
  const h = L.heap(lay.size);
  if (tall) {
    // column-major copy of A
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) h[lay.a + j * m + i] = a[i * n + j]!;
  } else {
    // B = Aᵀ (n×m): column-major B is row-major A
    h.set(a, lay.a);
  }
  const { s, order } = tallSvd(L, h, lay);
  // column c of the factors is column order[c] of the heap's U (mt×nt) and V (nt×nt)
  const Ut = new Float64Array(mt * nt); // U of the tall matrix, row-major
  const Vt = new Float64Array(nt * nt); // V of the tall matrix, row-major
  for (let c = 0; c < nt; c++) {
    const uo = lay.u + order[c]! * mt;
    for (let i = 0; i < mt; i++) Ut[i * nt + c] = h[uo + i]!;
    const vo = lay.v + order[c]! * nt;
    for (let i = 0; i < nt; i++) Vt[i * nt + c] = h[vo + i]!;
  }
  if (tall) return { m, n, k, U: Ut, S: s, Vh: transposed(Vt, nt, nt) };
  // A = Bᵀ = V_B S U_Bᵀ → U_A = V_B (m×m), Vh_A = U_Bᵀ (m×n)
  return { m, n, k, U: Vt, S: s, Vh: transposed(Ut, mt, nt) };
}

/** The transpose of a row-major rows×cols matrix. */
function transposed(X: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = X[i * cols + j]!;
  return out;
}
