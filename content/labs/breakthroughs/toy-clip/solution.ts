// Toy CLIP, reference solution: symmetric InfoNCE, two encoders, zero-shot labels, gated cross-attention for colour questions.
import { arange, F, manualSeed, nn, optim, type Tensor, tensor } from "llmpath/tensor";

// ---------------------------------------------------------------------------------------------------------------
// Given: the toy world (colours, shapes, vocabulary, renderer, a seeded generator). You do not need to change it.
// ---------------------------------------------------------------------------------------------------------------

export const COLOURS = ["red", "green", "blue", "yellow"] as const;
export const SHAPES = ["square", "triangle", "cross", "ring"] as const;
export type Colour = (typeof COLOURS)[number];
export type Shape = (typeof SHAPES)[number];

/** RGB of each colour, values in {0, 1}. */
export const RGB: Record<Colour, [number, number, number]> = { red: [1, 0, 0], green: [0, 1, 0], blue: [0, 0, 1], yellow: [1, 1, 0] };

/** Each shape is a 4×4 mask; '#' is lit. */
export const MASKS: Record<Shape, string[]> = {
  square: ["####", "####", "####", "####"],
  triangle: ["#...", "##..", "###.", "####"],
  cross: ["#..#", ".##.", ".##.", "#..#"],
  ring: ["####", "#..#", "#..#", "####"],
};

export const SIZE = 12; // images are SIZE × SIZE × 3 (height, width, RGB)
export const CELL = 4; // a 3 × 3 grid of 4 × 4 cells; cell k sits at row ⌊k/3⌋, column k mod 3

/** Word ids: 0 is padding; every caption and question uses only these words. */
export const VOCAB = ["<pad>", "a", "what", "colour", "is", "the", ...COLOURS, ...SHAPES] as const;

export interface SceneObject {
  shape: Shape;
  colour: Colour;
  /** 0..8, row-major over the 3 × 3 grid of cells. */
  cell: number;
}

/** Lower-case words → ids (a final "?" is dropped). Throws on a word outside VOCAB. */
export function tokenize(text: string): number[] {
  const words = text.toLowerCase().replace(/\?\s*$/, "").split(/\s+/).filter((w) => w.length > 0);
  return words.map((w) => {
    const id = (VOCAB as readonly string[]).indexOf(w);
    if (id < 0) throw new Error(`tokenize: "${w}" is not in VOCAB (${VOCAB.slice(1).join(", ")})`);
    return id;
  });
}

/** The caption of one object: "a red square". */
export function caption(shape: Shape, colour: Colour): string {
  return `a ${colour} ${shape}`;
}

/** Draws the objects on a black SIZE × SIZE × 3 canvas; returns the pixels in (row, column, channel) order. */
export function renderScene(objects: SceneObject[]): Float32Array {
  const px = new Float32Array(SIZE * SIZE * 3);
  for (const o of objects) {
    const r0 = Math.floor(o.cell / 3) * CELL;
    const c0 = (o.cell % 3) * CELL;
    MASKS[o.shape].forEach((row, i) => {
      for (let j = 0; j < CELL; j++) if (row[j] === "#") for (let ch = 0; ch < 3; ch++) px[((r0 + i) * SIZE + c0 + j) * 3 + ch] = RGB[o.colour][ch]!;
    });
  }
  return px;
}

/** A batch of scenes as one (N, SIZE, SIZE, 3) float32 tensor. */
export function renderBatch(scenes: SceneObject[][]): Tensor {
  const data = new Float32Array(scenes.length * SIZE * SIZE * 3);
  scenes.forEach((s, n) => {
    data.set(renderScene(s), n * SIZE * SIZE * 3);
  });
  return tensor(data, { shape: [scenes.length, SIZE, SIZE, 3] });
}

/** A small seeded generator (mulberry32): next() is uniform in [0, 1), int(n) is uniform in 0..n−1. */
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

