// Timing of `llmpath verify` end to end (node start-up, CLI, store, grading) for bench/grader.ts.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadCurriculum } from "../../curriculum/index.ts";
import { scaffoldWorkspace } from "./scaffold.ts";
import { learnerFile } from "./workspace.ts";

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "bin", "llmpath.js");

export interface VerifyTiming {
  lab: string;
  /** Wall time of each `llmpath verify <lab>`, spawn to exit, ms (after one untimed warm-up run). */
  samples: number[];
}

/**
 * Makes a workspace with each lab's reference solution in place, then runs `llmpath verify <lab>` `runs` times per lab
 * in fresh processes against a private data directory. Throws if a run does not pass.
 */
export function benchVerify(labIds: readonly string[], runs: number, contentDir?: string): VerifyTiming[] {
  const c = loadCurriculum(contentDir);
  const tmp = mkdtempSync(path.join(os.tmpdir(), "llmpath-bench-verify-"));
  try {
    const ws = path.join(tmp, "ws");
    const labs = labIds.map((id) => {
      const lab = c.labs.get(id);
      if (!lab) throw new Error(`benchVerify: unknown lab ${id}`);
      return lab;
    });
    scaffoldWorkspace(ws, labs);
    for (const lab of labs) writeFileSync(learnerFile(ws, lab), readFileSync(path.join(lab.dir, "solution.ts")));
    const args = (id: string) => [BIN, "verify", id, "--workspace", ws, "--data-dir", path.join(tmp, "data"), "--lang", "en", ...(contentDir ? ["--content-dir", contentDir] : [])];
    const once = (id: string): number => {
      const started = performance.now();
      const r = spawnSync(process.execPath, args(id), { encoding: "utf8", env: { ...process.env, DATABASE_URL: "" } });
      const ms = performance.now() - started;
      if (r.status !== 0) throw new Error(`llmpath verify ${id} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
      return ms;
    };
    once(labs[0]!.id); // creates the database (seconds, once per data directory)
    return labs.map((lab) => ({ lab: lab.id, samples: Array.from({ length: runs }, () => once(lab.id)) }));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
