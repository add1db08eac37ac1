// Model card: fill in each TODO (README.en.md / README.zh.md has one task per TODO). The data set at the top is given.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
// biome-ignore-all lint/correctness/noUnusedVariables: helpers for the bodies you write
// biome-ignore-all lint/correctness/noUnusedImports: the bodies you write need these imports
import { F, manualSeed, nn, noGrad, optim, safetensors, type Tensor, tensor } from "llmpath/tensor";

// ---------------------------------------------------------------------------------------------------------------
// Given: a synthetic review data set (English, two labels) and a seeded generator.
// ---------------------------------------------------------------------------------------------------------------

export const POSITIVE = ["good", "great", "love", "excellent", "fun", "enjoyable"];
export const NEGATIVE = ["bad", "awful", "hate", "boring", "dull", "poor"];
export const NEUTRAL = ["the", "movie", "book", "plot", "was", "really", "very", "and", "acting", "story"];
export const LABELS = ["negative", "positive"] as const;

export interface Reviews {
  texts: string[];
  /** 0 = negative, 1 = positive. */
  labels: number[];
}

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

/** Six-word reviews: each word is from the review's own sentiment (40%), the other one (5%) or neutral; 5% of labels flipped. */
export function makeReviews(n: number, seed: number): Reviews {
  const rng = makeRng(seed);
  const texts: string[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = rng.int(2);
    const own = label === 1 ? POSITIVE : NEGATIVE;
    const other = label === 1 ? NEGATIVE : POSITIVE;
    const words: string[] = [];
    for (let j = 0; j < 6; j++) {
      const r = rng.next();
      const pool = r < 0.4 ? own : r < 0.45 ? other : NEUTRAL;
      words.push(pool[rng.int(pool.length)]!);
    }
    texts.push(words.join(" "));
    labels.push(rng.next() < 0.05 ? 1 - label : label);
  }
  return { texts, labels };
}

// ---------------------------------------------------------------------------------------------------------------
// Task 1: features and the model
// ---------------------------------------------------------------------------------------------------------------

/** Sorted unique words of the texts. */
export function buildVocab(texts: string[]): string[] {
  throw new Error("TODO: buildVocab (task 1)");
}

/** Word counts (N, |vocab|); words outside the vocabulary are ignored. */
export function featurize(texts: string[], vocab: string[]): Tensor {
  throw new Error("TODO: featurize (task 1)");
}

export class BowClassifier extends nn.Module {
  fc1: nn.Linear;
  fc2: nn.Linear;
  constructor(vocabSize: number, readonly hidden = 8) {
    super();
    this.fc1 = new nn.Linear(vocabSize, hidden);
    this.fc2 = new nn.Linear(hidden, LABELS.length);
  }
  forward(x: Tensor): Tensor {
    throw new Error("TODO: BowClassifier.forward (task 1)");
  }
}

export interface Trained {
  model: BowClassifier;
  vocab: string[];
}

/** Full-batch Adam (lr 0.05) on cross-entropy; manualSeed(seed) before building the model. */
export function trainModel(train: Reviews, opts: { steps?: number; seed?: number } = {}): Trained {
  throw new Error("TODO: trainModel (task 1)");
}

/** Share of reviews whose argmax label is right. */
export function accuracy(t: Trained, data: Reviews): number {
  throw new Error("TODO: accuracy (task 1)");
}

// ---------------------------------------------------------------------------------------------------------------
// Task 2: YAML that any parser reads back
// ---------------------------------------------------------------------------------------------------------------

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

function scalar(v: string | number | boolean | null): string {
  if (typeof v === "number" && !Number.isFinite(v)) throw new Error(`toYaml: cannot write the number ${v}`);
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

function key(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? k : JSON.stringify(k);
}

function isBlock(v: YamlValue): v is YamlValue[] | { [key: string]: YamlValue } {
  return typeof v === "object" && v !== null && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);
}

function inline(v: YamlValue): string {
  if (Array.isArray(v)) return "[]";
  if (typeof v === "object" && v !== null) return "{}";
  return scalar(v);
}

/** Block-style YAML: two-space indentation, every string double-quoted, `- ` items, empty containers as [] and {}. */
export function toYaml(value: YamlValue, indent = 0): string {
  throw new Error("TODO: toYaml (task 2)");
}

// ---------------------------------------------------------------------------------------------------------------
// Task 3: the card's metadata
// ---------------------------------------------------------------------------------------------------------------

export interface CardInfo {
  name: string;
  license: string;
  datasetId: string;
  datasetName: string;
}

/** Licence identifiers the Hub accepts that this lab allows (a subset). */
export const LICENSES = ["apache-2.0", "mit", "cc-by-4.0", "cc-by-sa-4.0", "bsd-3-clause", "other"];

export function cardMetadata(info: CardInfo, measured: { accuracy: number; split: string }): { [key: string]: YamlValue } {
  throw new Error("TODO: cardMetadata (task 3)");
}

// ---------------------------------------------------------------------------------------------------------------
// Task 4: the folder
// ---------------------------------------------------------------------------------------------------------------

export interface ModelFolder {
  "model.safetensors": Uint8Array;
  "config.json": string;
  "README.md": string;
}

/** Measures accuracy on evalSet, then writes weights, config and a card that reports exactly that measurement. */
export function exportFolder(t: Trained, evalSet: Reviews, info: CardInfo): ModelFolder {
  throw new Error("TODO: exportFolder (task 4)");
}
