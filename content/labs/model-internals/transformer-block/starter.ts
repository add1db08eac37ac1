// Transformer block: your file — GELU MLP, pre-LayerNorm block with residuals, a tiny GPT, exact parameter count.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
import { F, nn, type Tensor } from "llmpath/tensor"; // task 3 also needs `arange` from here

/** Task 1: the position-wise feed-forward network fc (d -> hidden), exact GELU, proj (hidden -> d). */
export class MLP extends nn.Module {
  fc!: nn.Linear;
  proj!: nn.Linear;
  constructor(dModel: number, hidden: number) {
    super();
    throw new Error("TODO: task 1 — create fc = Linear(dModel, hidden) and proj = Linear(hidden, dModel)");
  }
  /** x (..., d) -> (..., d). */
  forward(x: Tensor): Tensor {
    void F; // F.gelu(x) is the exact GELU
    throw new Error("TODO: task 1 — proj(GELU(fc(x)))");
  }
}

/** Task 2: pre-LayerNorm block: x + attn(ln1(x)), then x + mlp(ln2(x)). */
export class TransformerBlock extends nn.Module {
  ln1!: nn.LayerNorm;
  attn!: nn.MultiheadAttention;
  ln2!: nn.LayerNorm;
  mlp!: MLP;
  constructor(dModel: number, nHead: number, mlpRatio = 4) {
    super();
    throw new Error("TODO: task 2 — ln1, attn = new nn.MultiheadAttention(dModel, nHead), ln2, mlp (in this order)");
  }
  /** x (B, T, d) -> (B, T, d); causal by default. */
  forward(x: Tensor, opts: { causal?: boolean } = {}): Tensor {
    throw new Error("TODO: task 2 — two residual branches, each normalising its input first");
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
  wte!: nn.Embedding;
  wpe!: nn.Embedding;
  blocks!: nn.ModuleList<TransformerBlock>;
  lnF!: nn.LayerNorm;
  constructor(config: GPTConfig) {
    super();
    this.config = config;
    throw new Error("TODO: task 3 — wte, wpe, blocks (an nn.ModuleList), lnF");
  }
  /** ids int32 (B, T) -> logits (B, T, vocabSize). Throw a clear error when T > blockSize. */
  forward(ids: Tensor): Tensor {
    throw new Error("TODO: task 3 — embed tokens and positions, run the blocks, normalise, multiply by wteᵀ");
  }
}

export interface ParameterCount {
  /** wte + wpe. */
  embeddings: number;
  /** One block, biases and LayerNorms included. */
  perBlock: number;
  /** The final LayerNorm. */
  finalNorm: number;
  /** Everything TinyGPT(config) has (the tied head adds nothing). */
  total: number;
  /** The rule of thumb (4 + 2r)·L·d² + embeddings, i.e. 12·L·d² + embeddings for r = 4. */
  approx: number;
}

/** Task 4: the exact number of parameters of TinyGPT(config), from the config alone (no model built). */
export function countParameters(config: GPTConfig): ParameterCount {
  throw new Error("TODO: task 4 — count every weight and bias of every layer");
}
