// nn.MultiheadAttention: q/k/v/out projections, head split, masked attention, head merge (self-attention).
import type { Tensor } from "../core.ts";
import { attentionWithWeights, causalMask } from "./attention-fn.ts";
import { Linear } from "./layers.ts";
import { Module } from "./module.ts";
import { type RopeOptions, rope } from "./positions.ts";
import { fmtShape } from "./shape-check.ts";

export interface MhaForwardOptions {
  /** Query i attends keys 0..i only. */
  causal?: boolean;
  /** (B, T) bool, true = ignore that key (torch's key_padding_mask convention). */
  keyPaddingMask?: Tensor | null;
  /** Additive float bias broadcastable to (B, H, T, T), e.g. relativePositionBias(table, T, maxD). */
  attnBias?: Tensor | null;
  /** Apply RoPE to q and k after the head split (true = defaults, or RoPE options). */
  rope?: boolean | RopeOptions;
}

/**
 * Multi-head self-attention. Weights follow torch's layout (Linear weights (out, in)), but as four
 * separate layers `qProj`, `kProj`, `vProj`, `outProj` rather than one packed in_proj_weight.
 * Fully masked query rows (e.g. every key padded) produce zeros, not NaN.
 */
export class MultiheadAttention extends Module {
  readonly embedDim: number;
  readonly numHeads: number;
  readonly headDim: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  qProj: Linear;
  kProj: Linear;
  vProj: Linear;
  outProj: Linear;

  constructor(embedDim: number, numHeads: number, opts: { bias?: boolean; dropout?: number; batchFirst?: boolean } = {}) {
    super();
    if (embedDim % numHeads !== 0) {
      throw new Error(`MultiheadAttention: embedDim ${embedDim} is not divisible by numHeads ${numHeads}`);
    }
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    this.headDim = embedDim / numHeads;
    this.dropout = opts.dropout ?? 0;
    this.batchFirst = opts.batchFirst ?? true;
    const bias = opts.bias ?? true;
    this.qProj = new Linear(embedDim, embedDim, { bias });
    this.kProj = new Linear(embedDim, embedDim, { bias });
    this.vProj = new Linear(embedDim, embedDim, { bias });
    this.outProj = new Linear(embedDim, embedDim, { bias });
  }

  forward(x: Tensor, opts: MhaForwardOptions = {}): Tensor {
    return this.forwardWithWeights(x, opts).out;
  }

  /** Like forward, also returning the per-head attention weights (B, H, T, T). */
  forwardWithWeights(x: Tensor, opts: MhaForwardOptions = {}): { out: Tensor; attn: Tensor } {
    if (!this.batchFirst && x.dim() === 3) x = x.transpose(0, 1); // (T, B, E) → (B, T, E)
    if (x.dim() !== 3 || x.shape[2] !== this.embedDim) {
      throw new Error(`MultiheadAttention: expected input (B, T, ${this.embedDim}), got ${fmtShape(x.shape)}`);
    }
    const [B, T, E] = x.shape;
    const H = this.numHeads;
    const Dh = this.headDim;
    const heads = (t: Tensor) => t.reshape(B, T, H, Dh).transpose(1, 2); // (B, T, E) → (B, H, T, Dh)
    let q = heads(this.qProj.forward(x)); // (B, H, T, Dh)
    let k = heads(this.kProj.forward(x)); // (B, H, T, Dh)
    const v = heads(this.vProj.forward(x)); // (B, H, T, Dh)
    if (opts.rope) {
      const ropeOpts = opts.rope === true ? {} : opts.rope;
      q = rope(q, ropeOpts);
      k = rope(k, ropeOpts);
    }
    let allowed: Tensor | null = opts.causal ? causalMask(T, T) : null; // (T, T)
    const pad = opts.keyPaddingMask;
    if (pad) {
      if (pad.dtype !== "bool" || pad.dim() !== 2 || pad.shape[0] !== B || pad.shape[1] !== T) {
        throw new Error(
          `MultiheadAttention: keyPaddingMask must be bool (B, T) = (${B}, ${T}), got ${pad.dtype} ${fmtShape(pad.shape)}`,
        );
      }
      const keep = pad.logicalNot().reshape(B, 1, 1, T); // (B, 1, 1, T)
      allowed = allowed ? allowed.logicalAnd(keep) : keep;
    }
    const { out, weights } = attentionWithWeights(q, k, v, {
      attnMask: allowed, // bool, broadcast to (B, H, T, T)
      attnBias: opts.attnBias, // additive, broadcast to (B, H, T, T)
      dropoutP: this.dropout,
      training: this.training,
    }); // out (B, H, T, Dh), weights (B, H, T, T)
    const merged = out.transpose(1, 2).reshape(B, T, E); // (B, H, T, Dh) → (B, T, E)
    let y = this.outProj.forward(merged); // (B, T, E)
    if (!this.batchFirst) y = y.transpose(0, 1);
    return { out: y, attn: weights };
  }
}
