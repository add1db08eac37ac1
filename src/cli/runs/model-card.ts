// Pure builders for `llmpath runs import` and `llmpath export-model`: JSONL runs → RunInput, and a run + weights → config.json and a model card.
import { stringify } from "yaml";
import type { RunInput, RunRow } from "../../server/experiments-repo.ts";

/** A coded problem with its parameters; the CLI turns the code into a localised sentence. */
export class RunsError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = "RunsError";
  }
}

export type Metrics = RunInput["metrics"];

/**
 * Reads the experiment-tracking lab's JSONL export (`toJSONL`): one object per line, `run` (name), `step`, then metric
 * columns. Blank lines are skipped. Returns each run's metrics in file order; throws a RunsError naming the line.
 */
export function parseRunsJsonl(text: string): Map<string, Metrics> {
  const runs = new Map<string, Metrics>();
  const seen = new Map<string, number>(); // `${run}\0${metric}\0${step}` → line
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = i + 1;
    if (raw.trim() === "") continue;
    let row: unknown;
    try {
      row = JSON.parse(raw);
    } catch {
      throw new RunsError("runs.jsonl.notJson", { line, start: raw.slice(0, 40) });
    }
    if (typeof row !== "object" || row === null || Array.isArray(row)) throw new RunsError("runs.jsonl.notObject", { line });
    const { run, step, ...columns } = row as Record<string, unknown>;
    if (typeof run !== "string" || run.trim() === "") throw new RunsError("runs.jsonl.run", { line });
    if (typeof step !== "number" || !Number.isInteger(step) || step < 0) throw new RunsError("runs.jsonl.step", { line, value: JSON.stringify(step) ?? "undefined" });
    const names = Object.keys(columns);
    if (names.length === 0) throw new RunsError("runs.jsonl.noMetrics", { line, step });
    const metrics = runs.get(run) ?? {};
    for (const name of names) {
      const value = columns[name];
      if (typeof value !== "number" || !Number.isFinite(value)) throw new RunsError("runs.jsonl.value", { line, metric: name, value: JSON.stringify(value) ?? "undefined" });
      const key = `${run}\0${name}\0${step}`;
      const first = seen.get(key);
      if (first !== undefined) throw new RunsError("runs.jsonl.duplicate", { line, first, run, metric: name, step });
      seen.set(key, line);
      (metrics[name] ??= []).push({ step, value });
    }
    runs.set(run, metrics);
  }
  if (runs.size === 0) throw new RunsError("runs.jsonl.empty");
  for (const metrics of runs.values()) for (const points of Object.values(metrics)) points.sort((a, b) => a.step - b.step);
  return runs;
}

/** The run named `wanted`, or the only run of the file. */
export function pickRun(runs: Map<string, Metrics>, wanted?: string): { name: string; metrics: Metrics } {
  const names = [...runs.keys()];
  if (wanted !== undefined) {
    const metrics = runs.get(wanted);
    if (!metrics) throw new RunsError("runs.import.noSuchRun", { run: wanted, runs: names.join(", ") });
    return { name: wanted, metrics };
  }
  if (names.length > 1) throw new RunsError("runs.import.severalRuns", { count: names.length, runs: names.join(", ") });
  return { name: names[0]!, metrics: runs.get(names[0]!)! };
}

/** A folder name for a run: lower-case letters, digits, dots and dashes; "run-<id>" when nothing is left. */
export function slug(name: string, id: number): string {
  const s = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
  return s || `run-${id}`;
}

/** Metrics where a smaller value is better (losses, perplexity, error rates); every other metric is "higher is better". */
export function lowerIsBetter(metric: string): boolean {
  return /loss|perplexity|ppl|err|wer|cer|mse|mae|rmse/i.test(metric);
}

export interface MetricSummary {
  final: number;
  finalStep: number;
  best: number;
  bestStep: number;
}

/** Final (last logged step) and best value of every metric that has at least one point. */
export function summarise(metrics: Metrics): Record<string, MetricSummary> {
  const out: Record<string, MetricSummary> = {};
  for (const [name, raw] of Object.entries(metrics)) {
    const points = [...raw].sort((a, b) => a.step - b.step);
    if (points.length === 0) continue;
    const last = points[points.length - 1]!;
    const lower = lowerIsBetter(name);
    let best = points[0]!;
    for (const p of points) if (lower ? p.value < best.value : p.value > best.value) best = p;
    out[name] = { final: last.value, finalStep: last.step, best: best.value, bestStep: best.step };
  }
  return out;
}

export interface TensorInfo {
  name: string;
  shape: number[];
  /** The file's dtype (F32, F16, BF16, I32, …). */
  dtype: string;
}

