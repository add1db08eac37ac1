// Cross-entropy and perplexity lab: implement each function with llmpath/tensor (see README, tasks 1–4).
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
import type { Tensor } from "llmpath/tensor";

/**
 * Task 1: log-softmax along `dim` that stays finite for logits like ±1000.
 * Subtract the maximum along `dim` first (detach it: the shift cancels), then subtract log Σ exp.
 * Do not call the engine's own `logSoftmax`/`logsumexp`/`softmax`: build it from amax, sub, exp, sum, log.
 */
export function logSoftmax(logits: Tensor, dim = -1): Tensor {
  throw new Error("TODO: implement logSoftmax (task 1)");
}

/** Task 1: softmax along `dim`, built on your logSoftmax. */
export function softmax(logits: Tensor, dim = -1): Tensor {
  throw new Error("TODO: implement softmax (task 1)");
}

export interface CrossEntropyOptions {
  /** Targets equal to this value are skipped and not counted in the mean (default −100, as in PyTorch). */
  ignoreIndex?: number;
  /** ε in [0, 1]: the target becomes (1 − ε)·onehot + ε/C (default 0). */
  labelSmoothing?: number;
}

/**
 * Task 2: mean cross-entropy in nats, as a 0-d tensor that supports backward().
 * logits (..., C) with classes on the LAST dim; targets int32 with shape (...).
 * Throw an Error when a target is neither ignoreIndex nor in 0..C−1.
 */
export function crossEntropy(logits: Tensor, targets: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  throw new Error("TODO: implement crossEntropy (task 2)");
}

/** Task 3: perplexity = exp(mean cross-entropy), as a plain number. */
export function perplexity(logits: Tensor, targets: Tensor, opts: { ignoreIndex?: number } = {}): number {
  throw new Error("TODO: implement perplexity (task 3)");
}

/** Task 3: convert a mean cross-entropy in nats to bits (per character when the tokens are characters). */
export function bitsPerCharacter(ceNats: number): number {
  throw new Error("TODO: implement bitsPerCharacter (task 3)");
}

/** Index 0 of every vocabulary: stands for any character not seen in training. */
export const UNK = "<unk>";

export interface BigramModel {
  /** vocab[0] = UNK, then the training text's distinct characters in sorted order. */
  vocab: string[];
  /** (V, V): logProbs[a, b] = log P(next = b | previous = a). */
  logProbs: Tensor;
}

/** Task 4: [UNK, ...distinct characters of `text`, sorted]. Iterate by code point (Array.from(text)). */
export function buildVocab(text: string): string[] {
  throw new Error("TODO: implement buildVocab (task 4)");
}

/** Task 4: character → index in `vocab`; characters not in it map to 0 (UNK). */
export function encode(text: string, vocab: string[]): number[] {
  throw new Error("TODO: implement encode (task 4)");
}

/** Task 4: add-α bigram model, P(b | a) = (count(a, b) + α) / (count(a, ·) + α·V), V = vocab.length. */
export function trainBigram(text: string, alpha: number): BigramModel {
  throw new Error("TODO: implement trainBigram (task 4)");
}

/** Task 4: perplexity of `text`: every character after the first is predicted from the one before it. */
export function bigramPerplexity(model: BigramModel, text: string): number {
  throw new Error("TODO: implement bigramPerplexity (task 4)");
}
