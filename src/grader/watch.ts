// WatchGrader: repeated re-grades of one lab for `llmpath watch` — warm esbuild context, pre-started node.
import type { GradeOptions, GradeResult } from "./result.ts";
import { GradeSession } from "./session.ts";

export class WatchGrader {
  private readonly session: GradeSession;

  constructor(options: GradeOptions) {
    this.session = new GradeSession({ ...options, incremental: true });
  }

  /** Grades the file as it is on disk now; concurrent calls run one after another. */
  grade(): Promise<GradeResult> {
    return this.session.grade();
  }

  /** Frees the esbuild context, the waiting process and temporary files. Call when leaving watch mode. */
  dispose(): Promise<void> {
    return this.session.dispose();
  }
}
