// KV cache and serving: your file — cached greedy decoding, multiply-add counts, a paged KV cache, continuous batching.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
import type { nn, Tensor } from "llmpath/tensor"; // you will also need `cat`, `noGrad` and `tensor` from here

/** A tiny GPT built from engine pieces (the tests build it): token + position embeddings, pre-LN blocks, final LN, head. */
export interface TinyGPT {
  wte: nn.Embedding;
  wpe: nn.Embedding;
  blocks: nn.TransformerBlock[];
  lnF: nn.LayerNorm;
  /** (vocab, dModel) without bias */
  head: nn.Linear;
}

/** Task 1: logits (T, V) for the whole sequence, recomputed from scratch with the blocks' own forward. */
export function forwardFull(model: TinyGPT, ids: number[]): Tensor {
  throw new Error("TODO: task 1 — embeddings of tokens and positions, every block's forward, final LayerNorm, head");
}

/** Keys and values of every position seen so far, per layer: (t, E) each. */
export interface KVCache {
  keys: (Tensor | null)[];
  values: (Tensor | null)[];
  length: number;
}

export function emptyCache(model: TinyGPT): KVCache {
  return { keys: model.blocks.map(() => null), values: model.blocks.map(() => null), length: 0 };
}

/** Task 1: push one token through the model, attending to the cache, append its k and v; returns its logits (V). */
export function decodeStep(model: TinyGPT, cache: KVCache, token: number): Tensor {
  throw new Error("TODO: task 1 — per layer: project the new token, append k and v to the cache, attend over the cache, MLP");
}

const argmax = (logits: Tensor): number => logits.argmax().item();

/** Task 1: greedy decoding of `newTokens` tokens after `prompt`, with the cache or by recomputing everything each step. */
export function generate(model: TinyGPT, prompt: number[], newTokens: number, opts: { cache: boolean }): number[] {
  throw new Error("TODO: task 1 — without the cache call forwardFull each step; with it, feed the prompt to decodeStep, then each new token");
}

export interface ModelShape {
  nLayer: number;
  dModel: number;
  vocab: number;
}

/** Task 2: multiply-adds to push one position through the model when it attends `keys` positions, logits included. */
export function positionMacs(cfg: ModelShape, keys: number): number {
  throw new Error("TODO: task 2 — nLayer·(12·E² + 2·E·keys) + E·V");
}

/**
 * Task 2: multiply-adds to generate `newTokens` greedily after a prompt of `promptLen` tokens. Position i (1-based)
 * attends i keys. Recomputing runs every position of the current sequence at each step; the cache runs each
 * position once (the prompt, then every generated token except the last).
 */
export function generationMacs(cfg: ModelShape, promptLen: number, newTokens: number, cached: boolean): number {
  throw new Error("TODO: task 2 — sum positionMacs over every position each approach runs");
}

/** Task 3: a paged KV cache — fixed-size blocks from one pool, a block table per sequence, a free list. */
export class PagedKVCache {
  private readonly k: Float32Array;
  private readonly v: Float32Array;
  private readonly free: number[] = [];
  private readonly tables = new Map<number, { blocks: number[]; length: number }>();

  constructor(
    readonly numBlocks: number,
    readonly blockSize: number,
    /** floats per token for K (and for V) */
    readonly width: number,
  ) {
    this.k = new Float32Array(numBlocks * blockSize * width);
    this.v = new Float32Array(numBlocks * blockSize * width);
    for (let b = numBlocks - 1; b >= 0; b--) this.free.push(b); // pop() hands out block 0 first
  }

  private seq(id: number) {
    const s = this.tables.get(id);
    if (!s) throw new Error(`PagedKVCache: unknown sequence ${id}; call addSequence(${id}) first`);
    return s;
  }

  addSequence(id: number): void {
    if (this.tables.has(id)) throw new Error(`PagedKVCache: sequence ${id} already exists`);
    this.tables.set(id, { blocks: [], length: 0 });
  }

  /** Stores one token's k and v (width floats each); takes a new block from the free list only when the last is full. */
  append(id: number, k: ArrayLike<number>, v: ArrayLike<number>): void {
    throw new Error("TODO: task 3 — take a block from the free list when the last one is full, then write k and v into its slot");
  }

  /** The sequence's keys and values gathered through its block table, (length·width) each. */
  read(id: number): { k: Float32Array; v: Float32Array } {
    const s = this.seq(id);
    const k = new Float32Array(s.length * this.width);
    const v = new Float32Array(s.length * this.width);
    for (let t = 0; t < s.length; t++) {
      const at = (s.blocks[Math.floor(t / this.blockSize)]! * this.blockSize + (t % this.blockSize)) * this.width;
      k.set(this.k.subarray(at, at + this.width), t * this.width);
      v.set(this.v.subarray(at, at + this.width), t * this.width);
    }
    return { k, v };
  }

  blockTable(id: number): number[] {
    throw new Error("TODO: task 3");
  }

  length(id: number): number {
    throw new Error("TODO: task 3");
  }

  /** Returns every block of the sequence to the free list. */
  release(id: number): void {
    throw new Error("TODO: task 3 — give every block back to the free list");
  }

  freeBlocks(): number {
    throw new Error("TODO: task 3");
  }

  /** Memory of one sequence: tokens stored, blocks held, token slots those blocks hold, and slots left empty. */
  usage(id: number): { tokens: number; blocks: number; slots: number; wasted: number } {
    const s = this.seq(id);
    const slots = s.blocks.length * this.blockSize;
    return { tokens: s.length, blocks: s.blocks.length, slots, wasted: slots - s.length };
  }
}

export interface ServingStats {
  /** decoding steps until every request finished */
  steps: number;
  /** tokens generated in all */
  tokens: number;
  tokensPerStep: number;
  /** the step (1-based) in which each request produced its last token */
  finishedAt: number[];
}

/**
 * Task 4: every running request produces one token per step. Static batching takes the next maxBatch requests and
 * runs until the longest of them is done; continuous batching refills a slot as soon as its request finishes.
 */
export function simulateServing(outputLens: number[], maxBatch: number, policy: "static" | "continuous"): ServingStats {
  throw new Error("TODO: task 4 — count steps: static runs each group to its longest request; continuous refills slots every step");
}
