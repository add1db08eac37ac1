// Grader benchmark: cold grade() in a fresh node process, and re-grade in a watch session after a save.
// Usage: npm run bench:grader -- [--labs einsum-drills,svd-compression] [--runs 10] [--gap 250]
// Each lab's reference solution is graded as the learner's file.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { benchVerify } from "../src/cli/labs/bench-verify.ts";
import { loadCurriculum } from "../src/curriculum/index.ts";
import { DEFAULT_INCLUDE, grade, WatchGrader } from "../src/grader/index.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const self = fileURLToPath(import.meta.url);

const TARGET_COLD_MS = 1500;
const TARGET_WATCH_MS = 300;

function includeFor(labDir: string): string[] {
  return DEFAULT_INCLUDE.filter((f) => existsSync(path.join(labDir, f)));
}

/** Child mode: grade once, print the verdict as JSON, exit. */
async function once(labDir: string, learnerFile: string): Promise<void> {
  const result = await grade({ labDir, learnerFile, include: includeFor(labDir) });
  process.stdout.write(`${JSON.stringify({ verdict: result.verdict, durationMs: result.durationMs, message: result.message })}\n`);
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function summary(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}

/** Wall time of a fresh process, spawn to exit. */
function timeSpawn(args: string[]): { ms: number; stdout: string; status: number | null } {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: "utf8", cwd: repoRoot });
  return { ms: performance.now() - started, stdout: r.stdout, status: r.status };
}

function benchCold(labDir: string, runs: number): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = timeSpawn(["--import", "tsx", self, "--once", labDir, path.join(labDir, "solution.ts")]);
    const verdict = (JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as { verdict?: string; message?: string }).verdict;
    if (r.status !== 0 || verdict !== "pass") throw new Error(`cold grade of ${labDir} did not pass: ${r.stdout}`);
    samples.push(r.ms);
  }
  return samples;
}

/** Re-grade after a save; `gapMs` of idle time before each save (a person does not save twice in 250 ms). */
async function benchWatch(labDir: string, runs: number, gapMs: number): Promise<number[]> {
  const ws = mkdtempSync(path.join(os.tmpdir(), "llmpath-bench-"));
  const file = path.join(ws, "learner.ts");
  copyFileSync(path.join(labDir, "solution.ts"), file);
  const source = readFileSync(file, "utf8");
  const watch = new WatchGrader({ labDir, learnerFile: file, include: includeFor(labDir) });
  const samples: number[] = [];
  try {
    await watch.grade(); // warm-up: first build and first process
    for (let i = 0; i < runs; i++) {
      if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
      writeFileSync(file, `${source}\n// save ${i}\n`);
      const started = performance.now();
      const result = await watch.grade();
      samples.push(performance.now() - started);
      if (result.verdict !== "pass") throw new Error(`watch re-grade of ${labDir} did not pass: ${result.message}`);
    }
  } finally {
    await watch.dispose();
    rmSync(ws, { recursive: true, force: true });
  }
  return samples;
}

/** The two labs of the labs-platform issue. */
const DEFAULT_LABS = ["einsum-drills", "svd-compression"];

function labDirOf(id: string): string {
  const lab = loadCurriculum().labs.get(id);
  if (!lab) throw new Error(`bench/grader: unknown lab "${id}" (ids are listed by \`llmpath labs\`)`);
  return lab.dir;
}

const fmt = (ms: number): string => `${ms.toFixed(0).padStart(6)} ms`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      labs: { type: "string" },
      runs: { type: "string", default: "10" },
      gap: { type: "string", default: "250" },
      once: { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  if (values.once) return once(positionals[0]!, positionals[1]!);
  const runs = Math.max(1, Number(values.runs));
  const ids = values.labs ? values.labs.split(",") : DEFAULT_LABS;
  const labs = ids.map(labDirOf);
  const verify = new Map(benchVerify(ids, runs).map((t) => [t.lab, summary(t.samples)]));
  const nodeBare = summary(Array.from({ length: runs }, () => timeSpawn(["-e", "0"]).ms));
  const nodeTsx = summary(Array.from({ length: runs }, () => timeSpawn(["--import", "tsx", "-e", "0"]).ms));
  console.log(`grader benchmark: ${runs} runs per figure, node ${process.version}, ${os.cpus().length} CPUs`);
  console.log(`peer: bare \`node -e 0\` median ${fmt(nodeBare.median)}; \`node --import tsx -e 0\` median ${fmt(nodeTsx.median)}`);
  console.log("");
  const gapMs = Math.max(0, Number(values.gap));
  const rows: string[][] = [["lab", "figure", "median", "p95", "median/target"]];
  let ok = true;
  for (const lab of labs) {
    const name = path.basename(lab);
    const v = verify.get(name)!;
    const cold = summary(benchCold(lab, runs));
    const watch = summary(await benchWatch(lab, runs, gapMs));
    const burst = summary(await benchWatch(lab, runs, 0));
    ok &&= v.median <= TARGET_COLD_MS && watch.median <= TARGET_WATCH_MS;
    rows.push([name, "`llmpath verify` end to end", fmt(v.median), fmt(v.p95), `${(v.median / TARGET_COLD_MS).toFixed(2)}×`]);
    rows.push([name, "cold grade (fresh node)", fmt(cold.median), fmt(cold.p95), `${(cold.median / TARGET_COLD_MS).toFixed(2)}×`]);
    rows.push([name, `watch re-grade (${gapMs} ms idle)`, fmt(watch.median), fmt(watch.p95), `${(watch.median / TARGET_WATCH_MS).toFixed(2)}×`]);
    rows.push([name, "watch re-grade (back-to-back)", fmt(burst.median), fmt(burst.p95), `${(burst.median / TARGET_WATCH_MS).toFixed(2)}×`]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "));
  console.log("");
  console.log(`targets: \`llmpath verify\` end to end ≤ ${TARGET_COLD_MS} ms median; watch re-grade ≤ ${TARGET_WATCH_MS} ms median — ${ok ? "met" : "NOT met"}`);
  console.log("cold = spawn `node --import tsx bench/grader.ts --once <lab> <lab>/solution.ts` to exit (node start-up, tsx, esbuild, test process).");
  console.log("back-to-back = saves with no idle time, so the next test process is still starting; shown for context, not a target.");
}

await main();
