// A grading worker: takes jobs from the pg-boss queue, grades them in the isolated-vm sandbox with the lab's limits,
// and stores the attempt. Storing is guarded by the job's state in one transaction, so a job re-run after its
// worker died (pg-boss retries expired jobs) is stored exactly once.
import { sql } from "kysely";
import { codeHash } from "../../cli/labs/attempt.ts";
import type { Curriculum } from "../../curriculum/index.ts";
import type { GradeResult } from "../../grader/result.ts";
import type { SandboxOptions } from "../../grader/sandbox.ts";
import type { Store } from "../../store/index.ts";
import { jsonb } from "../../store/json.ts";
import { authDb } from "../auth/db.ts";
import { QUEUE, type QueueOptions, startBoss } from "./queue.ts";

export type Grader = (opts: SandboxOptions) => Promise<GradeResult>;

const defaultGrader: Grader = async (opts) => (await import("../../grader/sandbox.ts")).gradeInSandbox(opts);

/** Grades one job and stores its attempt; "already" when another run of the job has stored it. */
export async function gradeJob(store: Store, curriculum: Curriculum, jobId: string, grade: Grader = defaultGrader): Promise<"graded" | "already" | "missing"> {
  const db = authDb(store);
  const job = await db
    .updateTable("grading_jobs")
    .set({ state: "running", runs: sql`runs + 1` })
    .where("id", "=", jobId)
    .where("state", "in", ["queued", "running"])
    .returning(["id", "learner_id", "lab_id", "code"])
    .executeTakeFirst();
  if (!job) return (await db.selectFrom("grading_jobs").select("id").where("id", "=", jobId).executeTakeFirst()) ? "already" : "missing";
  const lab = curriculum.labs.get(job.lab_id);
  const result: GradeResult = lab
    ? await grade({ labDir: lab.dir, code: job.code, timeLimitMs: lab.limits.time_ms, memoryLimitMb: lab.limits.memory_mb })
    : { status: "error", verdict: "error", message: `unknown lab "${job.lab_id}" (the worker's curriculum differs from the web server's?)`, tests: [], durationMs: 0 };
  return await db.transaction().execute(async (tx) => {
    // the row lock taken here makes concurrent runs of the same job store one attempt between them
    const claimed = await tx.updateTable("grading_jobs").set({ state: "done", finished_at: new Date() }).where("id", "=", jobId).where("state", "!=", "done").returning("id").executeTakeFirst();
    if (!claimed) return "already";
    const attempt = await tx
      .insertInto("lab_attempts")
      .values({ learner_id: job.learner_id, lab_id: job.lab_id, code_hash: codeHash(job.code), verdict: result.verdict, duration_ms: Math.max(0, Math.round(result.durationMs)), result: jsonb(result, "grading job result") })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx.updateTable("grading_jobs").set({ attempt_id: attempt.id }).where("id", "=", jobId).execute();
    return "graded";
  });
}

export interface WorkerOptions extends QueueOptions {
  store: Store;
  curriculum: Curriculum;
  databaseUrl: string;
  /** Jobs graded at the same time by this process (default 1; each runs in its own isolate thread). */
  concurrency?: number;
  grade?: Grader;
  onGraded?: (jobId: string, outcome: string) => void;
}

export async function startGradingWorker(o: WorkerOptions): Promise<{ stop(): Promise<void> }> {
  const boss = await startBoss(o.databaseUrl, o);
  for (let i = 0; i < Math.max(1, o.concurrency ?? 1); i++) {
    await boss.work<{ jobId: string }>(QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
      if (!job) return;
      const outcome = await gradeJob(o.store, o.curriculum, job.data.jobId, o.grade);
      o.onGraded?.(job.data.jobId, outcome);
    });
  }
  return { stop: () => boss.stop({ graceful: true, wait: true }) };
}