/** Row i of x divided by its L2 norm. */
function l2normalize(x: Tensor): Tensor {
  return x.div(x.pow(2).sum(-1, true).add(1e-12).sqrt());
}

// ---------------------------------------------------------------------------------------------------------------
// Task 1: the symmetric InfoNCE (CLIP) loss
// ---------------------------------------------------------------------------------------------------------------

/**
 * imageEmb (N, d) and textEmb (N, d), row i of each describing the same pair. Normalise both, logits = scale · I Tᵀ,
 * and average the cross-entropy over rows (image → text) and over columns (text → image), targets on the diagonal.
 */
export function clipLoss(imageEmb: Tensor, textEmb: Tensor, logitScale: number | Tensor): Tensor {
  if (imageEmb.shape.length !== 2 || textEmb.shape.length !== 2 || imageEmb.shape[0] !== textEmb.shape[0] || imageEmb.shape[1] !== textEmb.shape[1]) {
    throw new Error(`clipLoss: expected two (N, d) embeddings of the same shape, got [${imageEmb.shape}] and [${textEmb.shape}]`);
  }
  const n = imageEmb.shape[0]!;
  const logits = l2normalize(imageEmb).matmul(l2normalize(textEmb).transpose(0, 1)).mul(logitScale); // (N, N)
  const target = arange(n, { dtype: "int32" });
  return F.crossEntropy(logits, target).add(F.crossEntropy(logits.transpose(0, 1), target)).div(2);
}

// ---------------------------------------------------------------------------------------------------------------
// Task 2: two encoders into one space
// ---------------------------------------------------------------------------------------------------------------

/** Bag-of-tokens counts (N, |VOCAB|) of the captions, padding ignored, each row divided by its number of words. */
export function bagOfTokens(ids: number[][]): Tensor {
  const v = VOCAB.length;
  const data = new Float32Array(ids.length * v);
  ids.forEach((row, i) => {
    const words = row.filter((id) => id !== 0);
    for (const id of words) data[i * v + id]! += 1 / words.length;
  });
  return tensor(data, { shape: [ids.length, v] });
}

export class ToyClip extends nn.Module {
  imgFc1: nn.Linear;
  imgFc2: nn.Linear;
  tokEmb: nn.Linear;
  txtFc: nn.Linear;
  logitScale: Tensor;

  constructor(opts: { dim?: number; hidden?: number } = {}) {
    super();
    const dim = opts.dim ?? 32;
    const hidden = opts.hidden ?? 64;
    this.imgFc1 = new nn.Linear(SIZE * SIZE * 3, hidden);
    this.imgFc2 = new nn.Linear(hidden, dim);
    this.tokEmb = new nn.Linear(VOCAB.length, hidden, { bias: false }); // a bag of token embeddings is a matmul by counts
    this.txtFc = new nn.Linear(hidden, dim);
    this.logitScale = nn.Parameter(tensor(Math.log(1 / 0.07))); // learned log-scale, CLIP's initial temperature 0.07
  }

  /** images (N, 12, 12, 3) → unit-norm embeddings (N, dim). */
  encodeImages(images: Tensor): Tensor {
    const x = images.reshape(images.shape[0]!, SIZE * SIZE * 3); // (N, 432)
    return l2normalize(this.imgFc2.forward(this.imgFc1.forward(x).relu())); // (N, dim)
  }

