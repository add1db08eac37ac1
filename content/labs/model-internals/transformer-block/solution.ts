// Transformer block: reference solution — GELU MLP, pre-LayerNorm block with residuals, a tiny GPT, exact parameter count.
import { F, nn, type Tensor, arange } from "llmpath/tensor";

/** Task 1: the position-wise feed-forward network fc (d -> r·d), exact GELU, proj (r·d -> d). */
export class MLP extends nn.Module {
  fc: nn.Linear;
  proj: nn.Linear;
  constructor(dModel: number, hidden: number) {
    super();
    this.fc = new nn.Linear(dModel, hidden);
    this.proj = new nn.Linear(hidden, dModel);
  }
  /** x (..., d) -> (..., d). */
  forward(x: Tensor): Tensor {
    return this.proj.forward(F.gelu(this.fc.forward(x))); // (..., hidden) -> (..., d)
  }
}

/** Task 2: pre-LayerNorm block: x + attn(ln1(x)), then x + mlp(ln2(x)). */
export class TransformerBlock extends nn.Module {
  ln1: nn.LayerNorm;
  attn: nn.MultiheadAttention;
  ln2: nn.LayerNorm;
  mlp: MLP;
  constructor(dModel: number, nHead: number, mlpRatio = 4) {
    super();
    this.ln1 = new nn.LayerNorm(dModel);
    this.attn = new nn.MultiheadAttention(dModel, nHead);
    this.ln2 = new nn.LayerNorm(dModel);
    this.mlp = new MLP(dModel, mlpRatio * dModel);
  }
  /** x (B, T, d) -> (B, T, d); causal by default. */
  forward(x: Tensor, opts: { causal?: boolean } = {}): Tensor {
    const causal = opts.causal ?? true;
    x = x.add(this.attn.forward(this.ln1.forward(x), { causal })); // (B, T, d), residual around attention
    return x.add(this.mlp.forward(this.ln2.forward(x))); // (B, T, d), residual around the MLP
  }
}

export interface GPTConfig {
  vocabSize: number;
  /** Longest sequence the position table covers. */
  blockSize: number;
  dModel: number;
  nLayer: number;
  nHead: number;
  /** MLP hidden size = mlpRatio · dModel (default 4). */
  mlpRatio?: number;
}

/** Task 3: token + position embeddings, nLayer blocks, a final LayerNorm and an LM head tied to wte. */
export class TinyGPT extends nn.Module {
  readonly config: GPTConfig;
  wte: nn.Embedding;
  wpe: nn.Embedding;
  blocks: nn.ModuleList<TransformerBlock>;
  lnF: nn.LayerNorm;
  constructor(config: GPTConfig) {
    super();
    this.config = config;
    const { vocabSize, blockSize, dModel, nLayer, nHead, mlpRatio = 4 } = config;
    this.wte = new nn.Embedding(vocabSize, dModel);
    this.wpe = new nn.Embedding(blockSize, dModel);
    this.blocks = new nn.ModuleList(Array.from({ length: nLayer }, () => new TransformerBlock(dModel, nHead, mlpRatio)));
    this.lnF = new nn.LayerNorm(dModel);
  }
  /** ids int32 (B, T) -> logits (B, T, vocabSize). */
  forward(ids: Tensor): Tensor {
    const T = ids.shape[1]!;
    if (T > this.config.blockSize) {
      throw new Error(`TinyGPT: cannot forward sequence of length ${T}, block size is only ${this.config.blockSize}`);
    }
    const pos = arange(T, { dtype: "int32" }); // (T)
    let h = this.wte.forward(ids).add(this.wpe.forward(pos)); // (B, T, d) + (T, d)
    for (const block of this.blocks) h = block.forward(h); // (B, T, d)
    return this.lnF.forward(h).matmul(this.wte.weight.transpose(0, 1)); // (B, T, d) @ (d, V) -> (B, T, V)
  }
}

export interface ParameterCount {
  /** wte + wpe: (vocabSize + blockSize) · dModel. */
  embeddings: number;
  /** One block: attention (4d² + 4d), two LayerNorms (4d), MLP (2r·d² + r·d + d). */
  perBlock: number;
  /** The final LayerNorm: 2d. */
  finalNorm: number;
  /** Everything: embeddings + nLayer · perBlock + finalNorm (the tied head adds nothing). */
  total: number;
  /** The rule of thumb (4 + 2r)·L·d² + embeddings, i.e. 12·L·d² + embeddings for r = 4. */
  approx: number;
}

/** Task 4: the exact number of parameters of TinyGPT(config), from the config alone. */
export function countParameters(config: GPTConfig): ParameterCount {
  const { vocabSize: V, blockSize: T, dModel: d, nLayer: L, mlpRatio: r = 4 } = config;
  const embeddings = (V + T) * d;
  const attention = 4 * (d * d + d); // qProj, kProj, vProj, outProj
  const norms = 2 * (2 * d); // ln1, ln2: weight + bias
  const mlp = d * r * d + r * d + r * d * d + d; // fc weight + bias, proj weight + bias
  const perBlock = attention + norms + mlp;
  const finalNorm = 2 * d;
  return { embeddings, perBlock, finalNorm, total: embeddings + L * perBlock + finalNorm, approx: (4 + 2 * r) * L * d * d + embeddings };
}
