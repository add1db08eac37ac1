// grade(): compile a learner's file with a lab's own tests, run them in a child process, return the results.
import type { GradeOptions, GradeResult } from "./result.ts";
import { GradeSession } from "./session.ts";

/**
 * Grades `learnerFile` against the lab's own test files (never a workspace copy). Always resolves:
 * learner mistakes (syntax errors, exceptions, endless loops, memory bombs) become verdicts, not exceptions.
 */
export async function grade(options: GradeOptions): Promise<GradeResult> {
  const session = new GradeSession({ ...options, incremental: false });
  try {
    return await session.grade();
  } finally {
    await session.dispose();
  }
}
