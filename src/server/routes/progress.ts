// Progress API: hours per week against the target, cumulative hours by stage, labs passed over time, active traps.
import type { Hono } from "hono";
import { t as translate } from "../../i18n/index.ts";
import { localDate } from "../../learner/dates.ts";
import { detectTraps } from "../../learner/traps.ts";
import { type AppDeps, nowOf } from "../deps.ts";
import "../messages.ts";
import { currentPlan } from "./plan.ts";

const DAY = 86_400_000;
const r1 = (x: number) => Math.round(x * 10) / 10;

/** Monday (UTC date) of the week holding `d`. */
export function weekStart(d: Date): string {
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day)).toISOString().slice(0, 10);
}

export interface ProgressSeries {
  weeks: { start: string; hours: number }[];
  targetHoursPerWeek: number;
  stages: { id: string; points: { date: string; hours: number }[] }[];
  labsPassed: { date: string; count: number; lab: string }[];
}

/** Builds the chart series from raw rows (pure). `weeks` ends with the week of `now`. */
export function progressSeries(
  sessions: readonly { moduleId: string | null; minutes: number; startedAt: Date }[],
  attempts: readonly { labId: string; verdict: string; createdAt: Date }[],
  stageOf: (moduleId: string) => string | undefined,
  stageIds: readonly string[],
  now: Date,
  target: number,
  weeks = 12,
): ProgressSeries {
  const thisWeek = Date.parse(weekStart(now));
  const byWeek = new Map<string, number>();
  for (let i = weeks - 1; i >= 0; i--) byWeek.set(new Date(thisWeek - i * 7 * DAY).toISOString().slice(0, 10), 0);
  for (const s of sessions) {
    const w = weekStart(s.startedAt);
    if (byWeek.has(w)) byWeek.set(w, byWeek.get(w)! + s.minutes / 60);
  }
  const sorted = [...sessions].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  const stages = stageIds.map((id) => {
    let total = 0;
    const points: { date: string; hours: number }[] = [];
    for (const s of sorted) {
      if (!s.moduleId || stageOf(s.moduleId) !== id) continue;
      total += s.minutes / 60;
      points.push({ date: s.startedAt.toISOString().slice(0, 10), hours: r1(total) });
    }
    return { id, points };
  });
  const firstPass = new Map<string, Date>();
  for (const a of [...attempts].sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime())) if (a.verdict === "pass" && !firstPass.has(a.labId)) firstPass.set(a.labId, a.createdAt);
  const labsPassed = [...firstPass].map(([lab, at], i) => ({ date: at.toISOString(), count: i + 1, lab }));
  return { weeks: [...byWeek].map(([start, hours]) => ({ start, hours: r1(hours) })), targetHoursPerWeek: target, stages, labsPassed };
}

export function progressRoutes(app: Hono, deps: AppDeps): void {
  app.get("/api/progress", async (c) => {
    const now = nowOf(deps);
    const { store, learnerId, curriculum } = deps;
    const [statuses, overrides, sessions, attempts] = await Promise.all([store.listModuleStatus(learnerId), store.listOverrides(learnerId), store.listStudySessions(learnerId), store.listLabAttempts(learnerId)]);
    const { plan } = await currentPlan(deps);
    const series = progressSeries(sessions, attempts, (id) => curriculum.modules.get(id)?.stage, curriculum.stages.map((s) => s.id), now, plan.settings.hoursPerWeek);
    const traps = detectTraps({
      now,
      curriculum,
      statuses: statuses.map((s) => ({ moduleId: s.moduleId, status: s.status, origin: s.origin, doneAt: s.doneAt })),
      overrides: overrides.map((o) => ({ moduleId: o.moduleId, createdAt: o.createdAt })),
      sessions: sessions.map((s) => ({ moduleId: s.moduleId, kind: s.kind, minutes: s.minutes, startedAt: s.startedAt })),
      labAttempts: attempts.map((a) => ({ labId: a.labId, verdict: a.verdict, createdAt: a.createdAt })),
    });
    const words = (key: string, params: Record<string, string | number>) => ({ en: translate("en", key, params), zh: translate("zh", key, params) });
    const flat = (e: Record<string, number | string | string[]>) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]));
    return c.json({
      today: localDate(now),
      ...series,
      stageTitles: Object.fromEntries(curriculum.stages.map((s) => [s.id, s.title])),
      traps: traps.map((f) => ({
        code: f.code,
        severity: f.severity,
        evidence: f.evidence,
        title: words(`trap.${f.code}.title`, {}),
        evidenceText: words(`trap.${f.code}.evidence`, flat(f.evidence)),
        advice: words(f.advice.key, f.advice.params),
      })),
    });
  });
}
