// Fused attention forward (no autograd): FlashAttention-style tiles of 64 queries × 64 keys with an online softmax,
// so no (Tq, Tk) score matrix is ever allocated; the two tile products run on the SIMD GEMM (gemm.ts).
import { Tensor } from "../tensor.ts";
import { kernelMode } from "./config.ts";
import { type Operand, simdGemm, useSimdGemm } from "./gemm.ts";

const BQ = 64; // queries per tile
const BK = 64; // keys per tile

/** Offsets of every batch element of t's leading `nb` dims (row-major order). */
function batchOffsets(t: Tensor, nb: number): number[] {
  let offs = [t.offset];
  for (let d = 0; d < nb; d++) {
    const next: number[] = [];
    for (const o of offs) for (let i = 0; i < t.shape[d]; i++) next.push(o + i * t.strides[d]);
    offs = next;
  }
  return offs;
}

export interface FusedAttentionOptions {
  scale: number;
  isCausal: boolean;
}

/**
 * softmax(q kᵀ·scale [causal]) v for float32 q (…, Tq, D), k (…, Tk, D), v (…, Tk, Dv) with equal batch dims,
 * or null when this kernel does not apply (other dtypes, broadcast batches, reference mode) and the caller
 * should use the composed path. Top-left causal alignment like torch: query i sees keys 0..i.
 */
export function fusedAttention(q: Tensor, k: Tensor, v: Tensor, opts: FusedAttentionOptions): Tensor | null {
  if (kernelMode() === "reference" || q.dtype !== "float32" || k.dtype !== "float32" || v.dtype !== "float32") return null;
  const nd = q.dim();
  if (nd < 2 || k.dim() !== nd || v.dim() !== nd) return null;
  for (let d = 0; d < nd - 2; d++) if (k.shape[d] !== q.shape[d] || v.shape[d] !== q.shape[d]) return null;
  const [Tq, D] = q.shape.slice(-2);
  const Tk = k.shape[nd - 2];
  const Dv = v.shape[nd - 1];
  if (v.shape[nd - 2] !== Tk) return null; // the composed path reports the shape error
  if (Tq === 0 || Tk === 0 || D === 0 || !useSimdGemm(BQ, D, BK)) return null;
  const qo = batchOffsets(q, nd - 2);
  const ko = batchOffsets(k, nd - 2);
  const vo = batchOffsets(v, nd - 2);
  const out = new Float32Array(qo.length * Tq * Dv);
  const S = new Float32Array(BQ * BK); // one score tile, reused
  const PV = new Float32Array(BQ * Dv); // one P·V tile, reused
  const m = new Float32Array(BQ); // running row max
  const l = new Float32Array(BQ); // running row sum of exp
  const [qs, ks, vs] = [q.strides, k.strides, v.strides];
  for (let b = 0; b < qo.length; b++) {
    const ob = b * Tq * Dv;
    for (let i0 = 0; i0 < Tq; i0 += BQ) {
      const bq = Math.min(BQ, Tq - i0);
      m.fill(Number.NEGATIVE_INFINITY);
      l.fill(0);
      const Q: Operand = { data: q.data as Float32Array, off: qo[b] + i0 * qs[nd - 2], rs: qs[nd - 2], cs: qs[nd - 1] };
      const kEnd = opts.isCausal ? Math.min(Tk, i0 + bq) : Tk;
      for (let j0 = 0; j0 < kEnd; j0 += BK) {
        const bk = Math.min(BK, kEnd - j0);
        const Kt: Operand = { data: k.data as Float32Array, off: ko[b] + j0 * ks[nd - 2], rs: ks[nd - 1], cs: ks[nd - 2] };
        simdGemm(Q, Kt, S, 0, bq, D, bk); // S = Q_tile · K_tileᵀ  (bq, bk)
        onlineSoftmaxTile(S, bq, bk, i0, j0, opts, m, l, out, ob, Dv);
        const P: Operand = { data: S, off: 0, rs: bk, cs: 1 };
        const V: Operand = { data: v.data as Float32Array, off: vo[b] + j0 * vs[nd - 2], rs: vs[nd - 2], cs: vs[nd - 1] };
        simdGemm(P, V, PV, 0, bq, bk, Dv); // PV = P_tile · V_tile  (bq, Dv)
        for (let r = 0, o = ob + i0 * Dv; r < bq * Dv; r++, o++) out[o] += PV[r];
      }
      for (let r = 0; r < bq; r++) {
        const inv = l[r] > 0 ? 1 / l[r] : 0; // a row with no visible key gives 0, like the composed path
        for (let c = 0, o = ob + (i0 + r) * Dv; c < Dv; c++, o++) out[o] *= inv;
      }
    }
  }
  return new Tensor(out, [...q.shape.slice(0, -1), Dv], "float32");
}

/**
 * Turn raw scores S (bq, bk) into exp(S·scale − m_new) in place, update each row's max m and sum l, and rescale the
 * row's output accumulator by exp(m_old − m_new). Causal: key j0+c is hidden from query i0+r when c+j0 > r+i0.
 */
function onlineSoftmaxTile(S: Float32Array, bq: number, bk: number, i0: number, j0: number, opts: FusedAttentionOptions, m: Float32Array, l: Float32Array, out: Float32Array, ob: number, Dv: number): void {
  const { scale, isCausal } = opts;
  for (let r = 0; r < bq; r++) {
    const row = r * bk;
    const visible = isCausal ? Math.min(bk, i0 + r - j0 + 1) : bk;
    let mx = m[r];
    for (let c = 0; c < visible; c++) {
      const s = S[row + c] * scale;
      S[row + c] = s;
      if (s > mx) mx = s;
    }
    let sum = 0;
    if (mx === Number.NEGATIVE_INFINITY) S.fill(0, row, row + bk);
    else {
      for (let c = 0; c < visible; c++) {
        const p = Math.exp(S[row + c] - mx);
        S[row + c] = p;
        sum += p;
      }
      S.fill(0, row + Math.max(visible, 0), row + bk);
    }
    const alpha = m[r] === Number.NEGATIVE_INFINITY ? 0 : Math.exp(m[r] - mx);
    if (alpha !== 1) for (let c = 0, o = ob + (i0 + r) * Dv; c < Dv; c++, o++) out[o] *= alpha;
    l[r] = l[r] * alpha + sum;
    m[r] = mx;
  }
}
