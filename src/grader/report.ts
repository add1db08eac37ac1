// Turns a finished test process (or a failed build) into the GradeResult the caller sees.
import path from "node:path";
import type { RawRun } from "./child.ts";
import type { CompileProblem } from "./compile.ts";
import { repoRoot, tensorDir } from "./paths.ts";
import { capText, MESSAGE_LIMIT, type WireError } from "./protocol.ts";
import type { GradeResult, TestDetails, TestResult, Verdict } from "./result.ts";
import { type BundleMap, type Frame, formatFrame } from "./source-map.ts";

export interface ReportContext {
  labDir: string;
  learnerFile: string;
  include: string[];
  timeLimitMs: number;
  memoryLimitMb: number;
}

/** Paths as a person wants to read them: lab files by name, engine files from the repo root, the rest from cwd. */
export function displayPath(file: string, ctx: ReportContext): string {
  const lab = path.resolve(ctx.labDir);
  if (file.startsWith(lab + path.sep) && path.resolve(file) !== path.resolve(ctx.learnerFile)) return path.relative(lab, file);
  if (file.startsWith(repoRoot + path.sep) && !file.startsWith(lab + path.sep)) return path.relative(repoRoot, file);
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith("..") || path.isAbsolute(rel) ? file : rel;
}

function isLearnerFile(file: string, ctx: ReportContext): boolean {
  if (path.resolve(file) === path.resolve(ctx.learnerFile)) return true;
  const lab = path.resolve(ctx.labDir) + path.sep;
  return !file.startsWith(repoRoot + path.sep) && !file.startsWith(lab);
}

const isGraderFrame = (f: Frame): boolean => f.location?.file.startsWith(path.join(repoRoot, "src", "grader") + path.sep) === true;

function describeError(error: WireError | undefined, kind: "fail" | "error", map: BundleMap | undefined, ctx: ReportContext): { message: string; details: TestDetails } {
  if (!error) return { message: "the test failed without an error", details: {} };
  const frames = (map?.frames(error.stack) ?? []).filter((f) => f.location && !isGraderFrame(f));
  const show = (f: string): string => displayPath(f, ctx);
  const labFiles = new Set(ctx.include.map((f) => path.resolve(ctx.labDir, f)));
  // Exceptions point at the learner's line; assertion failures at the test's line.
  const pick =
    kind === "error"
      ? (frames.find((f) => isLearnerFile(f.location!.file, ctx)) ?? frames[0])
      : (frames.find((f) => labFiles.has(f.location!.file)) ?? frames[0]);
  const details: TestDetails = { ...(error.details ?? {}), errorName: error.name };
  if (pick?.location) details.location = { ...pick.location, file: show(pick.location.file) };
  if (frames.length > 0) details.stack = frames.slice(0, 12).map((f) => formatFrame(f, show)).join("\n");
  const head = kind === "fail" ? error.message : `${error.name}: ${error.message}`;
  const at = pick ? `\n${formatFrame(pick, show)}` : "";
  return { message: capText(head + at, MESSAGE_LIMIT), details };
}

function stopReason(raw: RawRun, ctx: ReportContext, runningName: string | undefined): { verdict: Verdict; message: string; short: string } {
  const during = runningName ? ` while running "${runningName}"` : raw.plan ? "" : " while loading the test files";
  if (raw.end === "timeout") {
    return {
      verdict: "timeout",
      short: "time limit exceeded",
      message: `Time limit exceeded: the tests did not finish within ${ctx.timeLimitMs} ms${during}. Look for a loop that never ends, or work that grows much faster than the input.`,
    };
  }
  if (raw.end === "memory") {
    const peak = raw.heapOom
      ? "the JavaScript heap filled up"
      : raw.reservedMb !== undefined
        ? `it reserved ${Math.round(raw.reservedMb / 1024)} GB of arrays (counted even before they are written to)`
        : `resident memory reached ${Math.round(raw.peakRssMb)} MB`;
    return {
      verdict: "memory",
      short: "memory limit exceeded",
      message: `Memory limit exceeded: the test process may use ${ctx.memoryLimitMb} MB and ${peak}${during}. Look for arrays or tensors allocated in a loop and kept alive.`,
    };
  }
  if (runningName && raw.exitCode === 0 && raw.signal === null) {
    return {
      verdict: "error",
      short: "the run stopped early",
      message: `The test "${runningName}" never finished: it waits for something that never happens (a promise that never resolves, with nothing left to run).`,
    };
  }
  const how = raw.spawnError ? `could not start node: ${raw.spawnError}` : raw.signal ? `was killed by ${raw.signal}` : `exited with code ${raw.exitCode}`;
  const tail = raw.stderr.trim().slice(-1500);
  return {
    verdict: "error",
    short: "the run stopped early",
    message: `The test process ${how}${during}.${tail ? `\n${tail}` : ""}`,
  };
}

