// The sandbox runner for the server: grades learner code inside an isolated-vm isolate (no require, process, fetch,
// file system or timers), with the lab's time and memory limits. The engine is bundled into the isolate.
// The host process must run with `node --no-node-snapshot` (isolated-vm 5 on Node 20; see PLATFORM-NOTES.md).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import type { CompileProblem } from "./compile.ts";
import { tensorEntry, testingEntry } from "./paths.ts";
import { DEFAULT_INCLUDE, DEFAULT_MEMORY_LIMIT_MB, DEFAULT_TIME_LIMIT_MS, type GradeResult, type TestResult } from "./result.ts";

const harness = path.join(path.dirname(fileURLToPath(import.meta.url)), "sandbox-harness.ts");
/** Most result messages and bytes accepted from one run (a flood of output cannot exhaust the worker). */
const MAX_MESSAGES = 2000;
const MAX_BYTES = 4_000_000;

export interface SandboxOptions {
  labDir: string;
  /** The learner's TypeScript source (the module tests import as "learner"). */
  code: string;
  include?: string[];
  timeLimitMs?: number;
  memoryLimitMb?: number;
}

function resolver(labDir: string, code: string): Plugin {
  return {
    name: "llmpath-sandbox",
    setup(b) {
      b.onResolve({ filter: /^learner$/ }, () => ({ path: "learner.ts", namespace: "learner" }));
      b.onLoad({ filter: /.*/, namespace: "learner" }, () => ({ contents: code, loader: "ts", resolveDir: labDir }));
      b.onResolve({ filter: /^llmpath\/tensor$/ }, () => ({ path: tensorEntry }));
      b.onResolve({ filter: /^llmpath\/testing$/ }, () => ({ path: testingEntry }));
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind === "entry-point" || path.isAbsolute(args.path)) return undefined;
        if (args.importer.startsWith(path.dirname(tensorEntry)) || args.importer.startsWith(path.dirname(testingEntry))) return undefined;
        return { errors: [{ text: `cannot import "${args.path}": labs may import only llmpath/tensor` }] };
      });
    },
  };
}

/** One script for the isolate; compile errors located in the learner's file. */
export async function bundleForSandbox(labDir: string, code: string, include: readonly string[]): Promise<{ ok: true; code: string } | { ok: false; problems: CompileProblem[] }> {
  const files = include.map((f) => `{ file: ${JSON.stringify(f)}, load: () => import(${JSON.stringify(path.join(labDir, f))}) }`).join(",\n");
  const entry = `import { runSandboxed } from ${JSON.stringify(harness)};\nglobalThis.__llmpathRun = () => runSandboxed([${files}]);`;
  try {
    const out = await build({
      stdin: { contents: entry, resolveDir: labDir, sourcefile: "llmpath-sandbox-entry.js", loader: "js" },
      bundle: true,
      format: "iife",
      // ES module semantics (strict mode): assigning to a frozen engine prototype throws instead of silently failing
      banner: { js: '"use strict";' },
      platform: "browser",
      target: "es2022",
      write: false,
      logLevel: "silent",
      tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, verbatimModuleSyntax: false } },
      plugins: [resolver(labDir, code)],
    });
    return { ok: true, code: out.outputFiles[0]!.text };
  } catch (e) {
    const errors = (e as { errors?: { text: string; location?: { file: string; line: number; column: number; lineText: string } | null }[] }).errors;
    if (!errors) throw e;
    return {
      ok: false,
      problems: errors.map((m) => (m.location ? { file: m.location.file.replace(/^learner:/, ""), line: m.location.line, column: m.location.column + 1, text: m.text, lineText: m.location.lineText } : { text: m.text })),
    };
  }
}

type Msg =
  | { t: "load-error"; file: string; name: string; message: string; output?: string }
  | { t: "plan"; count: number }
  | ({ t: "result" } & TestResult)
  | { t: "done"; output?: string };

