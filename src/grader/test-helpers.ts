// Helpers for the grader's own tests: temporary workspaces and labs written from strings.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "./paths.ts";

export const vectorLab = path.join(repoRoot, "test", "fixtures", "labs", "vector-math");

/** A temporary folder holding the given files; call `cleanup()` when done. */
export function tempDir(files: Record<string, string>): { dir: string; file: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "llmpath-grader-test-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return { dir, file: (name) => path.join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** 1-based line number of the first line of `source` containing `needle`. */
export function lineOf(source: string, needle: string): number {
  const index = source.split("\n").findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`lineOf: "${needle}" not found`);
  return index + 1;
}
