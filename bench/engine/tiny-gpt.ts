// The tiny character-level GPT of workload 4 in llmpath (the tfjs peer builds the same model by hand).
import { type Tensor, nn } from "../../src/tensor/index.ts";
import { GPT } from "./common.ts";

/** A character-level GPT: token + position embeddings, pre-LN blocks, final LayerNorm, LM head. */
export class TinyGPT extends nn.Module {
  tok: nn.Embedding;
  pos: nn.Embedding;
  blocks: nn.ModuleList;
  lnF: nn.LayerNorm;
  head: nn.Linear;
  constructor() {
    super();
    this.tok = new nn.Embedding(GPT.vocab, GPT.dModel);
    this.pos = new nn.Embedding(GPT.blockSize, GPT.dModel);
    this.blocks = new nn.ModuleList(Array.from({ length: GPT.nLayer }, () => new nn.TransformerBlock(GPT.dModel, GPT.nHead)));
    this.lnF = new nn.LayerNorm(GPT.dModel);
    this.head = new nn.Linear(GPT.dModel, GPT.vocab, { bias: false });
  }
  forward(ids: Tensor, posIds: Tensor): Tensor {
    let x = this.tok.forward(ids).add(this.pos.forward(posIds)); // (B, T, d)
    for (const b of this.blocks) x = (b as nn.TransformerBlock).forward(x); // (B, T, d)
    return this.head.forward(this.lnF.forward(x)); // (B, T, vocab)
  }
}

