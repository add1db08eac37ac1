// Byte-level BPE: your file — UTF-8 by hand, training merges, encoding in rank order, comparing with GPT-2.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write

/** A merge: two token ids that become one new token. Merge number i creates token 256 + i. */
export type Merge = [number, number];

/** Task 1a: the UTF-8 bytes of a string (1 to 4 bytes per code point; a lone surrogate becomes U+FFFD, like TextEncoder). */
export function utf8Encode(text: string): number[] {
  // `for (const ch of text)` walks code points (an emoji is one step), ch.codePointAt(0) gives the number.
  throw new Error("TODO: task 1 — 1, 2, 3 or 4 bytes depending on the code point (< 0x80, < 0x800, < 0x10000, else)");
}

/** Task 1b: bytes back to a string; each invalid or truncated sequence becomes one U+FFFD (TextDecoder's rule). */
export function utf8Decode(bytes: readonly number[]): string {
  throw new Error("TODO: task 1 — read a lead byte, then its continuation bytes 10xxxxxx; String.fromCodePoint");
}

/** GPT-2's pre-tokenisation pattern: contractions, words, numbers, punctuation runs, whitespace. */
export const GPT2_SPLIT = /'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** Worked example: split text into pre-tokens; merges never cross their boundaries. Joining them gives the text back. */
export function preTokenize(text: string): string[] {
  return text.match(GPT2_SPLIT) ?? [];
}

/**
 * Task 2: learn up to vocabSize − 256 merges from text. Each round counts adjacent pairs inside every pre-token,
 * merges the most frequent pair (ties: smallest first id, then smallest second id) and stops early when no pair is left.
 */
export function trainBpe(text: string, vocabSize: number): Merge[] {
  throw new Error("TODO: task 2 — count pre-tokens once, then loop: count pairs, pick the best, merge it everywhere");
}

export interface Gpt2Comparison {
  /** UTF-8 bytes of the text. */
  bytes: number;
  /** Tokens from this tokenizer. */
  ours: number;
  /** Tokens from GPT-2's tokenizer (given). */
  gpt2: number;
  /** ours / gpt2: below 1 means this tokenizer needs fewer tokens. */
  ratio: number;
  oursBytesPerToken: number;
  gpt2BytesPerToken: number;
}

/** Tasks 3–5: a byte-level BPE tokenizer defined by its merges, in rank order. */
export class BpeTokenizer {
  readonly merges: readonly Merge[];

  /** Task 3: check each merge joins two existing tokens, and build the bytes of every token. */
  constructor(merges: readonly Merge[]) {
    this.merges = merges;
    throw new Error("TODO: task 3 — token 256 + i has the bytes of merges[i][0] followed by those of merges[i][1]");
  }

  /** Task 3: 256 byte tokens plus one per merge. */
  get vocabSize(): number {
    throw new Error("TODO: task 3");
  }

  /** Task 3: the bytes a token stands for (throw for an id outside the vocabulary). */
  tokenBytes(id: number): number[] {
    throw new Error("TODO: task 3");
  }

  /** Task 4: bytes of each pre-token, then repeatedly apply the lowest-rank merge present until none applies. */
  encode(text: string): number[] {
    throw new Error("TODO: task 4");
  }

  /** Task 4: concatenate the tokens' bytes, then decode them as UTF-8. */
  decode(ids: readonly number[]): string {
    throw new Error("TODO: task 4");
  }

  /** Task 5: token counts of this tokenizer and GPT-2's on the same text (throw unless gpt2Count is a positive integer). */
  compareWithGpt2(text: string, gpt2Count: number): Gpt2Comparison {
    throw new Error("TODO: task 5");
  }
}
