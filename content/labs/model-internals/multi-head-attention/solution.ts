// Multi-head attention: reference solution — head split/merge, projections, clipped relative-position bias, RoPE.
import { F, nn, type Tensor, cat, tensor } from "llmpath/tensor";

/** Task 1a: (B, T, E) -> (B, H, T, E/H): the last dim is read as H heads of size Dh = E/H. */
export function splitHeads(x: Tensor, numHeads: number): Tensor {
  const [B, T, E] = x.shape as [number, number, number];
  if (x.dim() !== 3 || E % numHeads !== 0) {
    throw new Error(`splitHeads: need x (B, T, E) with E divisible by numHeads = ${numHeads}, got shape [${x.shape.join(", ")}]`);
  }
  return x.reshape(B, T, numHeads, E / numHeads).transpose(1, 2); // (B, T, H, Dh) -> (B, H, T, Dh)
}

/** Task 1b: (B, H, T, Dh) -> (B, T, H·Dh), the inverse of splitHeads. */
export function mergeHeads(x: Tensor): Tensor {
  if (x.dim() !== 4) throw new Error(`mergeHeads: need x (B, H, T, Dh), got shape [${x.shape.join(", ")}]`);
  const [B, H, T, Dh] = x.shape as [number, number, number, number];
  return x.transpose(1, 2).reshape(B, T, H * Dh); // (B, T, H, Dh) -> (B, T, E)
}

/**
 * Task 3: the clipped relative-position bias, bias[h, i, j] = table[h, clamp(j − i, −maxDistance, maxDistance) + maxDistance],
 * for table (H, 2·maxDistance + 1); returns (H, T, T). Differentiable with respect to table.
 */
export function relativePositionBias(table: Tensor, T: number, maxDistance: number): Tensor {
  const width = 2 * maxDistance + 1;
  if (table.dim() !== 2 || table.shape[1] !== width) {
    throw new Error(`relativePositionBias: table must be (H, ${width}) for maxDistance ${maxDistance}, got [${table.shape.join(", ")}]`);
  }
  const index = new Int32Array(T * T);
  for (let i = 0; i < T; i++) {
    for (let j = 0; j < T; j++) index[i * T + j] = Math.min(Math.max(j - i, -maxDistance), maxDistance) + maxDistance;
  }
  const H = table.shape[0]!;
  return table.indexSelect(1, tensor(index, { shape: [T * T], dtype: "int32" })).reshape(H, T, T); // (H, T·T) -> (H, T, T)
}

/**
 * Task 4: rotary position embedding over the last dim of x (..., T, Dh), rotate-half convention: element i is paired
 * with i + Dh/2 and the pair at position t is rotated by the angle t · base^(−2i/Dh).
 */
export function applyRope(x: Tensor, base = 10000): Tensor {
  const T = x.shape[x.dim() - 2]!;
  const Dh = x.shape[x.dim() - 1]!;
  if (Dh % 2 !== 0) throw new Error(`applyRope: the last dim must be even to form pairs, got ${Dh}`);
  const half = Dh / 2;
  const cos = new Float64Array(T * Dh);
  const sin = new Float64Array(T * Dh);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < half; i++) {
      const angle = t * base ** ((-2 * i) / Dh);
      cos[t * Dh + i] = cos[t * Dh + i + half] = Math.cos(angle);
      sin[t * Dh + i] = sin[t * Dh + i + half] = Math.sin(angle);
    }
  }
  const c = tensor(cos, { shape: [T, Dh], dtype: "float64" }).to(x.dtype); // (T, Dh)
  const s = tensor(sin, { shape: [T, Dh], dtype: "float64" }).to(x.dtype); // (T, Dh)
  const rotated = cat([x.narrow(-1, half, half).neg(), x.narrow(-1, 0, half)], -1); // [−x2, x1], (..., T, Dh)
  return x.mul(c).add(rotated.mul(s));
}

export interface MhaOptions {
  /** Query i attends keys 0..i only. */
  causal?: boolean;
  /** bool (B, T), true = this key is padding: ignore it (PyTorch's key_padding_mask convention). */
  keyPaddingMask?: Tensor | null;
  /** Additive float bias broadcastable to (B, H, T, T), e.g. relativePositionBias(table, T, maxDistance). */
  attnBias?: Tensor | null;
  /** Rotate q and k with applyRope after the head split. */
  rope?: boolean;
}

/** Task 2: multi-head self-attention with four Linear(E, E) layers (weights (out, in), like PyTorch). */
export class MultiHeadAttention extends nn.Module {
  readonly numHeads: number;
  qProj: nn.Linear;
  kProj: nn.Linear;
  vProj: nn.Linear;
  outProj: nn.Linear;

  constructor(dModel: number, numHeads: number) {
    super();
    if (!Number.isInteger(numHeads) || numHeads < 1 || dModel % numHeads !== 0) {
      throw new Error(`MultiHeadAttention: dModel = ${dModel} must be divisible by numHeads = ${numHeads}`);
    }
    this.numHeads = numHeads;
    this.qProj = new nn.Linear(dModel, dModel);
    this.kProj = new nn.Linear(dModel, dModel);
    this.vProj = new nn.Linear(dModel, dModel);
    this.outProj = new nn.Linear(dModel, dModel);
  }

  forward(x: Tensor, opts: MhaOptions = {}): Tensor {
    return this.forwardWithWeights(x, opts).out;
  }

  /** x (B, T, E) -> out (B, T, E) and the per-head attention weights attn (B, H, T, T). */
  forwardWithWeights(x: Tensor, opts: MhaOptions = {}): { out: Tensor; attn: Tensor } {
    const [B, T] = x.shape as [number, number, number];
    let q = splitHeads(this.qProj.forward(x), this.numHeads); // (B, H, T, Dh)
    let k = splitHeads(this.kProj.forward(x), this.numHeads); // (B, H, T, Dh)
    const v = splitHeads(this.vProj.forward(x), this.numHeads); // (B, H, T, Dh)
    if (opts.rope) {
      q = applyRope(q);
      k = applyRope(k);
    }
    let allowed: Tensor | null = opts.causal ? F.causalMask(T, T) : null; // (T, T)
    if (opts.keyPaddingMask) {
      const keep = opts.keyPaddingMask.logicalNot().reshape(B, 1, 1, T); // (B, 1, 1, T)
      allowed = allowed ? allowed.logicalAnd(keep) : keep;
    }
    const { out, weights } = F.attentionWithWeights(q, k, v, { attnMask: allowed, attnBias: opts.attnBias ?? null });
    return { out: this.outProj.forward(mergeHeads(out)), attn: weights }; // (B, T, E), (B, H, T, T)
  }
}
