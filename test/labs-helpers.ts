// Helpers for the lab command tests: a copy of the fixture curriculum, the CLI in-process, the CLI as a child process.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { main } from "../src/cli/main.ts";
import { BIN, cleanEnv } from "./cli-helpers.ts";

export const FIXTURE_CONTENT = resolve(import.meta.dirname, "fixtures", "content-bad-labs");
export const BAD_LABS = ["starter-passes", "solution-fails"] as const;

/** A temporary copy of the fixture curriculum without the labs named in `drop`. */
export function contentCopy(drop: readonly string[] = BAD_LABS): string {
  const root = mkdtempSync(join(tmpdir(), "llmpath-labs-content-"));
  cpSync(FIXTURE_CONTENT, root, { recursive: true });
  for (const lab of drop) rmSync(join(root, "labs", "basics", lab), { recursive: true, force: true });
  return root;
}

export interface Run {
  code: number;
  out: string;
  err: string;
}

/** `llmpath <args>` in this process (fast: no node start-up), output captured. */
export async function cli(args: string[], o: { content: string; dataDir: string; lang?: "en" | "zh" }): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["node", "llmpath", "--lang", o.lang ?? "en", "--content-dir", o.content, "--data-dir", o.dataDir, ...args], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: cleanEnv(),
    isTTY: false,
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** `llmpath <args>` as a child process; resolves with its exit code and output, or kills it after `timeoutMs`. */
export function cliProcess(args: string[], o: { cwd?: string; timeoutMs?: number } = {}): Promise<Run & { ms: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { cwd: o.cwd, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (out += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (err += s));
  const timer = setTimeout(() => child.kill("SIGKILL"), o.timeoutMs ?? 60_000);
  return new Promise((done) => {
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code: code ?? -1, out, err, ms: performance.now() - started });
    });
  });
}
