// Text-conditioned diffusion: fill in each TODO (README.en.md / README.zh.md has one task per TODO). The picture world at the top is given.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
// biome-ignore-all lint/correctness/noUnusedImports: the bodies you write need these imports
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
  throw new Error("TODO: linearSchedule (task 1)");
}

// ---------------------------------------------------------------------------------------------------------------
// Task 2: the forward process in closed form
// ---------------------------------------------------------------------------------------------------------------

/** x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε for a batch: x0 (B, D), t (B) steps in 1..T, noise (B, D). */
export function qSample(s: Schedule, x0: Tensor, t: number[], noise: Tensor): Tensor {
  throw new Error("TODO: qSample (task 2)");
}

// ---------------------------------------------------------------------------------------------------------------
// Task 3: the text encoder and the ε-prediction network
// ---------------------------------------------------------------------------------------------------------------

/** Sinusoidal embedding of integer steps: [sin(t·ω_0), …, sin(t·ω_{h−1}), cos(t·ω_0), …], ω_i = 10000^(−i/h), h = dim/2. */
export function timeEmbedding(t: number[], dim: number): Tensor {
  throw new Error("TODO: timeEmbedding (task 3)");
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
    throw new Error("TODO: TextEncoder.forward (task 3)");
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
    throw new Error("TODO: EpsilonMLP.forward (task 3)");
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
  throw new Error("TODO: diffusionLoss (task 3)");
}

// ---------------------------------------------------------------------------------------------------------------
// Task 4: joint training
// ---------------------------------------------------------------------------------------------------------------

/** Adam on the text encoder and the ε-network together; fresh noise and steps every batch. Returns the loss per step. */
export function train(model: TextToImage, s: Schedule, opts: { steps?: number; batch?: number; lr?: number; seed?: number } = {}): number[] {
  throw new Error("TODO: train (task 4)");
}

// ---------------------------------------------------------------------------------------------------------------
// Task 5: ancestral sampling
// ---------------------------------------------------------------------------------------------------------------

/** One reverse step: x_{t−1} = (x_t − β_t/√(1−ᾱ_t) · ε̂)/√α_t + σ_t z with σ_t = √β_t, and no noise at t = 1. */
export function reverseStep(s: Schedule, xt: Tensor, t: number, epsHat: Tensor, z: Tensor): Tensor {
  throw new Error("TODO: reverseStep (task 5)");
}

/** Start from x_T ~ N(0, I) and apply reverseStep for t = T … 1, one picture per prompt. Seeded. */
export function sample(model: TextToImage, s: Schedule, prompts: string[], seed: number): Tensor {
  throw new Error("TODO: sample (task 5)");
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
  throw new Error("TODO: trainClassifier (task 6)");
}

/** Predicted class index for each picture. */
export function classify(clf: PictureClassifier, x: Tensor): number[] {
  throw new Error("TODO: classify (task 6)");
}
