// Text-conditioned diffusion, reference solution: DDPM schedule, closed-form q(x_t|x_0), joint text encoder + ε-MLP, sampling, a judge.
import { cat, F, manualSeed, nn, noGrad, optim, randn, type Tensor, tensor } from "llmpath/tensor";

// ---------------------------------------------------------------------------------------------------------------
// Given: the 6×6 picture world, prompts, vocabulary and a seeded generator.
// ---------------------------------------------------------------------------------------------------------------

export const SIDE = 6;
export const PIXELS = SIDE * SIDE;
export const PROMPTS = ["a square", "a cross", "a horizontal line", "a vertical line"] as const;
export const VOCAB = ["<pad>", "a", "square", "cross", "horizontal", "vertical", "line"] as const;

const SQUARE = ["......", ".####.", ".#..#.", ".#..#.", ".####.", "......"];
const CROSS = ["#....#", ".#..#.", "..##..", "..##..", ".#..#.", "#....#"];

/** Picture of class k (index into PROMPTS) as 36 values in {−1, +1}, row-major. Lines are 2 pixels thick at offset 1, 2 or 3. */
export function drawPicture(k: number, offset = 2): number[] {
  const lit = (r: number, c: number): boolean => {
    if (k === 0) return SQUARE[r]![c] === "#";
    if (k === 1) return CROSS[r]![c] === "#";
    if (k === 2) return r === offset || r === offset + 1;
    return c === offset || c === offset + 1;
  };
  const out: number[] = [];
  for (let r = 0; r < SIDE; r++) for (let c = 0; c < SIDE; c++) out.push(lit(r, c) ? 1 : -1);
  return out;
}

/** Word ids of a prompt; throws on a word outside VOCAB. */
export function tokenize(text: string): number[] {
  return text.trim().toLowerCase().split(/\s+/).map((w) => {
    const id = (VOCAB as readonly string[]).indexOf(w);
    if (id < 0) throw new Error(`tokenize: "${w}" is not in VOCAB (${VOCAB.slice(1).join(", ")})`);
    return id;
  });
}

/** mulberry32: next() uniform in [0, 1), int(n) uniform in 0..n−1. */
export function makeRng(seed: number): { next(): number; int(n: number): number } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

/** n random training pictures: labels uniform over the 4 prompts, line offsets uniform over 1..3. */
export function makeDataset(n: number, seed: number): { x: Tensor; labels: number[] } {
  const rng = makeRng(seed);
  const labels: number[] = [];
  const data: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = rng.int(4);
    labels.push(k);
    data.push(...drawPicture(k, 1 + rng.int(3)));
  }
  return { x: tensor(data, { shape: [n, PIXELS] }), labels };
}

// ---------------------------------------------------------------------------------------------------------------
// Task 1: the noise schedule
// ---------------------------------------------------------------------------------------------------------------

export interface Schedule {
  T: number;
  betas: number[];
  alphas: number[];
  /** ᾱ_t = α_1 ⋯ α_t; index t − 1 holds step t. */
  alphaBars: number[];
}

/** β_t linear from betaStart (t = 1) to betaEnd (t = T); α_t = 1 − β_t; ᾱ_t the running product. Plain float64 numbers. */
export function linearSchedule(T: number, betaStart = 1e-3, betaEnd = 0.2): Schedule {
  if (!Number.isInteger(T) || T < 2) throw new RangeError(`linearSchedule: T must be an integer ≥ 2, got ${T}`);
  if (!(betaStart > 0 && betaEnd < 1 && betaStart <= betaEnd)) throw new RangeError(`linearSchedule: need 0 < betaStart ≤ betaEnd < 1, got ${betaStart} and ${betaEnd}`);
  const betas = Array.from({ length: T }, (_, i) => betaStart + ((betaEnd - betaStart) * i) / (T - 1));
  const alphas = betas.map((b) => 1 - b);
  const alphaBars: number[] = [];
  let prod = 1;
  for (const a of alphas) alphaBars.push((prod *= a));
  return { T, betas, alphas, alphaBars };
}

