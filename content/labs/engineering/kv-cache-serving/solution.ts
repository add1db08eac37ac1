// KV cache and serving: reference solution — cached greedy decoding, multiply-add counts, a paged KV cache, continuous batching.
import { cat, type nn, noGrad, type Tensor, tensor } from "llmpath/tensor";

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
  return noGrad(() => {
    const T = ids.length;
    const pos = tensor(Int32Array.from({ length: T }, (_, i) => i), { dtype: "int32" });
    let x = model.wte.forward(tensor(Int32Array.from(ids), { dtype: "int32" })).add(model.wpe.forward(pos)).unsqueeze(0); // (1, T, E)
    for (const block of model.blocks) x = block.forward(x);
    return model.head.forward(model.lnF.forward(x)).squeeze(0); // (T, V)
  });
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
  return noGrad(() => {
    const t = cache.length;
    let x = model.wte.forward(tensor([token], { dtype: "int32" })).add(model.wpe.forward(tensor([t], { dtype: "int32" }))); // (1, E)
    model.blocks.forEach((block, l) => {
      const attn = block.attn;
      const H = attn.numHeads;
      const Dh = attn.headDim;
      const h = block.ln1.forward(x); // (1, E)
      const k = attn.kProj.forward(h); // (1, E)
      const v = attn.vProj.forward(h); // (1, E)
      const K = cache.keys[l] ? cat([cache.keys[l]!, k], 0) : k; // (t + 1, E)
      const V = cache.values[l] ? cat([cache.values[l]!, v], 0) : v; // (t + 1, E)
      cache.keys[l] = K;
      cache.values[l] = V;
      const q = attn.qProj.forward(h).reshape(H, 1, Dh); // (H, 1, Dh)
      const heads = (m: Tensor) => m.reshape(t + 1, H, Dh).transpose(0, 1); // (t + 1, E) → (H, t + 1, Dh)
      const w = q.matmul(heads(K).transpose(1, 2)).div(Math.sqrt(Dh)).softmax(-1); // (H, 1, t + 1): every cached key is in the past
      const o = w.matmul(heads(V)).transpose(0, 1).reshape(1, H * Dh); // (1, E)
      x = x.add(attn.outProj.forward(o));
      x = x.add(block.mlp.forward(block.ln2.forward(x)));
    });
    cache.length = t + 1;
    return model.head.forward(model.lnF.forward(x)).reshape(-1); // (V)
  });
}

const argmax = (logits: Tensor): number => logits.argmax().item();

/** Task 1: greedy decoding of `newTokens` tokens after `prompt`, with the cache or by recomputing everything each step. */
export function generate(model: TinyGPT, prompt: number[], newTokens: number, opts: { cache: boolean }): number[] {
  if (prompt.length === 0) throw new Error("generate: the prompt needs at least one token");
  const ids = [...prompt];
  if (!opts.cache) {
    for (let s = 0; s < newTokens; s++) {
      const logits = forwardFull(model, ids); // (T, V)
      ids.push(argmax(logits.select(0, ids.length - 1)));
    }
    return ids.slice(prompt.length);
  }
  const cache = emptyCache(model);
  let logits: Tensor | null = null;
  for (const tok of prompt) logits = decodeStep(model, cache, tok); // prefill, one position at a time
  for (let s = 0; s < newTokens; s++) {
    const next = argmax(logits!);
    ids.push(next);
    if (s < newTokens - 1) logits = decodeStep(model, cache, next);
  }
  return ids.slice(prompt.length);
}

export interface ModelShape {
  nLayer: number;
  dModel: number;
  vocab: number;
}

/** Task 2: multiply-adds to push one position through the model when it attends `keys` positions, logits included. */
export function positionMacs(cfg: ModelShape, keys: number): number {
  const E = cfg.dModel;
  return cfg.nLayer * (12 * E * E + 2 * E * keys) + E * cfg.vocab;
}

/**
 * Task 2: multiply-adds to generate `newTokens` greedily after a prompt of `promptLen` tokens. Position i (1-based)
 * attends i keys. Recomputing runs every position of the current sequence at each step; the cache runs each
 * position once (the prompt, then every generated token except the last).
 */
export function generationMacs(cfg: ModelShape, promptLen: number, newTokens: number, cached: boolean): number {
  let total = 0;
  if (cached) {
    for (let i = 1; i <= promptLen + newTokens - 1; i++) total += positionMacs(cfg, i);
    return total;
  }
  for (let s = 0; s < newTokens; s++) for (let i = 1; i <= promptLen + s; i++) total += positionMacs(cfg, i);
  return total;
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
    const s = this.seq(id);
    if (k.length !== this.width || v.length !== this.width) throw new Error(`PagedKVCache: k and v need ${this.width} floats, got ${k.length} and ${v.length}`);
    if (s.length % this.blockSize === 0) {
      const b = this.free.pop();
      if (b === undefined) throw new Error(`PagedKVCache: out of blocks (all ${this.numBlocks} in use) appending to sequence ${id}; free a finished sequence`);
      s.blocks.push(b);
    }
    const block = s.blocks[s.blocks.length - 1]!;
    const at = (block * this.blockSize + (s.length % this.blockSize)) * this.width;
    this.k.set(k, at);
    this.v.set(v, at);
    s.length++;
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
    return [...this.seq(id).blocks];
  }

  length(id: number): number {
    return this.seq(id).length;
  }

  /** Returns every block of the sequence to the free list. */
  release(id: number): void {
    const s = this.seq(id);
    for (let i = s.blocks.length - 1; i >= 0; i--) this.free.push(s.blocks[i]!);
    this.tables.delete(id);
  }

  freeBlocks(): number {
    return this.free.length;
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
  if (!(Number.isInteger(maxBatch) && maxBatch >= 1)) throw new Error(`simulateServing: maxBatch must be a positive integer, got ${maxBatch}`);
  if (outputLens.some((n) => !(Number.isInteger(n) && n >= 1))) throw new Error("simulateServing: every request must generate at least one token");
  const finishedAt = new Array<number>(outputLens.length).fill(0);
  const tokens = outputLens.reduce((a, b) => a + b, 0);
  let steps = 0;
  if (policy === "static") {
    for (let s = 0; s < outputLens.length; s += maxBatch) {
      const group = outputLens.slice(s, s + maxBatch);
      group.forEach((n, i) => { finishedAt[s + i] = steps + n; });
      steps += Math.max(...group);
    }
  } else {
    const left = [...outputLens];
    let next = 0;
    const running: number[] = [];
    while (running.length > 0 || next < left.length) {
      while (running.length < maxBatch && next < left.length) running.push(next++);
      steps++;
      for (let i = running.length - 1; i >= 0; i--) {
        const r = running[i]!;
        if (--left[r]! === 0) {
          finishedAt[r] = steps;
          running.splice(i, 1);
        }
      }
    }
  }
  return { steps, tokens, tokensPerStep: tokens / steps, finishedAt };
}
