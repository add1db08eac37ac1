// Experiment runs and their metrics in the store (migration 3): record a run with its series, list them back.
import type { Generated, Kysely } from "kysely";
import { jsonb } from "../store/json.ts";
import type { Store } from "../store/index.ts";
import type { Database } from "../store/schema.ts";

type Tables = {
  experiment_runs: { id: Generated<number>; learner_id: number; name: string; config: unknown; created_at: Generated<Date> };
  experiment_metrics: { run_id: number; step: number; name: string; value: number };
};
const db = (store: Store): Kysely<Database & Tables> => store.db.withTables<Tables>();

export interface RunInput {
  name: string;
  config: Record<string, unknown>;
  /** metric name → points; steps are whole numbers ≥ 0, values finite. */
  metrics: Record<string, { step: number; value: number }[]>;
}
export interface RunRow extends RunInput {
  id: number;
  createdAt: Date;
}

/** Checks a run posted by the tracker; returns what is wrong, or null. */
export function runProblem(v: unknown): string | null {
  if (typeof v !== "object" || v === null) return "body must be an object {name, config?, metrics}";
  const r = v as Partial<RunInput>;
  if (typeof r.name !== "string" || r.name.trim() === "" || r.name.length > 200) return "name must be a non-empty string of at most 200 characters";
  if (r.config !== undefined && (typeof r.config !== "object" || r.config === null || Array.isArray(r.config))) return "config must be an object";
  if (typeof r.metrics !== "object" || r.metrics === null) return "metrics must be an object {name: [{step, value}]}";
  for (const [name, points] of Object.entries(r.metrics)) {
    if (!/^[\w.:/-]{1,64}$/.test(name)) return `metric name "${name}" must be 1-64 letters, digits or . _ : / -`;
    if (!Array.isArray(points)) return `metrics.${name} must be an array of {step, value}`;
    const seen = new Set<number>();
    for (const [i, p] of points.entries()) {
      if (!Number.isInteger(p?.step) || p.step < 0) return `metrics.${name}[${i}].step must be a whole number ≥ 0`;
      if (typeof p.value !== "number" || !Number.isFinite(p.value)) return `metrics.${name}[${i}].value must be a finite number`;
      if (seen.has(p.step)) return `metrics.${name} has step ${p.step} twice`;
      seen.add(p.step);
    }
  }
  return null;
}

export async function addRun(store: Store, learnerId: number, run: RunInput): Promise<number> {
  return db(store)
    .transaction()
    .execute(async (tx) => {
      const { id } = await tx.insertInto("experiment_runs").values({ learner_id: learnerId, name: run.name.trim(), config: jsonb(run.config, "run config") }).returning("id").executeTakeFirstOrThrow();
      const rows = Object.entries(run.metrics).flatMap(([name, points]) => points.map((p) => ({ run_id: id, step: p.step, name, value: p.value })));
      for (let i = 0; i < rows.length; i += 1000) await tx.insertInto("experiment_metrics").values(rows.slice(i, i + 1000)).execute();
      return id;
    });
}

export async function listRuns(store: Store, learnerId: number): Promise<RunRow[]> {
  const runs = await db(store).selectFrom("experiment_runs").selectAll().where("learner_id", "=", learnerId).orderBy("id").execute();
  if (!runs.length) return [];
  const points = await db(store).selectFrom("experiment_metrics").selectAll().where("run_id", "in", runs.map((r) => r.id)).orderBy("step").execute();
  return runs.map((r) => {
    const metrics: RunInput["metrics"] = {};
    for (const p of points) if (p.run_id === r.id) (metrics[p.name] ??= []).push({ step: p.step, value: Number(p.value) });
    return { id: r.id, name: r.name, config: r.config as Record<string, unknown>, metrics, createdAt: r.created_at };
  });
}