const isMemoryError = (e: unknown) => /memory limit|disposed/i.test(String((e as Error)?.message ?? e));
const isTimeout = (e: unknown) => /timed out/i.test(String((e as Error)?.message ?? e));

/** Grades `code` against the lab's test files. Always resolves: hostile code becomes a verdict, never an exception. */
export async function gradeInSandbox(opts: SandboxOptions): Promise<GradeResult> {
  const started = Date.now();
  const include = opts.include ?? DEFAULT_INCLUDE;
  const timeLimitMs = opts.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const memoryLimitMb = opts.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB;
  const bundle = await bundleForSandbox(opts.labDir, opts.code, include);
  const elapsed = () => Date.now() - started;
  if (!bundle.ok) return { status: "error", verdict: "error", message: "compile error", compileErrors: bundle.problems, tests: [], durationMs: elapsed() };

  const ivm = (await import("isolated-vm")).default;
  const isolate = new ivm.Isolate({ memoryLimit: Math.max(16, memoryLimitMb) });
  const messages: Msg[] = [];
  let bytes = 0;
  let flooded = false;
  const finish = (verdict: GradeResult["verdict"], message?: string): GradeResult => {
    const tests = messages.flatMap((m) => {
      if (m.t !== "result") return [];
      const { t: _t, i: _i, ...rest } = m as typeof m & { i?: number };
      return [rest as TestResult];
    });
    const loadError = messages.find((m) => m.t === "load-error") as Extract<Msg, { t: "load-error" }> | undefined;
    const done = messages.find((m) => m.t === "done") as Extract<Msg, { t: "done" }> | undefined;
    const failed = tests.some((t) => t.status !== "pass");
    let v = verdict;
    if (v === "pass" && (loadError || !done)) v = "error";
    if (v === "pass" && failed) v = "fail";
    if (v === "pass" && tests.length === 0) v = "error";
    const status: GradeResult["status"] = v === "pass" ? "pass" : v === "fail" ? "fail" : "error";
    const msg = message ?? (loadError ? `${loadError.file}: ${loadError.name}: ${loadError.message}` : undefined);
    const output = loadError?.output ?? done?.output;
    return { status, verdict: v, ...(msg ? { message: msg } : {}), tests, durationMs: elapsed(), ...(output ? { output } : {}) };
  };
  try {
    const context = await isolate.createContext();
    await context.global.set(
      "__llmpathSend",
      new ivm.Callback((json: string) => {
        if (flooded || typeof json !== "string") return;
        bytes += json.length;
        if (messages.length >= MAX_MESSAGES || bytes > MAX_BYTES) {
          flooded = true;
          return;
        }
        try {
          messages.push(JSON.parse(json) as Msg);
        } catch {
          flooded = true;
        }
      }),
    );
    const script = await isolate.compileScript(bundle.code);
    await script.run(context, { timeout: timeLimitMs });
    const left = Math.max(1, timeLimitMs - elapsed());
    let timer: NodeJS.Timeout | undefined;
    const wall = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), left);
    });
    const run = context.eval("__llmpathRun()", { timeout: left, promise: true }).then(() => "done" as const);
    const outcome = await Promise.race([run, wall]).finally(() => clearTimeout(timer));
    run.catch(() => {});
    if (outcome === "timeout") return finish("timeout", `the tests did not finish within ${timeLimitMs} ms (an endless loop, or a promise that never settles?)`);
    if (flooded) return finish("error", `the run produced more than ${MAX_MESSAGES} messages or ${MAX_BYTES} bytes of results`);
    return finish("pass");
  } catch (e) {
    if (isolate.isDisposed || isMemoryError(e)) return finish("memory", `the code used more than the ${memoryLimitMb} MiB memory limit`);
    if (isTimeout(e)) return finish("timeout", `the tests did not finish within ${timeLimitMs} ms`);
    return finish("error", `sandbox: ${String((e as Error)?.message ?? e).slice(0, 500)}`);
  } finally {
    if (!isolate.isDisposed) isolate.dispose();
  }
}
