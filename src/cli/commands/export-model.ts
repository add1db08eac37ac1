// `llmpath runs [--json]`, `llmpath runs import <file.jsonl>` and `llmpath export-model <run-id> --weights <file>`:
// get experiment runs into the store and export one as a Hugging Face-style folder (weights, config.json, model card).
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { registerMessages } from "../../i18n/index.ts";
import { runs as en } from "../../i18n/en/runs.ts";
import { runs as zh } from "../../i18n/zh/runs.ts";
import { type RunInput, type RunRow, addRun, listRuns, runProblem } from "../../server/experiments-repo.ts";
import { safetensors } from "../../tensor/index.ts";
import type { CliContext } from "../context.ts";
import { UserError } from "../errors.ts";
import { type CardOptions, RunsError, buildConfig, buildReadme, checkLicense, parseLanguages, parseRunsJsonl, pickRun, slug, summarise, tensorInfo } from "../runs/model-card.ts";

registerMessages(en, zh);

/** Runs a command body, turning the builder's coded errors into localised user errors (exit 1); `file` names the input. */
function coded<A extends unknown[]>(ctx: () => CliContext, body: (c: CliContext, ...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const c = ctx();
    try {
      await body(c, ...args);
    } catch (e) {
      if (e instanceof RunsError) throw new UserError(c.t(e.code, e.params));
      throw e;
    }
  };
}

/** An engine or system error's message as a clause: no "safetensors: " prefix, no trailing full stop. */
const clause = (e: unknown) =>
  String((e as Error)?.message ?? e)
    .replace(/^safetensors: /, "")
    .replace(/\.$/, "");

function readInput(c: CliContext, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new UserError(c.t("runs.file.unreadable", { file, reason: (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : clause(e) }));
  }
}

function withFile<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RunsError) throw new RunsError(e.code, { file, ...e.params });
    throw e;
  }
}

function readConfig(c: CliContext, file: string): Record<string, unknown> {
  const text = readInput(c, file).toString("utf8");
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new UserError(c.t("runs.config.invalid", { file, reason: clause(e) }));
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new UserError(c.t("runs.config.invalid", { file, reason: Array.isArray(v) ? "it is an array" : `it is ${JSON.stringify(v)}` }));
  return v as Record<string, unknown>;
}

const finals = (run: RunRow) => Object.fromEntries(Object.entries(summarise(run.metrics)).map(([k, s]) => [k, s.final]));

async function listCommand(c: CliContext, opts: { json?: boolean }): Promise<void> {
  const store = await c.store();
  const rows = await listRuns(store, await c.learnerId());
  if (opts.json) return c.json(rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.createdAt.toISOString(), config: r.config, final: finals(r) })));
  if (!rows.length) return c.out(c.t("runs.none"));
  c.out(c.t("runs.header"));
  for (const r of rows) {
    const f = Object.entries(finals(r)).sort(([a], [b]) => (a < b ? -1 : 1));
    const metrics = f.length ? f.map(([k, v]) => `${k}=${Number(v.toPrecision(6))}`).join(" ") : c.t("runs.noMetrics");
    c.out(`${r.id}  ${r.name}  ${r.createdAt.toISOString().slice(0, 16).replace("T", " ")}  ${metrics}`);
  }
}

interface ImportOptions {
  name?: string;
  run?: string;
  config?: string;
  json?: boolean;
}

async function importCommand(c: CliContext, file: string, opts: ImportOptions): Promise<void> {
  const text = readInput(c, file).toString("utf8");
  const picked = withFile(file, () => pickRun(parseRunsJsonl(text), opts.run));
  const config = opts.config ? readConfig(c, opts.config) : {};
  const run: RunInput = { name: opts.name ?? picked.name, config, metrics: picked.metrics };
  const problem = runProblem(run);
  if (problem) throw new UserError(c.t("runs.invalid", { problem }));
  const store = await c.store();
  const id = await addRun(store, await c.learnerId(), run);
  const points = Object.values(run.metrics).reduce((a, ps) => a + ps.length, 0);
  if (opts.json) return c.json({ id, name: run.name.trim(), metrics: Object.keys(run.metrics).length, points });
  c.out(c.t("runs.imported", { id, name: run.name.trim(), metrics: Object.keys(run.metrics).length, points }));
}

