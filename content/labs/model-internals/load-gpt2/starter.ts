// Loading GPT-2: fill in each TODO (README.en.md / README.zh.md has one task per function).
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
// biome-ignore-all lint/correctness/noUnusedImports: the imports are the ones the reference solution uses
import { F, arange, getRngState, manualSeed, noGrad, rand, setRngState, type Tensor, tensor } from "llmpath/tensor";

export interface TensorEntry {
  name: string;
  dtype: string;
  shape: number[];
  /** Byte offsets relative to the start of the data section (after the header), end exclusive. */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  /** N, the little-endian u64 in the first 8 bytes. */
  headerLength: number;
  /** 8 + N: where the data section starts in the file. */
  dataStart: number;
  /** Every tensor, sorted by begin (file order); "__metadata__" is not a tensor. */
  entries: TensorEntry[];
  metadata: Record<string, string>;
}

/** Bytes per element of each safetensors dtype. */
export const ITEM_SIZE: Record<string, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };

/** Task 1: read the 8-byte length, the JSON header and every tensor's dtype, shape and offsets; validate them. */
export function parseHeader(bytes: Uint8Array): SafetensorsHeader {
  throw new Error("TODO: parseHeader");
}

/** Task 2: decode every tensor to an engine Tensor: F32/F16/BF16 → float32, I32 → int32 (little-endian). */
export function loadTensors(bytes: Uint8Array): Record<string, Tensor> {
  throw new Error("TODO: loadTensors");
}

/** Task 3: Hugging Face's Conv1D: y = x·W + b with W stored (in, out). */
export function conv1d(x: Tensor, weight: Tensor, bias: Tensor): Tensor {
  throw new Error("TODO: conv1d");
}

/** Task 3: the same layer as an nn.Linear weight (out, in). */
export function toLinearWeight(conv1dWeight: Tensor): Tensor {
  throw new Error("TODO: toLinearWeight");
}

export interface GPT2Config {
  vocabSize: number;
  nPositions: number;
  nEmbd: number;
  nLayer: number;
  nHead: number;
  layerNormEpsilon: number;
}

/** Task 4: logits (B, T, vocabSize) of GPT-2 for int32 ids (B, T), from Hugging Face-named weights. */
export function gpt2Forward(w: Record<string, Tensor>, cfg: GPT2Config, ids: Tensor): Tensor {
  throw new Error("TODO: gpt2Forward");
}

export interface GenerateOptions {
  maxNewTokens: number;
  /** 0 = greedy. */
  temperature: number;
  topK?: number;
  seed?: number;
}

/** Task 5: append tokens one at a time (context cropped to nPositions); greedy or top-k sampling, seeded. */
export function generate(w: Record<string, Tensor>, cfg: GPT2Config, prompt: readonly number[], opts: GenerateOptions): number[] {
  throw new Error("TODO: generate");
}
