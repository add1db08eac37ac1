// Chain-of-thought lab: reference solution — addition data with and without a scratchpad, a tiny transformer, training, exact match.
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
  const da = digitsOf(a, width);
  const db = digitsOf(b, width);
  const prompt = [...da, PLUS, ...db, EQUALS];
  const target: number[] = [];
  if (scratchpad) {
    let carry = 0;
    for (let i = width - 1; i >= 0; i--) {
      const total = da[i]! + db[i]! + carry; // column total 0…19, least significant column first
      target.push(total < 10 ? total : total + 2); // one token per column: 0…9 as digits, 10…19 as ids 12…21
      carry = total >= 10 ? 1 : 0;
    }
  }
  target.push(...digitsOf(a + b, width + 1));
  return { prompt, target };
}

/** Task 1: the number written in the last width+1 tokens, or null if any of them is not a digit. */
export function readAnswer(tokens: readonly number[], width: number): number | null {
  if (tokens.length < width + 1) return null;
  const tail = tokens.slice(tokens.length - width - 1);
  if (tail.some((t) => !Number.isInteger(t) || t < 0 || t > 9)) return null;
  return Number(tail.join(""));
}

/** Task 1: is (a, b) in the held-out set? Training never sees these pairs. */
export function isHeldOut(a: number, b: number): boolean {
  return (a * 7 + b * 13) % 10 === 3;
}

/** Task 1: a pair of operands, each with a random number of digits 1…width, never a held-out pair. */
export function sampleOperands(rand: () => number, width: number): [number, number] {
  for (;;) {
    const la = 1 + Math.floor(rand() * width);
    const lb = 1 + Math.floor(rand() * width);
    const a = Math.floor(rand() * 10 ** la);
    const b = Math.floor(rand() * 10 ** lb);
    if (!isHeldOut(a, b)) return [a, b];
  }
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
    this.config = config;
    this.tok = new nn.Embedding(config.vocabSize, config.dModel);
    this.pos = new nn.Embedding(config.maxLen, config.dModel);
    this.blocks = new nn.ModuleList(Array.from({ length: config.nLayers }, () => new nn.TransformerBlock(config.dModel, config.nHeads, { mlpRatio: 2 })));
    this.lnF = new nn.LayerNorm(config.dModel);
    this.head = new nn.Linear(config.dModel, config.vocabSize);
  }
  /** ids (B, T) int32 → logits (B, T, vocabSize). */
  forward(ids: Tensor): Tensor {
    const T = ids.shape[1]!;
    if (T > this.config.maxLen) throw new Error(`TinyTransformer: cannot forward sequence of length ${T}, maxLen is only ${this.config.maxLen}`);
    const positions = tensor(Array.from({ length: T }, (_, i) => i), { dtype: "int32" }); // (T)
    let x = this.tok.forward(ids).add(this.pos.forward(positions)); // (B, T, d)
    for (const block of this.blocks) x = (block as nn.TransformerBlock).forward(x); // (B, T, d)
    return this.head.forward(this.lnF.forward(x)); // (B, T, V)
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
  const ids: number[][] = [];
  const targets: number[] = [];
  for (const [a, b] of pairs) {
    const { prompt, target } = formatExample(a, b, width, scratchpad);
    const seq = [...prompt, ...target];
    ids.push(seq.slice(0, -1));
    for (let i = 1; i < seq.length; i++) targets.push(i >= prompt.length ? seq[i]! : -100);
  }
  return { ids: tensor(ids, { dtype: "int32" }), targets: tensor(targets, { dtype: "int32" }) };
}

/** Task 3: train a TinyTransformer on sampled additions (loss on target tokens only). Returns the model in eval mode. */
export function trainAdder(opts: TrainOptions): TinyTransformer {
  const width = opts.width ?? 3;
  const steps = opts.steps ?? 250;
  const batchSize = opts.batchSize ?? 32;
  const lr = opts.lr ?? 2e-2;
  const seed = opts.seed ?? 0;
  manualSeed(seed);
  const rand = mulberry32(seed + 1);
  const ex = formatExample(0, 0, width, opts.scratchpad);
  const model = new TinyTransformer({ vocabSize: VOCAB_SIZE, maxLen: ex.prompt.length + ex.target.length - 1, dModel: opts.dModel ?? 32, nHeads: 8, nLayers: 1 });
  const opt = new optim.AdamW(model.parameters(), { lr, weightDecay: 0 });
  const schedule = optim.cosineWithWarmup({ warmupSteps: Math.min(10, steps - 1), totalSteps: steps, maxLr: lr, minLr: lr / 2 });
  model.train();
  for (let step = 0; step < steps; step++) {
    const pairs = Array.from({ length: batchSize }, () => sampleOperands(rand, width));
    const { ids, targets } = makeBatch(pairs, width, opts.scratchpad);
    const logits = model.forward(ids); // (B, T, V)
    const loss = F.crossEntropy(logits.reshape(-1, VOCAB_SIZE), targets, { ignoreIndex: -100 });
    opt.lr = schedule(step);
    opt.zeroGrad();
    loss.backward();
    opt.step();
  }
  model.eval();
  return model;
}

/** Anything with forward(ids (B, T)) → logits (B, T, V). */
export interface LanguageModel {
  forward(ids: Tensor): Tensor;
}

/** Task 4: append nNew greedy (argmax) tokens to every prompt (prompts all the same length). */
export function greedyDecode(model: LanguageModel, prompts: readonly (readonly number[])[], nNew: number): number[][] {
  let seqs = prompts.map((p) => [...p]);
  if (seqs.length === 0) return [];
  noGrad(() => {
    for (let k = 0; k < nNew; k++) {
      const T = seqs[0]!.length;
      const logits = model.forward(tensor(seqs, { dtype: "int32" })); // (B, T, V)
      const next = logits.slice(1, T - 1, T).squeeze(1).argmax(-1).tolist() as number[]; // (B)
      seqs = seqs.map((s, i) => [...s, next[i]!]);
    }
  });
  return seqs.map((s, i) => s.slice(prompts[i]!.length));
}

/** Task 4: the fraction of pairs whose generated answer (last width+1 tokens of the output) equals a + b exactly. */
export function exactMatch(model: LanguageModel, pairs: readonly (readonly [number, number])[], width: number, scratchpad: boolean): number {
  if (pairs.length === 0) throw new Error("exactMatch: no pairs to evaluate");
  const examples = pairs.map(([a, b]) => formatExample(a, b, width, scratchpad));
  const outputs = greedyDecode(model, examples.map((e) => e.prompt), examples[0]!.target.length);
  let correct = 0;
  outputs.forEach((out, i) => {
    if (readAnswer(out, width) === pairs[i]![0] + pairs[i]![1]) correct++;
  });
  return correct / pairs.length;
}
