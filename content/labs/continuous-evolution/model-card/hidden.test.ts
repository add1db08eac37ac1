// Model card: tests run at grading only — YAML edge cases, a second evaluation set, licence checks, weights that round-trip.
import { accuracy, cardMetadata, exportFolder, toYaml, trainModel } from "learner";
import { safetensors, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectTrue, test } from "llmpath/testing";

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

const INFO = { name: "bow-sentiment-seed-3", license: "mit", datasetId: "llmpath/synthetic-reviews", datasetName: "llmpath synthetic reviews" };

test("toYaml survives strings that plain YAML would misread", () => {
  const value = { yes: "yes", num: "0123", colon: "a: b", hash: "x #y", quote: 'say "hi"', dash: "- item", empty: "", zh: "虚构的模型卡", deep: [[1, 2], []], obj: {} };
  expectEqual(parseYaml(toYaml(value)), value, "round trip");
}, { taskId: "task-2" });

test("a card for another model and another evaluation set reports that set's accuracy", () => {
  const trained: unknown = trainModel(reviews(2000, 7), { seed: 3 });
  for (const seed of [11, 12]) {
    const evalSet = reviews(250, seed);
    const folder = exportFolder(trained, evalSet, INFO);
    const { meta } = frontMatter(folder["README.md"]);
    expectEqual(meta.license, "mit", "license");
    const reported = (((meta["model-index"] as { results: { metrics: { type: string; value: number }[] }[] }[])[0]!.results[0]!.metrics).find((m) => m.type === "accuracy"))!.value;
    expectClose(reported, accuracyFromFolder(folder, evalSet), { atol: 5e-5, rtol: 0, label: `eval seed ${seed}: card vs recomputed` });
    expectClose(reported, accuracy(trained, evalSet), { atol: 5e-5, rtol: 0, label: `eval seed ${seed}: card vs the lab's own accuracy` });
  }
}, { taskId: "task-4" });

test("the exported weights are exactly the model's (F32, bit for bit)", () => {
  const trained = trainModel(reviews(1000, 8), { seed: 4 }) as { model: { stateDict(): Record<string, { toFloat32Array(): Float32Array }> } };
  const folder = exportFolder(trained, reviews(50, 9), INFO);
  const w = safetensors.load(folder["model.safetensors"]);
  for (const [name, t] of Object.entries(trained.model.stateDict())) {
    expectEqual([...w[name]!.toFloat32Array()], [...t.toFloat32Array()], name);
  }
  expectTrue(typeof tensor === "function", "engine loaded");
}, { taskId: "task-4" });

test("every licence in the allowed list is accepted and written as given", () => {
  for (const license of ["apache-2.0", "mit", "cc-by-4.0", "cc-by-sa-4.0", "bsd-3-clause", "other"]) {
    expectEqual(cardMetadata({ ...INFO, license }, { accuracy: 0.5, split: "test" }).license, license, license);
  }
}, { taskId: "task-3" });