// ---------------------------------------------------------------------------------------------------------------
// Task 2: the forward process in closed form
// ---------------------------------------------------------------------------------------------------------------

/** x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε for a batch: x0 (B, D), t (B) steps in 1..T, noise (B, D). */
export function qSample(s: Schedule, x0: Tensor, t: number[], noise: Tensor): Tensor {
  for (const ti of t) if (!Number.isInteger(ti) || ti < 1 || ti > s.T) throw new RangeError(`qSample: step ${ti} is outside 1..${s.T}`);
  const a = tensor(t.map((ti) => Math.sqrt(s.alphaBars[ti - 1]!)), { shape: [t.length, 1] });
  const b = tensor(t.map((ti) => Math.sqrt(1 - s.alphaBars[ti - 1]!)), { shape: [t.length, 1] });
  return x0.mul(a).add(noise.mul(b));
}

// ---------------------------------------------------------------------------------------------------------------
// Task 3: the text encoder and the ε-prediction network
// ---------------------------------------------------------------------------------------------------------------

/** Sinusoidal embedding of integer steps: [sin(t·ω_0), …, sin(t·ω_{h−1}), cos(t·ω_0), …], ω_i = 10000^(−i/h), h = dim/2. */
export function timeEmbedding(t: number[], dim: number): Tensor {
  const h = dim / 2;
  const rows = t.map((ti) => {
    const freqs = Array.from({ length: h }, (_, i) => ti * 10000 ** (-i / h));
    return [...freqs.map(Math.sin), ...freqs.map(Math.cos)];
  });
  return tensor(rows, { shape: [t.length, dim] });
}

export class TextEncoder extends nn.Module {
  emb: nn.Embedding;
  proj: nn.Linear;
  constructor(dim = 16) {
    super();
    this.emb = new nn.Embedding(VOCAB.length, dim);
    this.proj = new nn.Linear(dim, dim);
  }
  /** Prompts → (B, dim): mean of the word embeddings, then Linear and tanh. */
  forward(prompts: string[]): Tensor {
    const rows = prompts.map((p) => this.emb.forward(tensor(tokenize(p), { dtype: "int32" })).mean(0)); // each (dim)
    return this.proj.forward(cat(rows.map((r) => r.unsqueeze(0)), 0)).tanh(); // (B, dim)
  }
}

export class EpsilonMLP extends nn.Module {
  fc1: nn.Linear;
  fc2: nn.Linear;
  fc3: nn.Linear;
  readonly timeDim: number;
  constructor(opts: { hidden?: number; timeDim?: number; textDim?: number } = {}) {
    super();
    const hidden = opts.hidden ?? 128;
    this.timeDim = opts.timeDim ?? 16;
    this.fc1 = new nn.Linear(PIXELS + this.timeDim + (opts.textDim ?? 16), hidden);
    this.fc2 = new nn.Linear(hidden, hidden);
    this.fc3 = new nn.Linear(hidden, PIXELS);
  }
  /** x_t (B, 36), steps (B), text (B, textDim) → predicted noise (B, 36). */
  forward(xt: Tensor, t: number[], text: Tensor): Tensor {
    const h = cat([xt, timeEmbedding(t, this.timeDim), text], 1); // (B, 36 + 16 + 16)
    return this.fc3.forward(this.fc2.forward(this.fc1.forward(h).relu()).relu()); // (B, 36)
  }
}

/** The conditioned denoiser: both networks, trained together. */
export class TextToImage extends nn.Module {
  text: TextEncoder;
  eps: EpsilonMLP;
  constructor() {
    super();
    this.text = new TextEncoder();
    this.eps = new EpsilonMLP();
  }
  predictNoise(xt: Tensor, t: number[], prompts: string[]): Tensor {
    return this.eps.forward(xt, t, this.text.forward(prompts));
  }
}

/** The simple DDPM loss ‖ε − ε_θ(x_t, t, text)‖² (mean over pixels and batch) with t uniform in 1..T. */
export function diffusionLoss(model: TextToImage, s: Schedule, x0: Tensor, prompts: string[], t: number[], noise: Tensor): Tensor {
  return F.mseLoss(model.predictNoise(qSample(s, x0, t, noise), t, prompts), noise);
}