  /** token ids (N lists, padding 0 allowed) → unit-norm embeddings (N, dim). */
  encodeTexts(ids: number[][]): Tensor {
    const h = this.tokEmb.forward(bagOfTokens(ids)); // (N, hidden): mean of the words' embeddings
    return l2normalize(this.txtFc.forward(h.relu())); // (N, dim)
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Task 3: training with in-batch negatives
// ---------------------------------------------------------------------------------------------------------------

export interface TrainClipOptions {
  steps?: number;
  lr?: number;
  seed?: number;
  /** (shape, colour) pairs never shown in training, e.g. to test zero-shot on unseen combinations. */
  holdOut?: [Shape, Colour][];
}

/** One batch holds every allowed (shape, colour) pair once, at random cells, so no caption is a false negative. */
export function trainClip(model: ToyClip, opts: TrainClipOptions = {}): number[] {
  const steps = opts.steps ?? 150;
  const seed = opts.seed ?? 0;
  manualSeed(seed);
  const rng = makeRng(seed);
  const held = new Set((opts.holdOut ?? []).map(([s, c]) => `${s}/${c}`));
  const pairs = SHAPES.flatMap((s) => COLOURS.map((c) => [s, c] as [Shape, Colour])).filter(([s, c]) => !held.has(`${s}/${c}`));
  const texts = pairs.map(([s, c]) => tokenize(caption(s, c)));
  const opt = new optim.Adam(model.parameters(), { lr: opts.lr ?? 3e-3 });
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const images = renderBatch(pairs.map(([shape, colour]) => [{ shape, colour, cell: rng.int(9) }]));
    opt.zeroGrad();
    const loss = clipLoss(model.encodeImages(images), model.encodeTexts(texts), model.logitScale.exp());
    loss.backward();
    opt.step();
    losses.push(loss.item());
  }
  return losses;
}

// ---------------------------------------------------------------------------------------------------------------
// Task 4: zero-shot classification with text prompts
// ---------------------------------------------------------------------------------------------------------------

/** Index into `prompts` of the prompt most similar (cosine) to each image. */
export function zeroShotClassify(model: ToyClip, images: Tensor, prompts: string[]): number[] {
  const sims = model.encodeImages(images).matmul(model.encodeTexts(prompts.map(tokenize)).transpose(0, 1)); // (N, P)
  return sims.argmax(-1).tolist() as number[];
}

// ---------------------------------------------------------------------------------------------------------------
// Task 5: patches and gated cross-attention (text queries, image-patch keys and values)
// ---------------------------------------------------------------------------------------------------------------

/** (N, 12, 12, 3) → (N, 9, 48): patch k is cell k (row-major); inside a patch, pixels row-major, RGB innermost. */
export function patchify(images: Tensor): Tensor {
  const n = images.shape[0]!;
  return images
    .reshape(n, 3, CELL, 3, CELL, 3) // (N, cellRow, i, cellCol, j, ch)
    .permute(0, 1, 3, 2, 4, 5) // (N, cellRow, cellCol, i, j, ch)
    .reshape(n, 9, CELL * CELL * 3);
}

export class GatedCrossAttention extends nn.Module {
  qProj: nn.Linear;
  kProj: nn.Linear;
  vProj: nn.Linear;
  outProj: nn.Linear;
  gate: Tensor;
  readonly dim: number;

  constructor(dim: number, opts: { gateInit?: number } = {}) {
    super();
    const gateInit = opts.gateInit ?? 0;
    this.dim = dim;
    this.qProj = new nn.Linear(dim, dim);
    this.kProj = new nn.Linear(dim, dim);
    this.vProj = new nn.Linear(dim, dim);
    this.outProj = new nn.Linear(dim, dim);
    this.gate = nn.Parameter(tensor(gateInit)); // tanh(0) = 0: by default the block returns the text unchanged
  }

