// Position encodings as F functions: RoPE (rotate-half convention) and a clipped relative-position bias.
import { type Tensor, cat, tensor } from "../core.ts";
import { fmtShape } from "./shape-check.ts";

export interface RopeOptions {
  base?: number;
  /** Position of each of the T rows (default 0..T−1), e.g. an offset when decoding with a cache. */
  positions?: readonly number[] | Tensor;
}

/**
 * Rotary position embedding over the last dim of x (..., T, Dh), rotate-half convention (GPT-NeoX / LLaMA):
 * element i is paired with i + Dh/2 and the pair is rotated by angle pos · base^(−2i/Dh).
 * out = x·cos + rotateHalf(x)·sin, with rotateHalf([x1, x2]) = [−x2, x1].
 */
export function rope(x: Tensor, opts: RopeOptions = {}): Tensor {
  const base = opts.base ?? 10000;
  if (x.dim() < 2) throw new Error(`rope: input must be (..., T, Dh), got ${fmtShape(x.shape)}`);
  const T = x.shape[x.dim() - 2];
  const Dh = x.shape[x.dim() - 1];
  if (Dh % 2 !== 0) throw new Error(`rope: head dim must be even, got ${Dh} in ${fmtShape(x.shape)}`);
  const pos = opts.positions === undefined ? null : Array.isArray(opts.positions) ? opts.positions : [...(opts.positions as Tensor).toFloat64Array()];
  if (pos && pos.length !== T) {
    throw new Error(`rope: got ${pos.length} positions for T = ${T} rows of ${fmtShape(x.shape)}`);
  }
  const half = Dh / 2;
  const cosT = new Float64Array(T * Dh);
  const sinT = new Float64Array(T * Dh);
  for (let t = 0; t < T; t++) {
    const p = pos ? pos[t] : t;
    for (let i = 0; i < half; i++) {
      const angle = p * base ** ((-2 * i) / Dh);
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      cosT[t * Dh + i] = c;
      cosT[t * Dh + i + half] = c;
      sinT[t * Dh + i] = s;
      sinT[t * Dh + i + half] = s;
    }
  }
  const cos = tensor(cosT, { shape: [T, Dh], dtype: "float64" }).to(x.dtype); // (T, Dh)
  const sin = tensor(sinT, { shape: [T, Dh], dtype: "float64" }).to(x.dtype); // (T, Dh)
  const x1 = x.narrow(-1, 0, half); // (..., T, Dh/2)
  const x2 = x.narrow(-1, half, half); // (..., T, Dh/2)
  const rotated = cat([x2.neg(), x1], -1); // (..., T, Dh)
  return x.mul(cos).add(rotated.mul(sin));
}

/**
 * A clipped relative-position bias (Shaw et al. / T5-style without buckets):
 * bias[h, i, j] = table[h, clamp(j − i, −maxDistance, maxDistance) + maxDistance], table (H, 2·maxDistance+1).
 * Returns (H, T, T), to be added to attention scores (it broadcasts over the batch).
 */
export function relativePositionBias(table: Tensor, T: number, maxDistance: number): Tensor {
  const width = 2 * maxDistance + 1;
  if (table.dim() !== 2 || table.shape[1] !== width) {
    throw new Error(
      `relativePositionBias: table must be (H, 2·maxDistance+1) = (H, ${width}) for maxDistance ${maxDistance}, got ${fmtShape(table.shape)}`,
    );
  }
  const idx = new Int32Array(T * T);
  for (let i = 0; i < T; i++) {
    for (let j = 0; j < T; j++) {
      idx[i * T + j] = Math.min(Math.max(j - i, -maxDistance), maxDistance) + maxDistance;
    }
  }
  const H = table.shape[0];
  return table.indexSelect(1, tensor(idx, { shape: [T * T] })).reshape(H, T, T); // (H, T, T)
}
