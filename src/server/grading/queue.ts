// The grading queue on pg-boss: the web process records a job and sends its id; `llmpath worker` processes take it.
// Everything lives in PostgreSQL, so any web process can answer "where is my verdict?" for any job.
import { randomUUID } from "node:crypto";
import PgBoss from "pg-boss";
import type { Store } from "../../store/index.ts";
import { authDb } from "../auth/db.ts";
import type { GradingJobView, GradingQueue } from "../auth/grading-queue-type.ts";

export const QUEUE = "llmpath-grade";
/** A whole number of seconds from the environment (operators and the failure tests tune the queue with these). */
function envSeconds(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v >= 1 ? v : fallback;
}

/** A job whose worker died is offered again after this long (plus up to one maintenance interval), up to RETRY_LIMIT times. */
export const EXPIRE_SECONDS = envSeconds("LLMPATH_GRADE_EXPIRE_SECONDS", 120);
/** How often pg-boss looks for expired jobs (its default is 120 s). */
export const MAINTENANCE_SECONDS = envSeconds("LLMPATH_QUEUE_MAINTENANCE_SECONDS", 120);
export const RETRY_LIMIT = 3;

export interface QueueOptions {
  /** pg-boss's own schema (default: $LLMPATH_QUEUE_SCHEMA or "pgboss"); tests use one per suite. */
  bossSchema?: string;
}

export async function startBoss(databaseUrl: string, opts: QueueOptions = {}): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: opts.bossSchema ?? (process.env.LLMPATH_QUEUE_SCHEMA || "pgboss"), max: 4, maintenanceIntervalSeconds: MAINTENANCE_SECONDS });
  boss.on("error", (e: Error) => console.error(`grading queue: ${e.message}`));
  await boss.start();
  await boss.createQueue(QUEUE, { name: QUEUE, retryLimit: RETRY_LIMIT, expireInSeconds: EXPIRE_SECONDS });
  return boss;
}

export async function jobView(store: Store, learnerId: number, id: string): Promise<GradingJobView | null> {
  const row = await authDb(store)
    .selectFrom("grading_jobs as j")
    .leftJoin("lab_attempts as a", "a.id", "j.attempt_id")
    .select(["j.id", "j.lab_id", "j.state", "j.attempt_id", "a.verdict", "a.result"])
    .where("j.id", "=", id)
    .where("j.learner_id", "=", learnerId)
    .executeTakeFirst();
  if (!row) return null;
  return { id: row.id, labId: row.lab_id, state: row.state, attemptId: row.attempt_id, verdict: row.verdict ?? null, result: row.result ?? null };
}

export async function openGradingQueue(store: Store, databaseUrl: string, opts: QueueOptions = {}): Promise<GradingQueue & { stop(): Promise<void> }> {
  const boss = await startBoss(databaseUrl, opts);
  return {
    async enqueue(learnerId, labId, code) {
      const id = randomUUID();
      await authDb(store).insertInto("grading_jobs").values({ id, learner_id: learnerId, lab_id: labId, code }).execute();
      await boss.send(QUEUE, { jobId: id }, { retryLimit: RETRY_LIMIT, expireInSeconds: EXPIRE_SECONDS });
      return id;
    },
    get: (learnerId, id) => jobView(store, learnerId, id),
    stop: () => boss.stop({ graceful: true, wait: true }),
  };
}
