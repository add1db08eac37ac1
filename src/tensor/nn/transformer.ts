// A pre-LayerNorm Transformer block (GPT-2 style): x + attn(ln1(x)), then x + mlp(ln2(x)).
import type { Tensor } from "../core.ts";
import { type MhaForwardOptions, MultiheadAttention } from "./attention.ts";
import { Dropout, GELU, LayerNorm, Linear } from "./layers.ts";
import { Module } from "./module.ts";

/** The position-wise feed-forward network: fc (d → ratio·d), GELU, proj (ratio·d → d), dropout. */
export class MLP extends Module {
  fc: Linear;
  act: GELU;
  proj: Linear;
  drop: Dropout;
  constructor(dModel: number, hidden: number, dropout = 0) {
    super();
    this.fc = new Linear(dModel, hidden);
    this.act = new GELU();
    this.proj = new Linear(hidden, dModel);
    this.drop = new Dropout(dropout);
  }
  forward(x: Tensor): Tensor {
    const h = this.act.forward(this.fc.forward(x)); // (B, T, hidden)
    return this.drop.forward(this.proj.forward(h)); // (B, T, dModel)
  }
}

export interface TransformerBlockOptions {
  mlpRatio?: number;
  dropout?: number;
  causal?: boolean;
}

export class TransformerBlock extends Module {
  readonly causal: boolean;
  ln1: LayerNorm;
  attn: MultiheadAttention;
  drop: Dropout;
  ln2: LayerNorm;
  mlp: MLP;
  constructor(dModel: number, nHeads: number, opts: TransformerBlockOptions = {}) {
    super();
    const dropout = opts.dropout ?? 0;
    this.causal = opts.causal ?? true;
    this.ln1 = new LayerNorm(dModel);
    this.attn = new MultiheadAttention(dModel, nHeads, { dropout });
    this.drop = new Dropout(dropout);
    this.ln2 = new LayerNorm(dModel);
    this.mlp = new MLP(dModel, Math.round((opts.mlpRatio ?? 4) * dModel), dropout);
  }
  /** x (B, T, dModel) → (B, T, dModel). Extra attention options (padding mask, bias, rope) pass through. */
  forward(x: Tensor, opts: MhaForwardOptions = {}): Tensor {
    const a = this.attn.forward(this.ln1.forward(x), { causal: this.causal, ...opts }); // (B, T, dModel)
    x = x.add(this.drop.forward(a)); // residual
    return x.add(this.mlp.forward(this.ln2.forward(x))); // (B, T, dModel)
  }
}
