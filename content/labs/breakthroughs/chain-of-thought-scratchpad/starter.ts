// Chain-of-thought lab: addition data with and without a scratchpad, a tiny transformer, training, exact match.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
// biome-ignore-all lint/correctness/noUnusedImports: the imports are there for you to use
// biome-ignore-all lint/correctness/noUnusedVariables: helpers are there for you to use
import { F, manualSeed, nn, noGrad, optim, type Tensor, tensor } from "llmpath/tensor";

/** Token ids: digits 0–9 are themselves, then "+", "=", then the column totals 10…19 (id = total + 2). */
export const PLUS = 10;
export const EQUALS = 11;
export const VOCAB_SIZE = 22;

/** Given: a seeded uniform generator in [0, 1) (mulberry32), so data sampling is reproducible. */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Given: the digits of n, most significant first, left-padded with zeros to `width`. */
export function digitsOf(n: number, width: number): number[] {
  const s = String(n);
  if (!Number.isInteger(n) || n < 0 || s.length > width) {
    throw new Error(`digitsOf: ${n} is not a non-negative integer with at most ${width} digits`);
  }
  return [...s.padStart(width, "0")].map(Number);
}

export interface Example {
  /** a (width digits) + b (width digits) = */
  prompt: number[];
  /** What the model must write: [scratchpad tokens …] then the width+1 answer digits. */
  target: number[];
}

/** Task 1: the prompt and the target for a + b, with or without the scratchpad of column totals. */
export function formatExample(a: number, b: number, width: number, scratchpad: boolean): Example {
  throw new Error("TODO: formatExample (Task 1)");
}

/** Task 1: the number written in the last width+1 tokens, or null if any of them is not a digit. */
export function readAnswer(tokens: readonly number[], width: number): number | null {
  throw new Error("TODO: readAnswer (Task 1)");
}

/** Task 1: is (a, b) in the held-out set? Training never sees these pairs. */
export function isHeldOut(a: number, b: number): boolean {
  throw new Error("TODO: isHeldOut (Task 1)");
}

/** Task 1: a pair of operands, each with a random number of digits 1…width, never a held-out pair. */
export function sampleOperands(rand: () => number, width: number): [number, number] {
  throw new Error("TODO: sampleOperands (Task 1)");
}

export interface TinyConfig {
  vocabSize: number;
  maxLen: number;
  dModel: number;
  nHeads: number;
  nLayers: number;
}

/** Task 2: token + learned position embeddings, nLayers causal pre-LN blocks, a final LayerNorm, a linear head. */
export class TinyTransformer extends nn.Module {
  readonly config: TinyConfig;
  tok: nn.Embedding;
  pos: nn.Embedding;
  blocks: nn.ModuleList;
  lnF: nn.LayerNorm;
  head: nn.Linear;
  constructor(config: TinyConfig) {
    super();
    throw new Error("TODO: TinyTransformer constructor (Task 2)");
  }
  /** ids (B, T) int32 → logits (B, T, vocabSize). */
  forward(ids: Tensor): Tensor {
    throw new Error("TODO: TinyTransformer.forward (Task 2)");
  }
}

export interface TrainOptions {
  scratchpad: boolean;
  width?: number;
  steps?: number;
  batchSize?: number;
  lr?: number;
  seed?: number;
  dModel?: number;
}

/** Task 3: one training batch — inputs seq[:-1], targets seq[1:], with -100 wherever the next token is part of the prompt. */
export function makeBatch(pairs: readonly (readonly [number, number])[], width: number, scratchpad: boolean): { ids: Tensor; targets: Tensor } {
  throw new Error("TODO: makeBatch (Task 3)");
}

/** Task 3: train a TinyTransformer on sampled additions (loss on target tokens only). Returns the model in eval mode. */
export function trainAdder(opts: TrainOptions): TinyTransformer {
  throw new Error("TODO: trainAdder (Task 3)");
}

/** Anything with forward(ids (B, T)) → logits (B, T, V). */
export interface LanguageModel {
  forward(ids: Tensor): Tensor;
}

/** Task 4: append nNew greedy (argmax) tokens to every prompt (prompts all the same length). */
export function greedyDecode(model: LanguageModel, prompts: readonly (readonly number[])[], nNew: number): number[][] {
  throw new Error("TODO: greedyDecode (Task 4)");
}

/** Task 4: the fraction of pairs whose generated answer (last width+1 tokens of the output) equals a + b exactly. */
export function exactMatch(model: LanguageModel, pairs: readonly (readonly [number, number])[], width: number, scratchpad: boolean): number {
  throw new Error("TODO: exactMatch (Task 4)");
}
