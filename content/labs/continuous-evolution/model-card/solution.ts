// Model card, reference solution: train a tiny classifier, then export safetensors + config.json + a README.md card with valid metadata.
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
  return [...new Set(texts.flatMap((t) => t.split(/\s+/).filter((w) => w.length > 0)))].sort();
}

/** Word counts (N, |vocab|); words outside the vocabulary are ignored. */
export function featurize(texts: string[], vocab: string[]): Tensor {
  const index = new Map(vocab.map((w, i) => [w, i]));
  const data = new Float32Array(texts.length * vocab.length);
  texts.forEach((t, n) => {
    for (const w of t.split(/\s+/)) {
      const i = index.get(w);
      if (i !== undefined) data[n * vocab.length + i]! += 1;
    }
  });
  return tensor(data, { shape: [texts.length, vocab.length] });
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
    return this.fc2.forward(this.fc1.forward(x).relu()); // (N, 2) logits
  }
}

export interface Trained {
  model: BowClassifier;
  vocab: string[];
}

/** Full-batch Adam (lr 0.05) on cross-entropy; manualSeed(seed) before building the model. */
export function trainModel(train: Reviews, opts: { steps?: number; seed?: number } = {}): Trained {
  manualSeed(opts.seed ?? 0);
  const vocab = buildVocab(train.texts);
  const model = new BowClassifier(vocab.length);
  const x = featurize(train.texts, vocab);
  const y = tensor(train.labels, { dtype: "int32" });
  const opt = new optim.Adam(model.parameters(), { lr: 0.05 });
  for (let i = 0; i < (opts.steps ?? 60); i++) {
    opt.zeroGrad();
    const loss = F.crossEntropy(model.forward(x), y);
    loss.backward();
    opt.step();
  }
  return { model, vocab };
}

/** Share of reviews whose argmax label is right. */
export function accuracy(t: Trained, data: Reviews): number {
  const pred = noGrad(() => t.model.forward(featurize(data.texts, t.vocab)).argmax(-1).tolist() as number[]);
  return pred.filter((p, i) => p === data.labels[i]).length / data.labels.length;
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
  const pad = " ".repeat(indent);
  if (Array.isArray(value)) {
    return value
      .map((item) => {
        if (Array.isArray(item) && item.length > 0) return `${pad}-\n${toYaml(item, indent + 2)}`;
        if (isBlock(item)) return `${pad}- ${toYaml(item, indent + 2).slice(indent + 2)}`;
        return `${pad}- ${inline(item)}\n`;
      })
      .join("");
  }
  if (typeof value === "object" && value !== null) {
    return Object.entries(value)
      .map(([k, v]) => (isBlock(v) ? `${pad}${key(k)}:\n${toYaml(v, indent + 2)}` : `${pad}${key(k)}: ${inline(v)}\n`))
      .join("");
  }
  return `${pad}${scalar(value)}\n`;
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
  if (!LICENSES.includes(info.license)) throw new Error(`cardMetadata: license "${info.license}" is not one of ${LICENSES.join(", ")}`);
  const value = Math.round(measured.accuracy * 1e4) / 1e4;
  return {
    language: ["en"],
    license: info.license,
    library_name: "llmpath",
    tags: ["text-classification", "sentiment", "llmpath", "toy"],
    datasets: [info.datasetId],
    metrics: ["accuracy"],
    "model-index": [
      {
        name: info.name,
        results: [
          {
            task: { type: "text-classification", name: "Text Classification" },
            dataset: { name: info.datasetName, type: info.datasetId, split: measured.split },
            metrics: [{ type: "accuracy", value, name: "Accuracy" }],
          },
        ],
      },
    ],
  };
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
  const acc = accuracy(t, evalSet);
  const weights = safetensors.save(t.model.stateDict(), { format: "pt" });
  const config = {
    architectures: ["BowClassifier"],
    model_type: "llmpath-bow",
    vocab: t.vocab,
    vocab_size: t.vocab.length,
    hidden_size: t.model.hidden,
    hidden_act: "relu",
    num_labels: LABELS.length,
    id2label: Object.fromEntries(LABELS.map((l, i) => [String(i), l])),
    label2id: Object.fromEntries(LABELS.map((l, i) => [l, i])),
    torch_dtype: "float32",
  };
  const meta = cardMetadata(info, { accuracy: acc, split: "test" });
  const body = [
    `# ${info.name}`,
    "",
    "A bag-of-words sentiment classifier (two linear layers, ReLU) trained in llmpath's model-card lab. It is a teaching artefact, not a production model.",
    "",
    "## Intended use",
    "",
    "Classifying six-word synthetic English reviews as `negative` or `positive`. Not for real reviews: its vocabulary has 22 words.",
    "",
    "## Training data",
    "",
    `Synthetic reviews (\`${info.datasetId}\`): 40% of words carry the review's sentiment, 5% the opposite one, the rest are neutral; 5% of labels are flipped on purpose.`,
    "",
    "## Evaluation",
    "",
    "| split | examples | accuracy |",
    "|---|---|---|",
    `| test | ${evalSet.labels.length} | ${(Math.round(acc * 1e4) / 1e4).toFixed(4)} |`,
    "",
    "## Limitations",
    "",
    "With 5% label noise no model can be right much more than 95% of the time; words outside the vocabulary are ignored.",
    "",
    "## How to use",
    "",
    "Count the words of `config.json`'s `vocab` in a text, apply `fc1` (ReLU) and `fc2` from `model.safetensors`, take the argmax and map it through `id2label`.",
    "",
  ].join("\n");
  return {
    "model.safetensors": weights,
    "config.json": `${JSON.stringify(config, null, 2)}\n`,
    "README.md": `---\n${toYaml(meta)}---\n\n${body}`,
  };
}