// ---------------------------------------------------------------------------------------------------------------
// Task 4: joint training
// ---------------------------------------------------------------------------------------------------------------

/** Adam on the text encoder and the ε-network together; fresh noise and steps every batch. Returns the loss per step. */
export function train(model: TextToImage, s: Schedule, opts: { steps?: number; batch?: number; lr?: number; seed?: number } = {}): number[] {
  const steps = opts.steps ?? 400;
  const batch = opts.batch ?? 64;
  const seed = opts.seed ?? 0;
  manualSeed(seed);
  const rng = makeRng(seed + 1);
  const data = makeDataset(2048, seed);
  const opt = new optim.Adam(model.parameters(), { lr: opts.lr ?? 2e-3 });
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const idx = Array.from({ length: batch }, () => rng.int(2048));
    const x0 = data.x.indexSelect(0, tensor(idx, { dtype: "int32" })); // (B, 36)
    const prompts = idx.map((i) => PROMPTS[data.labels[i]!]!);
    const t = idx.map(() => 1 + rng.int(s.T));
    opt.zeroGrad();
    const loss = diffusionLoss(model, s, x0, prompts, t, randn([batch, PIXELS]));
    loss.backward();
    opt.step();
    losses.push(loss.item());
  }
  return losses;
}

// ---------------------------------------------------------------------------------------------------------------
// Task 5: ancestral sampling
// ---------------------------------------------------------------------------------------------------------------

/** One reverse step: x_{t−1} = (x_t − β_t/√(1−ᾱ_t) · ε̂)/√α_t + σ_t z with σ_t = √β_t, and no noise at t = 1. */
export function reverseStep(s: Schedule, xt: Tensor, t: number, epsHat: Tensor, z: Tensor): Tensor {
  const beta = s.betas[t - 1]!;
  const mean = xt.sub(epsHat.mul(beta / Math.sqrt(1 - s.alphaBars[t - 1]!))).div(Math.sqrt(s.alphas[t - 1]!));
  return t > 1 ? mean.add(z.mul(Math.sqrt(beta))) : mean;
}

/** Start from x_T ~ N(0, I) and apply reverseStep for t = T … 1, one picture per prompt. Seeded. */
export function sample(model: TextToImage, s: Schedule, prompts: string[], seed: number): Tensor {
  return noGrad(() => {
    manualSeed(seed);
    const text = model.text.forward(prompts); // encode once, reuse at every step
    let x = randn([prompts.length, PIXELS]);
    for (let t = s.T; t >= 1; t--) {
      const eps = model.eps.forward(x, prompts.map(() => t), text);
      x = reverseStep(s, x, t, eps, randn([prompts.length, PIXELS]));
    }
    return x;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Task 6: a judge trained in the lab
// ---------------------------------------------------------------------------------------------------------------

export class PictureClassifier extends nn.Module {
  fc: nn.Linear;
  constructor() {
    super();
    this.fc = new nn.Linear(PIXELS, PROMPTS.length);
  }
  forward(x: Tensor): Tensor {
    return this.fc.forward(x); // (B, 4) logits
  }
}

/** Softmax regression on clean pictures from makeDataset(1024, seed); full-batch Adam. */
export function trainClassifier(opts: { steps?: number; seed?: number } = {}): PictureClassifier {
  const seed = opts.seed ?? 0;
  manualSeed(seed);
  const clf = new PictureClassifier();
  const { x, labels } = makeDataset(1024, seed + 7);
  const y = tensor(labels, { dtype: "int32" });
  const opt = new optim.Adam(clf.parameters(), { lr: 0.05 });
  for (let i = 0; i < (opts.steps ?? 100); i++) {
    opt.zeroGrad();
    const loss = F.crossEntropy(clf.forward(x), y);
    loss.backward();
    opt.step();
  }
  return clf;
}

/** Predicted class index for each picture. */
export function classify(clf: PictureClassifier, x: Tensor): number[] {
  return noGrad(() => clf.forward(x).argmax(-1).tolist() as number[]);
}