/** Tensor names, shapes and file dtypes from the header of a safetensors file that has already been validated. */
export function tensorInfo(bytes: Uint8Array): TensorInfo[] {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, { dtype: string; shape: number[] }>;
  return Object.entries(header)
    .filter(([name]) => name !== "__metadata__")
    .map(([name, t]) => ({ name, shape: t.shape, dtype: t.dtype }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface CardOptions {
  license: string;
  languages: string[];
  dataset?: string;
}

/** Licence identifiers as the Hub writes them: lower-case SPDX-like ids ("apache-2.0", "mit", "cc-by-4.0", "other"). */
export function checkLicense(license: string): string {
  const l = license.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9.+-]*$/.test(l)) throw new RunsError("export.license", { value: license });
  return l;
}

/** `zh,en` → ["zh", "en"]; each an ISO 639 code, optionally with a region ("zh-cn"). */
export function parseLanguages(value: string): string[] {
  const langs = value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const bad = langs.find((l) => !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(l));
  if (bad !== undefined || langs.length === 0) throw new RunsError("export.language", { value: bad ?? value });
  return langs;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The task the card declares: the run config's `task` when it is a string, else text generation. */
function taskOf(run: RunRow): { type: string; name: string } {
  const task = run.config.task;
  if (typeof task === "string" && task.trim() !== "") return { type: task, name: task };
  return { type: "text-generation", name: "Text Generation" };
}

/** The front matter: language, license, library_name, tags, datasets, metrics and a model-index with each metric's final value. */
export function cardMetadata(run: RunRow, opts: CardOptions): Record<string, unknown> {
  const summary = summarise(run.metrics);
  const names = Object.keys(summary).sort();
  const dataset = opts.dataset ?? "unspecified";
  const task = taskOf(run);
  const meta: Record<string, unknown> = {
    language: opts.languages,
    license: opts.license,
    library_name: "llmpath",
    tags: ["llmpath", "safetensors", task.type],
  };
  if (opts.dataset !== undefined) meta.datasets = [opts.dataset];
  meta.metrics = names;
  meta["model-index"] = [
    {
      name: run.name,
      results: names.map((name) => ({
        task: { type: task.type, name: task.name },
        dataset: { name: dataset, type: dataset },
        metrics: [{ type: name, value: summary[name]!.final, name }],
      })),
    },
  ];
  return meta;
}

/** config.json: the run's config, then llmpath's own keys (library, run, tensors) which win over same-named config keys. */
export function buildConfig(run: RunRow, tensors: TensorInfo[]): Record<string, unknown> {
  const numel = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
  return {
    ...(isRecord(run.config) ? run.config : {}),
    library_name: "llmpath",
    llmpath_run: { id: run.id, name: run.name, created_at: run.createdAt.toISOString() },
    num_parameters: tensors.reduce((a, t) => a + numel(t.shape), 0),
    tensors: tensors.map((t) => ({ name: t.name, shape: t.shape, dtype: t.dtype })),
  };
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : Number(x.toPrecision(6)).toString());
const cell = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");

/** README.md: YAML front matter (written by the `yaml` package), then the run, its config, metrics and how to load it. */
export function buildReadme(run: RunRow, opts: CardOptions, tensors: TensorInfo[]): string {
  const summary = summarise(run.metrics);
  const names = Object.keys(summary).sort();
  const steps = Math.max(-1, ...Object.values(run.metrics).flatMap((ps) => ps.map((p) => p.step))) + 1;
  const config = Object.entries(isRecord(run.config) ? run.config : {});
  const body = [
    `# ${run.name}`,
    "",
    `Weights trained with [llmpath](https://www.npmjs.com/package/llmpath) and exported from experiment run ${run.id} ("${run.name}", recorded ${run.createdAt.toISOString()}). The run logged ${names.length} metric(s) over ${steps} step(s); the numbers below are the ones it logged, not re-measured.`,
    "",
    "## Training config",
    "",
    ...(config.length ? ["| key | value |", "|---|---|", ...config.map(([k, v]) => `| ${cell(k)} | ${cell(JSON.stringify(v))} |`)] : ["The run recorded no config."]),
    "",
    "## Metrics",
    "",
    `Final = the value at the last logged step (reported in \`model-index\`); best = the lowest for losses and error rates, the highest otherwise.`,
    "",
    ...(names.length
      ? ["| metric | final | final step | best | best step |", "|---|---|---|---|---|", ...names.map((n) => `| ${cell(n)} | ${fmt(summary[n]!.final)} | ${summary[n]!.finalStep} | ${fmt(summary[n]!.best)} | ${summary[n]!.bestStep} |`)]
      : ["The run logged no metrics."]),
    "",
    "## Weights",
    "",
    "| tensor | shape | dtype |",
    "|---|---|---|",
    ...tensors.map((t) => `| ${cell(t.name)} | [${t.shape.join(", ")}] | ${t.dtype} |`),
    "",
    "## How to load",
    "",
    "In llmpath:",
    "",
    "```ts",
    'import { readFileSync } from "node:fs";',
    'import { safetensors } from "llmpath/tensor";',
    "",
    'const weights = safetensors.load(readFileSync("model.safetensors"));',
    'const config = JSON.parse(readFileSync("config.json", "utf8"));',
    "// model.loadStateDict(weights) for a module built from config",
    "```",
    "",
    "In PyTorch:",
    "",
    "```python",
    "import json",
    "from safetensors.torch import load_file",
    "",
    'weights = load_file("model.safetensors")',
    'config = json.load(open("config.json"))',
    "# model.load_state_dict(weights) for a module built from config",
    "```",
    "",
    "## Limitations",
    "",
    `The metrics are the training run's own logs${opts.dataset ? ` on ${opts.dataset}` : ""}; check them on your data before relying on this model.`,
    "",
  ].join("\n");
  return `---\n${stringify(cardMetadata(run, opts))}---\n\n${body}`;
}
