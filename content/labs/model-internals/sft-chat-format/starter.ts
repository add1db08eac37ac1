// SFT data formatting: fill in each TODO (README.en.md / README.zh.md has one task per function).
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
// biome-ignore-all lint/correctness/noUnusedImports: the imports are the ones the reference solution uses
import { F, type Tensor, tensor } from "llmpath/tensor";

/** Byte-level vocabulary: ids 0–255 are UTF-8 bytes, then five special tokens. */
export const PAD = 256;
export const SYSTEM = 257;
export const USER = 258;
export const ASSISTANT = 259;
export const END = 260;
export const VOCAB_SIZE = 261;
export const IGNORE_INDEX = -100;

export type Role = "system" | "user" | "assistant";
export interface Message {
  role: Role;
  content: string;
}
export interface Example {
  inputIds: number[];
  labels: number[];
}

/** UTF-8 bytes of a string as token ids (given). */
export function textIds(s: string): number[] {
  return Array.from(new TextEncoder().encode(s));
}

/** Task 1: [ROLE] content-bytes [END] for every message; with addGenerationPrompt a final [ASSISTANT]. */
export function renderChat(messages: readonly Message[], opts: { addGenerationPrompt?: boolean } = {}): number[] {
  throw new Error("TODO: renderChat");
}

/** Task 2: renderChat's ids, with labels = the id on assistant content bytes and their [END], −100 everywhere else. */
export function encodeExample(messages: readonly Message[]): Example {
  throw new Error("TODO: encodeExample");
}

/** Task 3: causal-LM loss: logits[:, :-1] against labels[:, 1:], skipping −100, mean over counted tokens. */
export function sftLoss(logits: Tensor, labels: Tensor): Tensor {
  throw new Error("TODO: sftLoss");
}

export interface PackedBatch {
  /** (N, L) token ids, PAD after the last example of a row. */
  inputIds: number[][];
  /** (N, L) labels; −100 on padding and on the first token of every example. */
  labels: number[][];
  /** (N, L) 1, 2, … for the examples of a row in order, 0 on padding. */
  segmentIds: number[][];
  /** (N, L) position inside the example (restarting at 0), 0 on padding. */
  positionIds: number[][];
}

/** Task 4: greedy packing in order — start a new row when the next example does not fit. */
export function pack(examples: readonly Example[], seqLen: number): PackedBatch {
  throw new Error("TODO: pack");
}

/** Task 5 (stretch): bool (N, 1, L, L), true where query i may attend key j: j ≤ i, same example, not padding. */
export function packedAttentionMask(segmentIds: readonly (readonly number[])[]): Tensor {
  throw new Error("TODO: packedAttentionMask");
}
