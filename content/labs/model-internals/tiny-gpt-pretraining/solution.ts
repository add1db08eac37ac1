// Tiny GPT pre-training, reference solution: char tokenizer, a small GPT from nn pieces, training loop, sampling.
import { F, getRngState, manualSeed, nn, noGrad, optim, rand, randint, setRngState, type Tensor, tensor } from "llmpath/tensor";

/** The character every rare or unseen character maps to (id 0). */
export const UNK = "□";

/** Task 1: characters seen at least minCount times get ids 1, 2, … in code-unit order; everything else is UNK (0). */
export class CharTokenizer {
  private readonly ids: Map<string, number>;
  private constructor(readonly chars: readonly string[]) {
    this.ids = new Map(chars.map((c, i) => [c, i]));
  }
  static fromText(text: string, opts: { minCount?: number } = {}): CharTokenizer {
    const minCount = opts.minCount ?? 1;
    const counts = new Map<string, number>();
    for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
    const kept = [...counts].filter(([c, n]) => n >= minCount && c !== UNK).map(([c]) => c).sort();
    return new CharTokenizer([UNK, ...kept]);
  }
  get vocabSize(): number {
    return this.chars.length;
  }
  encode(s: string): number[] {
    return Array.from(s, (c) => this.ids.get(c) ?? 0);
  }
  decode(ids: readonly number[]): string {
    return ids.map((i) => this.chars[i] ?? UNK).join("");
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

/** Task 2: token embedding → nLayers pre-LN blocks (RoPE inside attention) → final LayerNorm → LM head. */
export class TinyGPT extends nn.Module {
  readonly config: GPTConfig;
  tok: nn.Embedding;
  blocks: nn.ModuleList;
  lnF: nn.LayerNorm;
  head: nn.Linear;
  constructor(config: GPTConfig) {
    super();
    this.config = { ...config };
    this.tok = new nn.Embedding(config.vocabSize, config.dModel);
    noGrad(() => this.tok.weight.mul_(0.02)); // N(0, 0.02²) like GPT-2, not N(0, 1)
    this.blocks = new nn.ModuleList(Array.from({ length: config.nLayers }, () => new nn.TransformerBlock(config.dModel, config.nHeads, { dropout: config.dropout ?? 0 })));
    this.lnF = new nn.LayerNorm(config.dModel);
    this.head = new nn.Linear(config.dModel, config.vocabSize);
  }
  /** ids (B, T) int32 → logits (B, T, vocabSize). */
  forward(ids: Tensor): Tensor {
    const T = ids.shape[1]!;
    if (T > this.config.blockSize) throw new Error(`Cannot forward sequence of length ${T}, block size is only ${this.config.blockSize}`);
    let h = this.tok.forward(ids); // (B, T, d)
    for (const block of this.blocks) h = (block as nn.TransformerBlock).forward(h, { rope: true }); // relative positions
    return this.head.forward(this.lnF.forward(h)); // (B, T, V)
  }
}

/** Task 3: batchSize random windows (global generator): x = ids[s, s+T), y = ids[s+1, s+T+1), both int32 (B, T). */
export function getBatch(ids: readonly number[], batchSize: number, blockSize: number): { x: Tensor; y: Tensor } {
  if (ids.length < blockSize + 1) throw new RangeError(`getBatch: need at least blockSize + 1 = ${blockSize + 1} tokens, got ${ids.length}`);
  const starts = randint(0, ids.length - blockSize, [batchSize]).tolist() as number[];
  const x = new Int32Array(batchSize * blockSize);
  const y = new Int32Array(batchSize * blockSize);
  starts.forEach((s, b) => {
    for (let t = 0; t < blockSize; t++) {
      x[b * blockSize + t] = ids[s + t]!;
      y[b * blockSize + t] = ids[s + t + 1]!;
    }
  });
  return { x: tensor(x, { shape: [batchSize, blockSize], dtype: "int32" }), y: tensor(y, { shape: [batchSize, blockSize], dtype: "int32" }) };
}

/** Task 3: mean next-token cross-entropy; logits (B, T, V), y (B, T). */
export function lmLoss(logits: Tensor, y: Tensor): Tensor {
  const V = logits.shape[2]!;
  return F.crossEntropy(logits.reshape(-1, V), y.reshape(-1));
}

/** Task 3: mean loss over consecutive non-overlapping windows of blockSize + 1 tokens, without gradients. */
export function estimateLoss(model: TinyGPT, ids: readonly number[], blockSize: number): number {
  const xs: number[] = [];
  const ys: number[] = [];
  let n = 0;
  for (let s = 0; s + blockSize + 1 <= ids.length; s += blockSize, n++) {
    xs.push(...ids.slice(s, s + blockSize));
    ys.push(...ids.slice(s + 1, s + blockSize + 1));
  }
  if (n === 0) throw new RangeError(`estimateLoss: need at least ${blockSize + 1} tokens, got ${ids.length}`);
  const x = tensor(Int32Array.from(xs), { shape: [n, blockSize], dtype: "int32" });
  const y = tensor(Int32Array.from(ys), { shape: [n, blockSize], dtype: "int32" });
  const was = model.training;
  model.eval();
  const loss = noGrad(() => lmLoss(model.forward(x), y).item());
  if (was) model.train();
  return loss;
}

/** Task 3: perplexity = exp(mean cross-entropy in nats). */
export function perplexity(loss: number): number {
  return Math.exp(loss);
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
  manualSeed(o.seed);
  const opt = new optim.AdamW(model.parameters(), { lr: o.lr, weightDecay: 0.01 });
  const schedule = optim.cosineWithWarmup({ warmupSteps: o.warmupSteps, totalSteps: o.steps, maxLr: o.lr, minLr: o.minLr });
  model.train();
  let trainLoss = Number.NaN;
  for (let step = 0; step < o.steps; step++) {
    opt.lr = schedule(step);
    const { x, y } = getBatch(trainIds, o.batchSize, o.blockSize);
    const loss = lmLoss(model.forward(x), y);
    opt.zeroGrad();
    loss.backward();
    optim.clipGradNorm(model.parameters(), o.clip);
    opt.step();
    trainLoss = loss.item();
    if (o.logEvery > 0 && ((step + 1) % o.logEvery === 0 || step + 1 === o.steps)) {
      const val = estimateLoss(model, valIds, o.blockSize);
      console.log(`step ${step + 1}/${o.steps}  lr ${opt.lr.toExponential(1)}  train ${trainLoss.toFixed(3)}  val ${val.toFixed(3)}  ppl ${perplexity(val).toFixed(0)}`);
    }
  }
  return { trainLoss, valLoss: estimateLoss(model, valIds, o.blockSize) };
}

export interface SampleOptions {
  /** 0 = greedy. */
  temperature: number;
  /** Keep only the k largest logits (ties with the k-th kept). */
  topK?: number;
  /** Ids that are never sampled (e.g. UNK). */
  suppress?: readonly number[];
}

/**
 * Task 5: one token from one row of logits. Suppressed ids are removed first; temperature 0 picks the largest logit
 * (lowest id on ties); otherwise softmax(logits / temperature) over the top-k survivors, inverse CDF in id order with u ∈ [0, 1).
 */
export function sampleNext(logits: ArrayLike<number>, opts: SampleOptions, u: number): number {
  const V = logits.length;
  const z = Float64Array.from(logits);
  for (const id of opts.suppress ?? []) if (id >= 0 && id < V) z[id] = Number.NEGATIVE_INFINITY;
  if (opts.temperature === 0) {
    let best = 0;
    for (let i = 1; i < V; i++) if (z[i]! > z[best]!) best = i;
    return best;
  }
  let cutoff = Number.NEGATIVE_INFINITY;
  if (opts.topK !== undefined && opts.topK < V) cutoff = Float64Array.from(z).sort()[V - opts.topK]!;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < V; i++) if (z[i]! >= cutoff) max = Math.max(max, z[i]!);
  const p = new Float64Array(V);
  let total = 0;
  for (let i = 0; i < V; i++) {
    if (z[i]! < cutoff || z[i] === Number.NEGATIVE_INFINITY) continue;
    p[i] = Math.exp((z[i]! - max) / opts.temperature);
    total += p[i]!;
  }
  if (!(total > 0)) throw new Error("sampleNext: every token is suppressed");
  let acc = 0;
  let last = -1;
  for (let i = 0; i < V; i++) {
    if (p[i] === 0) continue;
    acc += p[i]!;
    last = i;
    if (acc > u * total) return i;
  }
  return last;
}

/** Task 5: append maxNewTokens sampled tokens; context cropped to blockSize; seeded, global generator restored. */
export function generate(model: TinyGPT, prompt: readonly number[], maxNewTokens: number, opts: SampleOptions & { seed: number }): number[] {
  if (prompt.length === 0) throw new RangeError("generate: the prompt needs at least one token");
  const out = [...prompt];
  const saved = getRngState();
  manualSeed(opts.seed);
  const was = model.training;
  model.eval();
  try {
    noGrad(() => {
      for (let i = 0; i < maxNewTokens; i++) {
        const ctx = out.slice(-model.config.blockSize);
        const logits = model.forward(tensor(Int32Array.from(ctx), { shape: [1, ctx.length], dtype: "int32" })); // (1, T, V)
        const last = logits.slice(1, ctx.length - 1, ctx.length).contiguous().toFloat64Array(); // (V)
        out.push(sampleNext(last, opts, rand([1]).item()));
      }
    });
  } finally {
    setRngState(saved);
    if (was) model.train();
  }
  return out;
}

/** Task 6: the recipe — build and train a model that reaches the stated validation loss within the time limit. */
export function pretrainTang(trainIds: readonly number[], valIds: readonly number[], vocabSize: number): TinyGPT {
  manualSeed(0);
  const model = new TinyGPT({ vocabSize, blockSize: 32, dModel: 48, nHeads: 4, nLayers: 2, dropout: 0.1 });
  train(model, trainIds, valIds, { steps: 500, batchSize: 8, blockSize: 32, lr: 5e-3, warmupSteps: 20, minLr: 5e-4, clip: 1, seed: 1, logEvery: 125 });
  model.eval(); // dropout off from now on
  return model;
}