  /** text (B, T, d), patches (B, P, d) → { out: text + tanh(gate)·Wo(softmax(QKᵀ/√d) V) (B, T, d), weights (B, T, P) }. */
  forward(text: Tensor, patches: Tensor): { out: Tensor; weights: Tensor } {
    const q = this.qProj.forward(text); // (B, T, d)
    const k = this.kProj.forward(patches); // (B, P, d)
    const v = this.vProj.forward(patches); // (B, P, d)
    const weights = q.matmul(k.transpose(-2, -1)).div(Math.sqrt(this.dim)).softmax(-1); // (B, T, P)
    const attended = this.outProj.forward(weights.matmul(v)); // (B, T, d)
    return { out: text.add(attended.mul(this.gate.tanh())), weights };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Task 6: answering "what colour is the square?"
// ---------------------------------------------------------------------------------------------------------------

export class ColourVQA extends nn.Module {
  patchFc1: nn.Linear;
  patchFc2: nn.Linear;
  wordEmb: nn.Embedding;
  fusion: GatedCrossAttention;
  head: nn.Linear;

  constructor(dim = 32) {
    super();
    this.patchFc1 = new nn.Linear(CELL * CELL * 3, dim);
    this.patchFc2 = new nn.Linear(dim, dim);
    this.wordEmb = new nn.Embedding(VOCAB.length, dim);
    this.fusion = new GatedCrossAttention(dim, { gateInit: 1 }); // no pretrained host to protect: start the gate open
    this.head = new nn.Linear(dim, COLOURS.length);
  }

  /** images (B, 12, 12, 3), questions as ids (B, T) → colour logits (B, 4) and the attention weights (B, T, 9). */
  forward(images: Tensor, questions: number[][]): { logits: Tensor; weights: Tensor } {
    const patches = this.patchFc2.forward(this.patchFc1.forward(patchify(images)).relu()); // (B, 9, d)
    const text = this.wordEmb.forward(tensor(questions, { dtype: "int32" })); // (B, T, d)
    const { out, weights } = this.fusion.forward(text, patches);
    const last = out.select(1, out.shape[1]! - 1); // (B, d): read the answer at the last token, as a causal LM would
    return { logits: this.head.forward(last), weights };
  }
}

export interface VqaExample {
  objects: SceneObject[];
  question: string;
  answer: Colour;
}

/** Two objects with different shapes, colours and cells; the question names one of the two shapes. */
export function makeVqaExamples(count: number, seed: number): VqaExample[] {
  const rng = makeRng(seed);
  const out: VqaExample[] = [];
  for (let i = 0; i < count; i++) {
    const s1 = rng.int(4);
    const s2 = (s1 + 1 + rng.int(3)) % 4;
    const c1 = rng.int(4);
    const c2 = (c1 + 1 + rng.int(3)) % 4;
    const cell1 = rng.int(9);
    const cell2 = (cell1 + 1 + rng.int(8)) % 9;
    const objects: SceneObject[] = [
      { shape: SHAPES[s1]!, colour: COLOURS[c1]!, cell: cell1 },
      { shape: SHAPES[s2]!, colour: COLOURS[c2]!, cell: cell2 },
    ];
    const asked = objects[rng.int(2)]!;
    out.push({ objects, question: `what colour is the ${asked.shape}`, answer: asked.colour });
  }
  return out;
}

export function trainVqa(model: ColourVQA, opts: { steps?: number; batch?: number; lr?: number; seed?: number } = {}): number[] {
  const steps = opts.steps ?? 150;
  const batch = opts.batch ?? 32;
  const seed = opts.seed ?? 0;
  manualSeed(seed);
  const opt = new optim.Adam(model.parameters(), { lr: opts.lr ?? 5e-3 });
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const ex = makeVqaExamples(batch, seed * 100_003 + step);
    const images = renderBatch(ex.map((e) => e.objects));
    const target = tensor(ex.map((e) => COLOURS.indexOf(e.answer)), { dtype: "int32" });
    opt.zeroGrad();
    const loss = F.crossEntropy(model.forward(images, ex.map((e) => tokenize(e.question))).logits, target);
    loss.backward();
    opt.step();
    losses.push(loss.item());
  }
  return losses;
}

/** The predicted colour for each (image, question). */
export function answerColour(model: ColourVQA, images: Tensor, questions: string[]): Colour[] {
  const idx = model.forward(images, questions.map(tokenize)).logits.argmax(-1).tolist() as number[];
  return idx.map((i) => COLOURS[i]!);
}
