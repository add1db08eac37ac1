// FGSM lab: reference solution — seven-segment digit data, an MLP, FGSM, two detectors with ROC-AUC, adversarial training.
import { F, manualSeed, nn, noGrad, optim, type Tensor, tensor } from "llmpath/tensor";

/** Given: a seeded uniform generator in [0, 1) (mulberry32). */
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

/** Given: a standard normal draw from a uniform generator (Box–Muller). */
export function gaussian(rand: () => number): number {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Segments a…g of a seven-segment display, each lit by which digits. */
export const SEGMENTS_OF_DIGIT = ["abcdef", "bc", "abdeg", "abcdg", "bcfg", "acdfg", "acdefg", "abc", "abcdefg", "abcdfg"];

/** Task 1: the clean 8×8 bitmap (row-major, 64 values of 0 or 1) of a digit, shifted right by `shift` columns (−1, 0, 1). */
export function segmentBitmap(digit: number, shift = 0): number[] {
  if (!Number.isInteger(digit) || digit < 0 || digit > 9) throw new Error(`segmentBitmap: digit must be an integer 0…9, got ${digit}`);
  if (![-1, 0, 1].includes(shift)) throw new Error(`segmentBitmap: shift must be -1, 0 or 1, got ${shift}`);
  const img = new Array<number>(64).fill(0);
  const on = (r: number, c: number) => {
    img[r * 8 + c + shift] = 1;
  };
  for (const s of SEGMENTS_OF_DIGIT[digit]!) {
    if (s === "a") for (let c = 2; c <= 5; c++) on(0, c);
    if (s === "g") for (let c = 2; c <= 5; c++) on(3, c);
    if (s === "d") for (let c = 2; c <= 5; c++) on(7, c);
    if (s === "f") for (let r = 1; r <= 2; r++) on(r, 1);
    if (s === "b") for (let r = 1; r <= 2; r++) on(r, 6);
    if (s === "e") for (let r = 4; r <= 6; r++) on(r, 1);
    if (s === "c") for (let r = 4; r <= 6; r++) on(r, 6);
  }
  return img;
}

/** Task 1: n noisy digits: label = i mod 10, random shift, stroke brightness U(0.6, 1), N(0, noise²) per pixel, clipped to [0, 1]. */
export function makeDigits(n: number, seed: number, noise = 0.15): { x: Tensor; y: Tensor } {
  const rand = mulberry32(seed);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const digit = i % 10;
    const shift = Math.floor(rand() * 3) - 1;
    const bright = 0.6 + 0.4 * rand();
    for (const p of segmentBitmap(digit, shift)) xs.push(Math.min(1, Math.max(0, p * bright + noise * gaussian(rand))));
    ys.push(digit);
  }
  return { x: tensor(xs, { shape: [n, 64] }), y: tensor(ys, { dtype: "int32" }) };
}

/** Anything that maps images (N, 64) to logits (N, 10). */
export interface Classifier {
  forward(x: Tensor): Tensor;
}

/** Task 2: 64 → hidden → 10 with ReLU. */
export class DigitMLP extends nn.Module {
  fc1: nn.Linear;
  fc2: nn.Linear;
  constructor(hidden = 32) {
    super();
    this.fc1 = new nn.Linear(64, hidden);
    this.fc2 = new nn.Linear(hidden, 10);
  }
  forward(x: Tensor): Tensor {
    return this.fc2.forward(this.fc1.forward(x).relu()); // (N, 10)
  }
}

/** Task 2: fraction of rows whose argmax equals the label. */
export function accuracy(model: Classifier, x: Tensor, y: Tensor): number {
  const pred = noGrad(() => model.forward(x).argmax(-1));
  const p = pred.tolist() as number[];
  const t = y.tolist() as number[];
  return p.filter((v, i) => v === t[i]).length / t.length;
}

/** Task 3: the gradient of the mean cross-entropy with respect to the input, and that loss. */
export function inputGradient(model: Classifier, x: Tensor, y: Tensor): { grad: Tensor; loss: number } {
  const xr = x.detach().requiresGrad_();
  const loss = F.crossEntropy(model.forward(xr), y);
  loss.backward();
  return { grad: xr.grad!, loss: loss.item() };
}

/** Task 3: x + eps·sign(∇ₓ loss), clipped to [clip[0], clip[1]] unless clip is null. Parameters' .grad are left untouched. */
export function fgsm(model: Classifier, x: Tensor, y: Tensor, eps: number, clip: [number, number] | null = [0, 1]): Tensor {
  if (!(eps >= 0)) throw new Error(`fgsm: eps must be ≥ 0, got ${eps}`);
  const params = model instanceof nn.Module ? model.parameters() : [];
  const saved = params.map((p) => p.grad);
  const { grad } = inputGradient(model, x, y);
  params.forEach((p, i) => {
    p.grad = saved[i] ?? null;
  });
  const adv = noGrad(() => x.add(grad.sign().mul(eps)));
  return clip ? noGrad(() => adv.clamp(clip[0], clip[1])) : adv;
}