interface ExportOptions {
  weights: string;
  out?: string;
  license: string;
  language: string;
  dataset?: string;
  force?: boolean;
  json?: boolean;
}

async function findRun(c: CliContext, value: string): Promise<RunRow> {
  if (!/^\d+$/.test(value.trim())) throw new UserError(c.t("export.runId", { value }));
  const id = Number(value);
  const store = await c.store();
  const rows = await listRuns(store, await c.learnerId());
  const run = rows.find((r) => r.id === id);
  if (run) return run;
  if (!rows.length) throw new UserError(c.t("export.noRuns", { id }));
  throw new UserError(c.t("export.unknownRun", { id, runs: rows.map((r) => `${r.id} (${r.name})`).join(", ") }));
}

/** The output folder: created if missing; an existing non-empty one only with --force. */
function prepareDir(c: CliContext, dir: string, force: boolean): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new UserError(c.t("export.notDir", { dir }));
    const entries = readdirSync(dir);
    if (entries.length && !force) throw new UserError(c.t("export.notEmpty", { dir, count: entries.length }));
  }
  mkdirSync(dir, { recursive: true });
}

async function exportCommand(c: CliContext, runId: string, opts: ExportOptions): Promise<void> {
  const card: CardOptions = { license: checkLicense(opts.license), languages: parseLanguages(opts.language), dataset: opts.dataset?.trim() || undefined };
  const run = await findRun(c, runId);
  const bytes = new Uint8Array(readInput(c, opts.weights));
  try {
    safetensors.loadWithMetadata(bytes);
  } catch (e) {
    throw new UserError(c.t("export.badWeights", { file: opts.weights, reason: clause(e) }));
  }
  const tensors = tensorInfo(bytes);
  const dir = resolve(opts.out ?? slug(run.name, run.id));
  prepareDir(c, dir, opts.force ?? false);
  writeFileSync(join(dir, "model.safetensors"), bytes);
  writeFileSync(join(dir, "config.json"), `${JSON.stringify(buildConfig(run, tensors), null, 2)}\n`);
  writeFileSync(join(dir, "README.md"), buildReadme(run, card, tensors));
  const params = tensors.reduce((a, t) => a + t.shape.reduce((x, y) => x * y, 1), 0);
  const metrics = Object.keys(summarise(run.metrics)).length;
  if (opts.json) return c.json({ dir, runId: run.id, files: ["model.safetensors", "config.json", "README.md"], tensors: tensors.length, parameters: params, metrics });
  c.out(c.t("export.done", { dir, tensors: tensors.length, params, metrics }));
}

export function register(program: Command, ctx: () => CliContext): void {
  const runs = program
    .command("runs")
    .description("list your experiment runs (id, name, created, final value of each metric)")
    .option("--json", "print JSON")
    .action(coded(ctx, listCommand));
  runs
    .command("import <file>")
    .description("import a run from the experiment-tracking lab's JSONL export")
    .option("--name <name>", "the run's name in llmpath (default: its name in the file)")
    .option("--run <name>", "which run of the file, when it holds several")
    .option("--config <file>", "a JSON file with the run's config (learning rate, steps, …)")
    .option("--json", "print JSON")
    // `runs` itself takes --json too and commander gives it to the parent, so both are read
    .action(coded(ctx, (c, file: string, opts: ImportOptions) => importCommand(c, file, { ...opts, json: opts.json || runs.opts<{ json?: boolean }>().json })));
  program
    .command("export-model <run-id>")
    .description("export a run as a Hugging Face folder: model.safetensors, config.json and a README.md model card")
    .requiredOption("--weights <file>", "the trained weights (.safetensors)")
    .option("--out <dir>", "output folder (default: ./<run name>)")
    .option("--license <id>", "licence identifier for the card", "other")
    .option("--language <codes>", "languages of the model, comma-separated", "en")
    .option("--dataset <name>", "the dataset it was trained on (a Hub id such as llmpath/tang-poems)")
    .option("--force", "write into a non-empty folder")
    .option("--json", "print JSON")
    .action(coded(ctx, exportCommand));
}
