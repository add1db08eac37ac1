// The lab part of `llmpath curriculum check`: every starter fails a test, every solution passes them all, READMEs match.
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import { join, relative } from "node:path";
import { type GradeOptions, type GradeResult, grade } from "../grader/index.ts";
import type { Curriculum, LabEntry } from "./load.ts";
import type { Problem } from "./problem.ts";

export interface CheckLabsOptions {
  /** Run starters and solutions through the grader (default true; `--no-labs` turns it off). */
  grade?: boolean;
  /** Grading runs at the same time (default: number of CPUs, at most 4). */
  concurrency?: number;
  /** Called after each lab is checked (progress for the CLI). */
  onLab?: (lab: LabEntry, problems: Problem[]) => void;
}

const README_FILES = ["README.en.md", "README.zh.md"] as const;

function firstLine(text: string | undefined): string {
  return (text ?? "").split("\n")[0]!.trim();
}

/** Headings of README tasks: `## 1. Title` → "task-1". */
export function readmeTasks(markdown: string): Set<string> {
  const tasks = new Set<string>();
  for (const m of markdown.matchAll(/^#{1,6}\s+(?:Task\s+|任务\s*)?(\d+)(?!\d)/gim)) tasks.add(`task-${m[1]}`);
  return tasks;
}

function staticProblems(lab: LabEntry, where: string): Problem[] {
  const out: Problem[] = [];
  for (const f of README_FILES) {
    const file = join(lab.dir, f);
    if (existsSync(file) && readFileSync(file, "utf8").trim() === "") out.push({ file: where, path: f, message: `${f} is empty`, fix: "describe the tasks as numbered headings" });
  }
  return out;
}

function describeFailure(r: GradeResult): string {
  const failed = r.tests.find((t) => t.status !== "pass");
  if (failed) {
    const n = r.tests.filter((t) => t.status !== "pass").length;
    return `${n} of ${r.tests.length} tests do not pass; first: "${failed.name}" (${failed.file}): ${firstLine(failed.message)}`;
  }
  return `${r.verdict}: ${firstLine(r.message)}`;
}

function starterProblems(r: GradeResult, where: string): Problem[] {
  if (r.compileErrors?.length) return [{ file: where, path: "starter.ts", message: `starter does not compile: ${firstLine(r.message?.split("\n")[1])}`, fix: "a starter must compile and fail its tests cleanly" }];
  if (r.verdict === "timeout" || r.verdict === "memory") return [{ file: where, path: "starter.ts", message: `starter hits the ${r.verdict === "timeout" ? "time" : "memory"} limit`, fix: "TODO bodies should throw, not loop or allocate" }];
  if (r.verdict === "pass") return [{ file: where, path: "", message: "starter passes all tests — a starter must fail at least one", fix: "replace the bodies the learner writes with `throw new Error(\"TODO: …\")`" }];
  if (r.status === "error" && r.tests.length === 0) return [{ file: where, path: "starter.ts", message: `starter could not be graded: ${firstLine(r.message)}` }];
  return [];
}

function solutionProblems(r: GradeResult, lab: LabEntry, where: string): Problem[] {
  const out: Problem[] = [];
  if (r.verdict !== "pass") out.push({ file: where, path: "solution.ts", message: `solution fails: ${describeFailure(r)}`, fix: "a reference solution must pass every visible and hidden test" });
  if (r.tests.length === 0) return out;
  for (const f of ["lab.test.ts", "hidden.test.ts"]) {
    if (!r.tests.some((t) => t.file === f)) out.push({ file: where, path: f, message: `${f} declares no tests`, fix: "add at least one test" });
  }
  for (const f of README_FILES) {
    const file = join(lab.dir, f);
    if (!existsSync(file)) continue;
    const tasks = readmeTasks(readFileSync(file, "utf8"));
    const missing = [...new Set(r.tests.flatMap((t) => (t.taskId && /^task-\d+$/.test(t.taskId) && !tasks.has(t.taskId) ? [t.taskId] : [])))];
    if (missing.length) out.push({ file: where, path: f, message: `tests link to ${missing.join(", ")} but ${f} has no such numbered heading`, fix: "add headings like `## 1. …` for each task" });
  }
  return out;
}

async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

function options(lab: LabEntry, file: string): GradeOptions {
  return { labDir: lab.dir, learnerFile: join(lab.dir, file), timeLimitMs: lab.limits.time_ms, memoryLimitMb: lab.limits.memory_mb };
}

/** Problems of every lab, sorted by stage and id; each names the lab as `labs/<stage>/<lab>`. */
export async function checkLabs(c: Curriculum, opts: CheckLabsOptions = {}): Promise<Problem[]> {
  const labs = [...c.labs.values()].sort((a, b) => a.stage.localeCompare(b.stage) || a.id.localeCompare(b.id));
  const byLab = new Map<string, Problem[]>();
  const concurrency = opts.concurrency ?? Math.min(4, os.cpus().length);
  await pool(labs, Math.max(1, Math.floor(concurrency / 2)), async (lab) => {
    const where = relative(c.root, lab.dir) || lab.dir;
    const problems = staticProblems(lab, where);
    if (opts.grade !== false) {
      const [starter, solution] = await Promise.all([grade(options(lab, "starter.ts")), grade(options(lab, "solution.ts"))]);
      problems.push(...starterProblems(starter, where), ...solutionProblems(solution, lab, where));
    }
    byLab.set(lab.id, problems);
    opts.onLab?.(lab, problems);
  });
  return labs.flatMap((l) => byLab.get(l.id) ?? []);
}
