// One lab + one learner file, graded as often as asked: keeps the esbuild context and a waiting node warm.
import { existsSync } from "node:fs";
import { mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as esbuild from "esbuild";
import { type RawRun, TestProcess } from "./child.ts";
import { buildOptions, type CompileInput, toProblems } from "./compile.ts";
import { tensorDir } from "./paths.ts";
import { type ReportContext, reportCompileErrors, reportRun, reportSetupError } from "./report.ts";
import { DEFAULT_INCLUDE, DEFAULT_MEMORY_LIMIT_MB, DEFAULT_TIME_LIMIT_MS, type GradeOptions, type GradeResult } from "./result.ts";
import { BundleMap } from "./source-map.ts";

export interface SessionOptions extends GradeOptions {
  /** Keep an esbuild context and a pre-started test process between grades (watch mode). */
  incremental?: boolean;
}

interface Built {
  js: string;
  map: string;
}

function isBuildFailure(e: unknown): e is esbuild.BuildFailure {
  return e instanceof Error && Array.isArray((e as Partial<esbuild.BuildFailure>).errors);
}

export class GradeSession {
  private readonly ctx: ReportContext;
  private readonly input: CompileInput;
  private readonly incremental: boolean;
  private tmpDir?: string;
  private esbuildCtx?: esbuild.BuildContext<esbuild.BuildOptions & { write: false }>;
  private warm?: TestProcess;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(options: SessionOptions) {
    const include = options.include ?? DEFAULT_INCLUDE;
    this.ctx = {
      labDir: path.resolve(options.labDir),
      learnerFile: path.resolve(options.learnerFile),
      include,
      timeLimitMs: options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS,
      memoryLimitMb: options.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB,
    };
    this.input = { labDir: this.ctx.labDir, learnerFile: this.ctx.learnerFile, include };
    this.incremental = options.incremental ?? false;
  }

  /** Grades the learner file as it is on disk now. Never throws for learner mistakes; calls run one at a time. */
  grade(): Promise<GradeResult> {
    const next = this.queue.then(() => this.gradeNow());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async gradeNow(): Promise<GradeResult> {
    const startedAt = performance.now();
    if (this.disposed) return reportSetupError("this grading session was disposed", startedAt);
    const setup = this.checkFiles();
    if (setup) return reportSetupError(setup, startedAt);
    try {
      const tmp = await this.ensureTmp();
      const bundlePath = path.join(tmp, "bundle.mjs");
      const proc = this.takeProcess(tmp);
      let built: Built;
      try {
        built = await this.build(bundlePath);
      } catch (e) {
        if (!this.incremental) proc.kill();
        else this.warm = proc;
        if (isBuildFailure(e)) return reportCompileErrors(toProblems(e.errors), this.ctx, startedAt);
        throw e;
      }
      await writeFile(bundlePath, built.js);
      const raw: RawRun = await proc.run(bundlePath, this.ctx.timeLimitMs);
      if (this.incremental && !this.disposed) this.warm = new TestProcess(this.spawnOptions(tmp));
      return reportRun(raw, new BundleMap(built.map, bundlePath), this.ctx, startedAt);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return reportSetupError(`The grader could not run the tests: ${why}`, startedAt);
    }
  }

  private checkFiles(): string | undefined {
    if (!existsSync(this.ctx.learnerFile)) return `The file to grade does not exist: ${this.ctx.learnerFile}`;
    for (const name of this.ctx.include) {
      const file = path.join(this.ctx.labDir, name);
      if (!existsSync(file)) return `The lab is missing its test file ${name} (looked for ${file}).`;
    }
    return undefined;
  }

  private spawnOptions(tmp: string) {
    return { memoryLimitMb: this.ctx.memoryLimitMb, readDirs: [tmp, tensorDir] };
  }

  private takeProcess(tmp: string): TestProcess {
    const proc = this.warm?.usable ? this.warm : new TestProcess(this.spawnOptions(tmp));
    if (this.warm && this.warm !== proc) this.warm.kill();
    this.warm = undefined;
    return proc;
  }

  private async ensureTmp(): Promise<string> {
    // The real path, so stack frames (which use it) match the bundle path on systems where tmp is a symlink.
    this.tmpDir ??= await realpath(await mkdtemp(path.join(os.tmpdir(), "llmpath-grade-")));
    return this.tmpDir;
  }

  private async build(bundlePath: string): Promise<Built> {
    const options = buildOptions(this.input, bundlePath);
    let result: esbuild.BuildResult<{ write: false }>;
    if (this.incremental) {
      this.esbuildCtx ??= await esbuild.context(options);
      result = await this.esbuildCtx.rebuild();
    } else {
      result = await esbuild.build(options);
    }
    const js = result.outputFiles.find((f) => f.path.endsWith(".mjs"));
    const map = result.outputFiles.find((f) => f.path.endsWith(".map"));
    if (!js || !map) throw new Error("esbuild produced no bundle");
    return { js: js.text, map: map.text };
  }

  /** Stops the waiting process, the esbuild context and removes temporary files. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.queue;
    this.warm?.kill();
    this.warm = undefined;
    await this.esbuildCtx?.dispose();
    this.esbuildCtx = undefined;
    if (this.tmpDir) await rm(this.tmpDir, { recursive: true, force: true });
  }
}
