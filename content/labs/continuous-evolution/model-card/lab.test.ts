// Model card: the tests shown to the learner — training, YAML round trips, card metadata, and a metric recomputed from the exported weights.
import { accuracy, buildVocab, cardMetadata, exportFolder, featurize, makeReviews, toYaml, trainModel } from "learner";
import { safetensors, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectThrows, expectTrue, test } from "llmpath/testing";

// ─── A small YAML-subset parser, written for this test (block maps and lists, two-space indentation, JSON-style scalars). ───
type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };
interface Line {
  indent: number;
  text: string;
  no: number;
}
function parseScalar(s: string, no: number): Yaml {
  const t = s.trim();
  if (t === "[]") return [];
  if (t === "{}") return {};
  if (t === "true" || t === "false") return t === "true";
  if (t === "null" || t === "~") return null;
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t)) return Number(t);
  if (t.startsWith('"')) {
    try {
      return JSON.parse(t) as string;
    } catch {
      throw new Error(`YAML line ${no}: bad double-quoted string ${t}`);
    }
  }
  if (t.startsWith("'") && t.endsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
  if (/^[[{&*!|>%@`]/.test(t) || t.includes(": ") || t.includes(" #")) throw new Error(`YAML line ${no}: unsupported or ambiguous plain scalar ${t}`);
  return t;
}
function splitKey(text: string, no: number): [string, string] {
  const m = text.match(/^("(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?$/);
  if (!m) throw new Error(`YAML line ${no}: expected "key: value", got ${text}`);
  return [m[1]!.startsWith('"') ? (JSON.parse(m[1]!) as string) : m[1]!, m[2] ?? ""];
}
function parseBlock(lines: Line[], start: number, indent: number): [Yaml, number] {
  const first = lines[start]!;
  if (first.indent !== indent) throw new Error(`YAML line ${first.no}: expected indentation ${indent}, got ${first.indent}`);
  if (first.text.startsWith("- ") || first.text === "-") {
    const out: Yaml[] = [];
    let i = start;
    while (i < lines.length && lines[i]!.indent === indent && (lines[i]!.text.startsWith("- ") || lines[i]!.text === "-")) {
      const rest = lines[i]!.text === "-" ? "" : lines[i]!.text.slice(2);
      if (rest === "") {
        const [v, next] = parseBlock(lines, i + 1, lines[i + 1]?.indent ?? indent + 2);
        out.push(v);
        i = next;
      } else if (/^("(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_-]*):( |$)/.test(rest)) {
        // "- key: value" opens a map whose keys sit at indent + 2
        const inner: Line[] = [{ indent: indent + 2, text: rest, no: lines[i]!.no }];
        let j = i + 1;
        while (j < lines.length && lines[j]!.indent > indent) inner.push(lines[j++]!);
        const [v] = parseBlock(inner, 0, indent + 2);
        out.push(v);
        i = j;
      } else {
        out.push(parseScalar(rest, lines[i]!.no));
        i++;
      }
    }
    return [out, i];
  }
  const out: { [key: string]: Yaml } = {};
  let i = start;
  while (i < lines.length && lines[i]!.indent === indent) {
    const [k, rest] = splitKey(lines[i]!.text, lines[i]!.no);
    if (k in out) throw new Error(`YAML line ${lines[i]!.no}: duplicate key ${k}`);
    if (rest.trim() === "") {
      const next = lines[i + 1];
      if (!next || next.indent < indent || (next.indent === indent && !next.text.startsWith("-"))) throw new Error(`YAML line ${lines[i]!.no}: key ${k} has no value`);
      const [v, after] = parseBlock(lines, i + 1, next.indent);
      out[k] = v;
      i = after;
    } else {
      out[k] = parseScalar(rest, lines[i]!.no);
      i++;
    }
  }
  if (i < lines.length && lines[i]!.indent > indent) throw new Error(`YAML line ${lines[i]!.no}: unexpected indentation`);
  return [out, i];
}
function parseYaml(src: string): Yaml {
  const lines: Line[] = [];
  src.split("\n").forEach((raw, k) => {
    if (raw.includes("\t")) throw new Error(`YAML line ${k + 1}: tabs are not allowed`);
    if (raw.trim() === "" || raw.trim().startsWith("#")) return;
    lines.push({ indent: raw.length - raw.trimStart().length, text: raw.trim(), no: k + 1 });
  });
  if (lines.length === 0) return null;
  const [v, end] = parseBlock(lines, 0, lines[0]!.indent);
  if (end !== lines.length) throw new Error(`YAML line ${lines[end]!.no}: unexpected content`);
  return v;
}
/** Splits "---\n<yaml>---\n<markdown>" into the parsed front matter and the body. */
function frontMatter(readme: string): { meta: { [key: string]: Yaml }; body: string } {
  const m = readme.match(/^---\n([\s\S]*?\n)---\n([\s\S]*)$/);
  if (!m) throw new Error("README.md must start with a front matter block between two --- lines");
  const meta = parseYaml(m[1]!);
  if (typeof meta !== "object" || meta === null || Array.isArray(meta)) throw new Error("the front matter must be a mapping");
  return { meta, body: m[2]! };
}

// ─── The data set and the forward pass, re-implemented from the README so the metric is recomputed independently. ───
const POSITIVE = ["good", "great", "love", "excellent", "fun", "enjoyable"];
const NEGATIVE = ["bad", "awful", "hate", "boring", "dull", "poor"];
const NEUTRAL = ["the", "movie", "book", "plot", "was", "really", "very", "and", "acting", "story"];
function reviews(n: number, seed: number): { texts: string[]; labels: number[] } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (k: number) => Math.floor(next() * k);
  const texts: string[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = int(2);
    const words: string[] = [];
    for (let j = 0; j < 6; j++) {
      const r = next();
      const pool = r < 0.4 ? (label === 1 ? POSITIVE : NEGATIVE) : r < 0.45 ? (label === 1 ? NEGATIVE : POSITIVE) : NEUTRAL;
      words.push(pool[int(pool.length)]!);
    }
    texts.push(words.join(" "));
    labels.push(next() < 0.05 ? 1 - label : label);
  }
  return { texts, labels };
}
/** Accuracy of the exported folder on a data set, using only config.json and model.safetensors. */
function accuracyFromFolder(folder: { "model.safetensors": Uint8Array; "config.json": string }, data: { texts: string[]; labels: number[] }): number {
  const config = JSON.parse(folder["config.json"]) as { vocab: string[]; id2label: Record<string, string> };
  const w = safetensors.load(folder["model.safetensors"]);
  const index = new Map(config.vocab.map((word, i) => [word, i]));
  const x = data.texts.map((t) => {
    const row = new Array<number>(config.vocab.length).fill(0);
    for (const word of t.split(" ")) {
      const i = index.get(word);
      if (i !== undefined) row[i]! += 1;
    }
    return row;
  });
  const h = tensor(x).matmul(w["fc1.weight"]!.transpose(0, 1)).add(w["fc1.bias"]!).relu();
  const pred = h.matmul(w["fc2.weight"]!.transpose(0, 1)).add(w["fc2.bias"]!).argmax(-1).tolist() as number[];
  return pred.filter((p, i) => p === data.labels[i]).length / data.labels.length;
}

const INFO = { name: "tiny-bow-sentiment", license: "apache-2.0", datasetId: "llmpath/synthetic-reviews", datasetName: "llmpath synthetic reviews" };
interface Folder {
  "model.safetensors": Uint8Array;
  "config.json": string;
  "README.md": string;
}
let cached: { trained: unknown; evalSet: { texts: string[]; labels: number[] }; folder: Folder } | undefined;
/** Trained once on 2000 reviews (seed 0), evaluated on 400 held-out reviews generated here. */
function exported(): { trained: unknown; evalSet: { texts: string[]; labels: number[] }; folder: Folder } {
  if (!cached) {
    const trained: unknown = trainModel(makeReviews(2000, 1), { seed: 0 });
    const evalSet = reviews(400, 2);
    cached = { trained, evalSet, folder: exportFolder(trained, evalSet, INFO) };
  }
  return cached;
}

test("buildVocab and featurize: sorted words, counts per review", () => {
  const vocab: string[] = buildVocab(["the movie was good", "good good fun"]);
  expectEqual(vocab, ["fun", "good", "movie", "the", "was"], "vocabulary");
  const x = featurize(["good good fun", "unknown words the"], vocab);
  expectShape(x, [2, 5], "features");
  expectClose(x, [[1, 2, 0, 0, 0], [0, 0, 0, 1, 0]], { atol: 0, rtol: 0, label: "counts; unknown words ignored" });
}, { taskId: "task-1" });

test("the trained classifier is right on ≥ 0.8 of 400 held-out reviews (5% of labels are flipped, so ≈ 0.95 is the ceiling)", () => {
  const { trained, evalSet } = exported();
  const acc: number = accuracy(trained, evalSet);
  expectTrue(acc >= 0.8, `held-out accuracy ${acc.toFixed(4)} ≥ 0.8`);
}, { taskId: "task-1" });

test("toYaml writes block YAML that a parser reads back to the same value", () => {
  const value = { a: 1, "b c": ["x", 2.5, true], nested: { list: [{ k: "v", n: null }, { k: "w: with colon" }], empty: [] } };
  const text: string = toYaml(value);
  expectEqual(parseYaml(text), value, "round trip");
  expectTrue(!text.includes("\t") && !text.includes("{ "), "block style with spaces, no flow mappings");
}, { taskId: "task-2" });

test("cardMetadata has the fields the Hub reads, with the accuracy rounded to 4 decimals", () => {
  const meta = cardMetadata(INFO, { accuracy: 0.876543, split: "test" });
  expectEqual(meta.language, ["en"], "language");
  expectEqual(meta.license, "apache-2.0", "license");
  expectEqual(meta.library_name, "llmpath", "library_name");
  expectEqual(meta.datasets, ["llmpath/synthetic-reviews"], "datasets");
  expectEqual(meta.metrics, ["accuracy"], "metrics");
  expectTrue(Array.isArray(meta.tags) && meta.tags.length > 0, "tags is a non-empty list");
  expectEqual(meta["model-index"], [{
    name: "tiny-bow-sentiment",
    results: [{
      task: { type: "text-classification", name: "Text Classification" },
      dataset: { name: "llmpath synthetic reviews", type: "llmpath/synthetic-reviews", split: "test" },
      metrics: [{ type: "accuracy", value: 0.8765, name: "Accuracy" }],
    }],
  }], "model-index");
  expectThrows(() => cardMetadata({ ...INFO, license: "do-what-you-want" }, { accuracy: 0.5, split: "test" }), /license/);
}, { taskId: "task-3" });

test("the folder: safetensors with the model's four tensors, a config.json that describes them, a README.md with front matter", () => {
  const { folder } = exported();
  const w = safetensors.load(folder["model.safetensors"]);
  const config = JSON.parse(folder["config.json"]) as { vocab: string[]; hidden_size: number; num_labels: number; id2label: Record<string, string> };
  expectEqual(Object.keys(w).sort(), ["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight"], "tensor names");
  expectShape(w["fc1.weight"], [config.hidden_size, config.vocab.length], "fc1.weight (hidden, vocab)");
  expectShape(w["fc2.weight"], [config.num_labels, config.hidden_size], "fc2.weight (labels, hidden)");
  expectEqual(config.id2label, { "0": "negative", "1": "positive" }, "id2label");
  const { meta, body } = frontMatter(folder["README.md"]);
  expectEqual(meta.library_name, "llmpath", "library_name in the card");
  for (const section of ["## Intended use", "## Training data", "## Evaluation", "## Limitations"]) expectTrue(body.includes(section), `the card body has a "${section}" section`);
}, { taskId: "task-4" });

test("the accuracy in the card is the one recomputed from the exported weights and config alone (±0.00005)", () => {
  const { folder, evalSet } = exported();
  const { meta } = frontMatter(folder["README.md"]);
  const reported = (((meta["model-index"] as { results: { metrics: { type: string; value: number }[] }[] }[])[0]!.results[0]!.metrics).find((m) => m.type === "accuracy"))!.value;
  const recomputed = accuracyFromFolder(folder, evalSet);
  expectClose(reported, recomputed, { atol: 5e-5, rtol: 0, label: "model-index accuracy vs recomputed" });
}, { taskId: "task-4" });
