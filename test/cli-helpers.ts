// Runs the real `llmpath` binary in a child process against a temporary data directory.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const REPO = resolve(import.meta.dirname, "..");
export const BIN = join(REPO, "bin/llmpath.js");

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function tempDir(prefix = "llmpath-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: "en_US.UTF-8", LC_ALL: "", ...extra };
  delete env.DATABASE_URL;
  delete env.LLMPATH_HOME;
  return env;
}

export function llmpath(args: string[], opts: { env?: Record<string, string>; cwd?: string; input?: string } = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? REPO,
    env: cleanEnv(opts.env),
    encoding: "utf8",
    input: opts.input ?? "",
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI and returns the child, for tests that kill it or read a server's URL. */
export function llmpathAsync(args: string[], opts: { env?: Record<string, string> } = {}) {
  return spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: cleanEnv(opts.env), stdio: ["ignore", "pipe", "pipe"] });
}