/** The GradeResult of a run that reached the test process. */
export function reportRun(raw: RawRun, map: BundleMap | undefined, ctx: ReportContext, startedAt: number): GradeResult {
  const plan = raw.plan?.tests ?? [];
  const runningName = raw.current !== undefined ? plan[raw.current]?.name : undefined;
  const stopped = raw.end === "done" ? undefined : stopReason(raw, ctx, runningName);
  const tests: TestResult[] = plan.map((t, i) => {
    const base = { name: t.name, file: t.file, ...(t.taskId === undefined ? {} : { taskId: t.taskId }) };
    const r = raw.results.get(i);
    if (r) {
      const out: TestResult = { ...base, status: r.status, durationMs: Math.round(r.durationMs * 100) / 100 };
      if (r.output !== undefined) out.output = r.output;
      if (r.status !== "pass") Object.assign(out, describeError(r.error, r.status === "fail" ? "fail" : "error", map, ctx));
      return out;
    }
    if (i === raw.current && stopped) return { ...base, status: "error", message: stopped.message };
    return { ...base, status: "error", message: `not run: ${stopped?.short ?? "the run stopped early"}` };
  });
  const result: GradeResult = { status: "pass", verdict: "pass", tests, durationMs: 0, peakRssMb: Math.round(raw.peakRssMb) };
  if (raw.doneOutput !== undefined) result.output = raw.doneOutput;
  const loadErrors = raw.plan?.loadErrors ?? [];
  if (stopped) {
    result.status = "error";
    result.verdict = stopped.verdict;
    result.message = stopped.message;
  } else if (loadErrors.length > 0) {
    result.status = "error";
    result.verdict = "error";
    result.message = loadErrors
      .map(({ file, error }) => `Could not load ${file}: ${describeError(error, "error", map, ctx).message}`)
      .join("\n");
  } else if (tests.length === 0) {
    result.status = "error";
    result.verdict = "error";
    result.message = `No tests found in ${ctx.include.join(", ")}.`;
  } else if (tests.some((t) => t.status !== "pass")) {
    const failed = tests.filter((t) => t.status !== "pass").length;
    result.status = "fail";
    result.verdict = "fail";
    result.message = `${failed} of ${tests.length} tests did not pass.`;
  }
  result.durationMs = Math.round(performance.now() - startedAt);
  return result;
}

const NO_EXPORT = /^No matching export in "(.+)" for import "(.+)"$/;

/** The GradeResult of a build that failed (syntax error, missing export, forbidden import). */
export function reportCompileErrors(problems: CompileProblem[], ctx: ReportContext, startedAt: number): GradeResult {
  const abs = (f: string): string => path.resolve(repoRoot, f);
  const learnerAt = problems.some((p) => p.file !== undefined && isLearnerFile(abs(p.file), ctx));
  const lines = problems.slice(0, 5).map((p) => {
    const missing = NO_EXPORT.exec(p.text);
    if (missing && isLearnerFile(abs(missing[1]!), ctx)) {
      return `${displayPath(abs(missing[1]!), ctx)} does not export "${missing[2]}", which the tests import. Export a function or value named ${missing[2]}.`;
    }
    const where = p.file ? `${displayPath(abs(p.file), ctx)}:${p.line}:${p.column}: ` : "";
    const snippet = p.lineText !== undefined && p.column !== undefined ? `\n    ${p.lineText}\n    ${" ".repeat(p.column - 1)}^` : "";
    return `${where}${p.text}${snippet}`;
  });
  const missingExport = problems.some((p) => NO_EXPORT.test(p.text));
  const inEngine = problems.length > 0 && problems.every((p) => p.file !== undefined && abs(p.file).startsWith(tensorDir + path.sep));
  const head =
    learnerAt || missingExport
      ? "Your code does not compile:"
      : inEngine
        ? "The llmpath engine (llmpath/tensor) does not build (a problem in llmpath, not in your code):"
        : "The lab's files do not compile (a problem in the lab, not in your code):";
  const compileErrors = problems.map((p) => (p.file ? { ...p, file: displayPath(abs(p.file), ctx) } : p));
  return {
    status: "error",
    verdict: "error",
    message: capText(`${head}\n${lines.join("\n")}`, MESSAGE_LIMIT),
    tests: [],
    durationMs: Math.round(performance.now() - startedAt),
    compileErrors,
  };
}

/** A GradeResult for problems found before anything ran (missing files, bad options). */
export function reportSetupError(message: string, startedAt: number): GradeResult {
  return { status: "error", verdict: "error", message, tests: [], durationMs: Math.round(performance.now() - startedAt) };
}