/** Task 3: accuracy on FGSM examples at each eps (eps = 0 is the clean accuracy). */
export function robustAccuracy(model: Classifier, x: Tensor, y: Tensor, epsList: readonly number[]): number[] {
  return epsList.map((eps) => accuracy(model, eps === 0 ? x : fgsm(model, x, y, eps), y));
}

/** Task 2 and 5: full-batch Adam training; with advEps > 0 each step trains on half clean, half FGSM(advEps) loss. */
export function trainClassifier(x: Tensor, y: Tensor, opts: { steps?: number; lr?: number; seed?: number; hidden?: number; advEps?: number } = {}): DigitMLP {
  manualSeed(opts.seed ?? 0);
  const model = new DigitMLP(opts.hidden ?? 32);
  const opt = new optim.Adam(model.parameters(), { lr: opts.lr ?? 1e-2 });
  const advEps = opts.advEps ?? 0;
  for (let step = 0; step < (opts.steps ?? 200); step++) {
    let loss = F.crossEntropy(model.forward(x), y);
    if (advEps > 0) {
      const xAdv = fgsm(model, x, y, advEps);
      loss = loss.mul(0.5).add(F.crossEntropy(model.forward(xAdv), y).mul(0.5));
    }
    opt.zeroGrad();
    loss.backward();
    opt.step();
  }
  return model;
}

/** Task 4: bit-depth reduction: round(x·(2^bits − 1)) / (2^bits − 1). */
export function reduceBitDepth(x: Tensor, bits: number): Tensor {
  if (!Number.isInteger(bits) || bits < 1) throw new Error(`reduceBitDepth: bits must be an integer ≥ 1, got ${bits}`);
  const levels = 2 ** bits - 1;
  const d = x.toFloat32Array().map((v) => Math.round(v * levels) / levels);
  return tensor(d, { shape: x.shape });
}

/** Task 4: 3×3 median filter on each 8×8 image (N, 64), edges replicated. */
export function medianSmooth(x: Tensor): Tensor {
  const d = x.toFloat32Array();
  const out = new Float32Array(d.length);
  const n = d.length / 64;
  const win: number[] = [];
  for (let k = 0; k < n; k++) {
    for (let r = 0; r < 8; r++) {
      for (let c = 0; c < 8; c++) {
        win.length = 0;
        for (let dr = -1; dr <= 1; dr++) {
          for (let dc = -1; dc <= 1; dc++) {
            const rr = Math.min(7, Math.max(0, r + dr));
            const cc = Math.min(7, Math.max(0, c + dc));
            win.push(d[k * 64 + rr * 8 + cc]!);
          }
        }
        win.sort((a, b) => a - b);
        out[k * 64 + r * 8 + c] = win[4]!;
      }
    }
  }
  return tensor(out, { shape: x.shape });
}

/** Task 4: feature squeezing score per row: ‖softmax(f(x)) − softmax(f(squeeze(x)))‖₁ (0 … 2). */
export function squeezeScores(model: Classifier, x: Tensor, squeeze: (x: Tensor) => Tensor): number[] {
  return noGrad(() => {
    const p = model.forward(x).softmax(-1); // (N, 10)
    const q = model.forward(squeeze(x)).softmax(-1); // (N, 10)
    return p.sub(q).abs().sum(-1).tolist() as number[];
  });
}

/** Task 4: low-confidence score per row: 1 − max softmax probability. */
export function confidenceScores(model: Classifier, x: Tensor): number[] {
  return noGrad(() => (model.forward(x).softmax(-1).max(-1).values.tolist() as number[]).map((m) => 1 - m));
}

/** Task 4: ROC-AUC of scores for labels (1 = positive/adversarial): P(score⁺ > score⁻) + ½P(tie), via average ranks. */
export function rocAuc(scores: readonly number[], labels: readonly number[]): number {
  if (scores.length !== labels.length) throw new Error(`rocAuc: ${scores.length} scores but ${labels.length} labels`);
  const nPos = labels.filter((l) => l === 1).length;
  const nNeg = labels.length - nPos;
  if (nPos === 0 || nNeg === 0) throw new Error(`rocAuc: need both classes, got ${nPos} positives and ${nNeg} negatives`);
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(scores.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = (i + j) / 2 + 1; // average rank of a tie group, 1-based
    i = j + 1;
  }
  const rankSumPos = labels.reduce((s, l, i) => s + (l === 1 ? ranks[i]! : 0), 0);
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg); // Mann–Whitney U / (n⁺ n⁻)
}
