// The instructor dashboard of one cohort: per learner (progress, hours, active traps, last activity) and per lab
// (pass rate among those who tried, the most common failing test). Four queries per dashboard, then pure aggregation.
import type { Curriculum } from "../../curriculum/index.ts";
import { detectTraps } from "../../learner/traps.ts";
import type { LabAttemptRow, Store } from "../../store/index.ts";
import { toLabAttempt, toModuleStatus, toOverride, toStudySession } from "../../store/rows.ts";
import { cohortLearners } from "./cohorts-repo.ts";

export interface LearnerRow {
  userId: number;
  email: string;
  modulesDone: number;
  modulesTotal: number;
  hours: number;
  labsPassed: number;
  traps: { code: string; severity: string }[];
  lastActive: string | null;
}

export interface LabRow {
  labId: string;
  attempted: number;
  passed: number;
  passRate: number;
  mostCommonFailingTest: { name: string; count: number } | null;
}

const r1 = (x: number) => Math.round(x * 10) / 10;

/** Names of the failing tests of one attempt's stored result (the grader's Exercism-shaped object). */
export function failingTests(result: unknown): string[] {
  const tests = (result as { tests?: unknown } | null)?.tests;
  if (!Array.isArray(tests)) return [];
  return tests.flatMap((t) => (t && typeof t === "object" && (t as { status?: unknown }).status !== "pass" && typeof (t as { name?: unknown }).name === "string" ? [(t as { name: string }).name] : []));
}

/** Per-lab pass rates and the most common failing test (counted once per attempt), from everyone's attempts. */
export function labRows(attemptsByLearner: readonly (readonly Pick<LabAttemptRow, "labId" | "verdict" | "result">[])[]): LabRow[] {
  const labs = new Map<string, { attempted: number; passed: number; fails: Map<string, number> }>();
  for (const attempts of attemptsByLearner) {
    const tried = new Set<string>();
    const passed = new Set<string>();
    for (const a of attempts) {
      const lab = labs.get(a.labId) ?? { attempted: 0, passed: 0, fails: new Map<string, number>() };
      labs.set(a.labId, lab);
      tried.add(a.labId);
      if (a.verdict === "pass") passed.add(a.labId);
      for (const name of new Set(failingTests(a.result))) lab.fails.set(name, (lab.fails.get(name) ?? 0) + 1);
    }
    for (const id of tried) labs.get(id)!.attempted++;
    for (const id of passed) labs.get(id)!.passed++;
  }
  return [...labs]
    .map(([labId, l]) => {
      let top: { name: string; count: number } | null = null;
      for (const [name, count] of l.fails) if (!top || count > top.count || (count === top.count && name < top.name)) top = { name, count };
      return { labId, attempted: l.attempted, passed: l.passed, passRate: l.attempted ? Math.round((l.passed / l.attempted) * 1000) / 1000 : 0, mostCommonFailingTest: top };
    })
    .sort((a, b) => a.labId.localeCompare(b.labId));
}

/** Rows of `list` grouped by learner id (every id present, possibly with no rows), keeping the list's order. */
function byLearner<T>(ids: readonly number[], list: readonly { learnerId: number; row: T }[]): Map<number, T[]> {
  const out = new Map<number, T[]>(ids.map((id) => [id, []]));
  for (const x of list) out.get(x.learnerId)?.push(x.row);
  return out;
}

/**
 * Everything the dashboard reads of a cohort's learners, in four queries whatever the cohort's size (one per table,
 * `learner_id in (…)`), ordered per learner as the store's own list methods order them.
 */
export async function cohortRecords(store: Store, ids: readonly number[]) {
  const db = store.db;
  const none = ids.length === 0; // `in ()` is not SQL
  const [statuses, overrides, sessions, attempts] = await Promise.all([
    none ? [] : db.selectFrom("module_status").selectAll().where("learner_id", "in", ids).orderBy("learner_id").orderBy("module_id").execute(),
    none ? [] : db.selectFrom("prerequisite_overrides").selectAll().where("learner_id", "in", ids).orderBy("learner_id").orderBy("id").execute(),
    none ? [] : db.selectFrom("study_sessions").selectAll().where("learner_id", "in", ids).orderBy("learner_id").orderBy("started_at").orderBy("id").execute(),
    none ? [] : db.selectFrom("lab_attempts").selectAll().where("learner_id", "in", ids).orderBy("learner_id").orderBy("id").execute(),
  ]);
  return {
    statuses: byLearner(ids, statuses.map((r) => ({ learnerId: r.learner_id, row: toModuleStatus(r) }))),
    overrides: byLearner(ids, overrides.map((r) => ({ learnerId: r.learner_id, row: toOverride(r) }))),
    sessions: byLearner(ids, sessions.map((r) => ({ learnerId: r.learner_id, row: toStudySession(r) }))),
    attempts: byLearner(ids, attempts.map((r) => ({ learnerId: r.learner_id, row: toLabAttempt(r) }))),
  };
}

export async function cohortDashboard(store: Store, curriculum: Curriculum, cohortId: number, now: Date): Promise<{ learners: LearnerRow[]; labs: LabRow[] }> {
  const members = await cohortLearners(store, cohortId);
  const modulesTotal = curriculum.modules.size;
  const rec = await cohortRecords(store, members.map((m) => m.learnerId));
  const perLearner = members.map((m) => {
    const statuses = rec.statuses.get(m.learnerId) ?? [];
    const overrides = rec.overrides.get(m.learnerId) ?? [];
    const sessions = rec.sessions.get(m.learnerId) ?? [];
    const attempts = rec.attempts.get(m.learnerId) ?? [];
    const traps = detectTraps({ now, curriculum, statuses, overrides, sessions, labAttempts: attempts });
    const stamps = [...sessions.map((s) => s.startedAt.getTime()), ...attempts.map((a) => a.createdAt.getTime())];
    const row: LearnerRow = {
      userId: m.userId,
      email: m.email,
      modulesDone: statuses.filter((s) => s.status === "done").length,
      modulesTotal,
      hours: r1(sessions.reduce((t, s) => t + s.minutes, 0) / 60),
      labsPassed: new Set(attempts.filter((a) => a.verdict === "pass").map((a) => a.labId)).size,
      traps: traps.map((t) => ({ code: t.code, severity: t.severity })),
      lastActive: stamps.length ? new Date(Math.max(...stamps)).toISOString() : null,
    };
    return { row, attempts };
  });
  return { learners: perLearner.map((p) => p.row), labs: labRows(perLearner.map((p) => p.attempts)) };
}
