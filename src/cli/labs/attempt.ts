// Grades a workspace file against a lab's own tests and records the attempt (code hash, verdict, duration, result).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { LabEntry } from "../../curriculum/index.ts";
import { type GradeOptions, type GradeResult, grade } from "../../grader/index.ts";
import type { Store } from "../../store/index.ts";

export function codeHash(source: string | Buffer): string {
  return createHash("sha256").update(source).digest("hex");
}

/** Reads the file's hash now (what was graded is what was on disk when grading started). */
export function hashFile(file: string): string {
  try {
    return codeHash(readFileSync(file));
  } catch {
    return codeHash("");
  }
}

/** Grader options for one lab: its own test files, its time and memory limits. */
export function gradeOptions(lab: LabEntry, file: string): GradeOptions {
  return { labDir: lab.dir, learnerFile: file, timeLimitMs: lab.limits.time_ms, memoryLimitMb: lab.limits.memory_mb };
}

export async function gradeFile(lab: LabEntry, file: string): Promise<{ result: GradeResult; codeHash: string }> {
  const hash = hashFile(file);
  const result = await grade(gradeOptions(lab, file));
  return { result, codeHash: hash };
}

export async function recordAttempt(store: Store, learnerId: number, labId: string, hash: string, result: GradeResult): Promise<number> {
  const row = await store.addLabAttempt({ learnerId, labId, codeHash: hash, verdict: result.verdict, durationMs: result.durationMs, result });
  return row.id;
}
