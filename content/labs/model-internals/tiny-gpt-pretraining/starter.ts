// Tiny GPT pre-training: fill in each TODO (README.en.md / README.zh.md has one task per function or class).
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
// biome-ignore-all lint/correctness/noUnusedImports: the imports are the ones the reference solution uses
import { F, getRngState, manualSeed, nn, noGrad, optim, rand, randint, setRngState, type Tensor, tensor } from "llmpath/tensor";

/** The character every rare or unseen character maps to (id 0). */
export const UNK = "□";

/** Task 1: characters seen at least minCount times get ids 1, 2, … in code-unit order; everything else is UNK (0). */
export class CharTokenizer {
  private constructor(readonly chars: readonly string[]) {}
  static fromText(text: string, opts: { minCount?: number } = {}): CharTokenizer {
    throw new Error("TODO: CharTokenizer.fromText");
  }
  get vocabSize(): number {
    return this.chars.length;
  }
  encode(s: string): number[] {
    throw new Error("TODO: CharTokenizer.encode");
  }
  decode(ids: readonly number[]): string {
    throw new Error("TODO: CharTokenizer.decode");
  }
}

export interface GPTConfig {
  vocabSize: number;
  blockSize: number;
  dModel: number;
  nHeads: number;
  nLayers: number;
  /** Dropout after attention and MLP while training (default 0). */
  dropout?: number;
}

/** Task 2: embeddings → nLayers Transformer blocks → final LayerNorm → LM head. */
export class TinyGPT extends nn.Module {
  readonly config: GPTConfig;
  constructor(config: GPTConfig) {
    super();
    this.config = { ...config };
    // TODO: create the layers as properties (nn.Embedding, nn.ModuleList of nn.TransformerBlock, nn.LayerNorm, nn.Linear)
  }
  /** ids (B, T) int32 → logits (B, T, vocabSize). */
  forward(ids: Tensor): Tensor {
    throw new Error("TODO: TinyGPT.forward");
  }
}

/** Task 3: batchSize random windows (global generator): x = ids[s, s+T), y = ids[s+1, s+T+1), both int32 (B, T). */
export function getBatch(ids: readonly number[], batchSize: number, blockSize: number): { x: Tensor; y: Tensor } {
  throw new Error("TODO: getBatch");
}

/** Task 3: mean next-token cross-entropy; logits (B, T, V), y (B, T). */
export function lmLoss(logits: Tensor, y: Tensor): Tensor {
  throw new Error("TODO: lmLoss");
}

/** Task 3: mean loss over consecutive non-overlapping windows of blockSize + 1 tokens, without gradients. */
export function estimateLoss(model: TinyGPT, ids: readonly number[], blockSize: number): number {
  throw new Error("TODO: estimateLoss");
}

/** Task 3: perplexity = exp(mean cross-entropy in nats). */
export function perplexity(loss: number): number {
  throw new Error("TODO: perplexity");
}

export interface TrainOptions {
  steps: number;
  batchSize: number;
  blockSize: number;
  lr: number;
  warmupSteps: number;
  minLr: number;
  clip: number;
  seed: number;
  /** Print one line every logEvery steps (and at the end); 0 = silent. */
  logEvery: number;
}

/** Task 4: AdamW with linear warm-up, cosine decay to minLr, gradient clipping; returns the final losses. */
export function train(model: TinyGPT, trainIds: readonly number[], valIds: readonly number[], o: TrainOptions): { trainLoss: number; valLoss: number } {
  throw new Error("TODO: train");
}

export interface SampleOptions {
  /** 0 = greedy. */
  temperature: number;
  /** Keep only the k largest logits (ties with the k-th kept). */
  topK?: number;
  /** Ids that are never sampled (e.g. UNK). */
  suppress?: readonly number[];
}

/** Task 5: one token from one row of logits, with u ∈ [0, 1) (see the README for the exact rule). */
export function sampleNext(logits: ArrayLike<number>, opts: SampleOptions, u: number): number {
  throw new Error("TODO: sampleNext");
}

/** Task 5: append maxNewTokens sampled tokens; context cropped to blockSize; seeded, global generator restored. */
export function generate(model: TinyGPT, prompt: readonly number[], maxNewTokens: number, opts: SampleOptions & { seed: number }): number[] {
  throw new Error("TODO: generate");
}

/** Task 6: the recipe — build and train a model that reaches the stated validation loss within the time limit. */
export function pretrainTang(trainIds: readonly number[], valIds: readonly number[], vocabSize: number): TinyGPT {
  throw new Error("TODO: pretrainTang");
}
