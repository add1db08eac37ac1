// `llmpath plan`: a week-by-week plan against the learner's real hours, its feasibility with numbers, options when
// it does not fit, re-planning from today after slippage, and export of the study blocks to iCalendar.
import { renameSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { daysBetween } from "../../learner/dates.ts";
import { LearnerError } from "../../learner/errors.ts";
import { planToIcs } from "../../learner/plan-ics.ts";
import type { PlanRecord } from "../../learner/plan-record.ts";
import { MAX_HOURS_PER_WEEK, type PlanSettings, checkPlanInput, resolvePlanSettings } from "../../learner/plan-settings.ts";
import { type Plan, makePlan } from "../../learner/planner.ts";
import { slippage } from "../../learner/slippage.ts";
import { PLAN_KEY } from "../../store/learner-repo.ts";
import type { CliContext } from "../context.ts";
import { loadPlanRecord, localised, minutesByModule, now, today } from "./_learner.ts";

interface PlanOptions {
  hours?: string;
  deadline?: string;
  start?: string;
  days?: string;
  time?: string;
  scope?: string;
  defer?: string;
  undefer?: string;
  ics?: string;
  weeks?: string;
  json?: boolean;
}

const CHANGING: (keyof PlanOptions)[] = ["hours", "deadline", "start", "days", "time", "scope", "defer", "undefer"];
const ids = (s?: string) => (s ?? "").split(",").map((x) => x.trim()).filter(Boolean);

function deferredList(c: CliContext, stored: readonly string[], opts: PlanOptions): string[] {
  const cur = c.curriculum();
  const out = new Set(stored);
  for (const id of ids(opts.defer)) {
    const m = cur.modules.get(id);
    if (!m) throw new LearnerError("plan.unknownDefer", { id });
    if (!m.optional) {
      const optional = [...cur.modules.values()].filter((x) => x.optional).map((x) => x.id);
      throw new LearnerError("plan.notOptional", { id, optional: optional.join(", ") || "—" });
    }
    out.add(id);
  }
  for (const id of ids(opts.undefer)) out.delete(id);
  return [...out];
}

function writeIcs(c: CliContext, plan: Plan, file: string): number {
  const cur = c.curriculum();
  const title = (id: string) => cur.modules.get(id)?.title[c.lang] ?? id;
  const text = planToIcs(plan, {
    title: (id) => c.t("plan.ics.title", { title: title(id), id }),
    description: (id, week) => c.t("plan.ics.description", { title: title(id), id, week }),
    calendarName: c.t("plan.ics.calendar"),
  });
  const path = resolve(file);
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    throw new LearnerError("plan.icsWrite", { file: path, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
  }
  return plan.weeks.reduce((a, w) => a + w.blocks.length, 0);
}

function printPlan(c: CliContext, plan: Plan, s: PlanSettings, extra: { slip?: ReturnType<typeof slippage>; since?: string; weeks: number }): void {
  const dayNames = s.days.map((d) => c.t(`day.${d}`)).join(c.lang === "zh" ? "、" : ", ");
  const scope = s.scope === "core" ? c.t("plan.scope.core", { stages: plan.targetStages.join(", ") }) : c.t("plan.scope.all");
  c.out(c.t("plan.header", { scope, deadline: s.deadline, hours: s.hoursPerWeek, days: dayNames, time: s.startTime }));
  if (extra.slip && extra.since) {
    const p = { behind: extra.slip.behindHours, since: extra.since, done: extra.slip.doneHours, expected: extra.slip.expectedHours };
    if (extra.slip.slipped) c.out(c.t("plan.slipped", p));
    else if (extra.slip.daysElapsed > 0) c.out(c.t("plan.ahead", p));
  }
  if (!plan.endDate) {
    c.out(c.t("plan.nothingLeft"));
  } else {
    c.out(c.t("plan.needed", { hours: plan.hoursNeeded, weeks: plan.weeksNeeded, pace: s.hoursPerWeek, available: plan.hoursAvailable, weeksAvailable: plan.weeksAvailable }));
    if (plan.feasible) c.out(c.t("plan.feasible", { end: plan.endDate }));
    else c.out(c.t("plan.infeasible", { end: plan.endDate, late: daysBetween(s.deadline, plan.endDate) }));
  }
  const o = plan.options;
  if (o) {
    c.out(c.t("plan.options"));
    c.out(o.hoursPerWeekNeeded === null ? c.t("plan.option.noPace", { max: MAX_HOURS_PER_WEEK, deadline: s.deadline }) : c.t("plan.option.hours", { hours: o.hoursPerWeekNeeded, deadline: s.deadline }));
    c.out(c.t("plan.option.deadline", { pace: s.hoursPerWeek, end: o.endDateAtThisPace }));
    if (o.ifDeferred) {
      const verdict = o.ifDeferred.feasible ? c.t("plan.option.deferFits") : c.t("plan.option.deferStillLate", { end: o.ifDeferred.endDate ?? "" });
      const list = o.deferrable.map((d) => `${d.id} (${d.hours} h)`).join(", ");
      c.out(c.t("plan.option.defer", { list, hours: o.ifDeferred.hoursNeeded, weeks: o.ifDeferred.weeksNeeded, verdict, ids: o.deferrable.map((d) => d.id).join(",") }));
    }
  }
  if (plan.credited.length) c.out(c.t("plan.credited", { list: plan.credited.join(", ") }));
  if (plan.deferred.length) c.out(c.t("plan.deferred", { list: plan.deferred.join(", ") }));
  for (const w of plan.weeks.slice(0, extra.weeks)) {
    const byModule = new Map<string, number>();
    for (const b of w.blocks) byModule.set(b.moduleId, (byModule.get(b.moduleId) ?? 0) + b.minutes);
    const modules = [...byModule].map(([id, m]) => `${id} ${Math.round((m / 60) * 10) / 10} h`).join(", ");
    c.out(c.t("plan.weekLine", { week: w.week, start: w.start, end: w.end, modules }));
  }
  if (plan.weeks.length > extra.weeks) c.out(c.t("plan.more", { count: plan.weeks.length - extra.weeks }));
  if (plan.total.endDate && (s.scope === "core" || plan.total.hoursNeeded !== plan.hoursNeeded))
    c.out(c.t("plan.total", { hours: plan.total.hoursNeeded, weeks: plan.total.weeksNeeded, end: plan.total.endDate }));
}

export function register(program: Command, ctx: () => CliContext): void {
  program
    .command("plan")
    .description("a week-by-week plan against your real hours, and whether it meets your deadline")
    .option("--hours <n>", "study hours per week (default 20)")
    .option("--deadline <date>", "YYYY-MM-DD (default: 6 months after the plan's start)")
    .option("--start <date>", "YYYY-MM-DD the plan starts (default today)")
    .option("--days <list>", "study days, e.g. mon,tue,wed,thu,fri (default)")
    .option("--time <HH:MM>", "when each day's block starts (default 19:00)")
    .option("--scope <scope>", "core (the first three stages, default) or all")
    .option("--defer <ids>", "postpone optional modules (comma-separated)")
    .option("--undefer <ids>", "bring deferred modules back")
    .option("--ics <file>", "also write the study blocks to an iCalendar file")
    .option("--weeks <n>", "how many weeks to print (default 4)")
    .option("--json", "print JSON")
    .action(
      localised(ctx, async (c, opts: PlanOptions) => {
        const at = now(c);
        const td = today(c);
        checkPlanInput({ hoursPerWeek: opts.hours, deadline: opts.deadline, start: opts.start, days: opts.days, startTime: opts.time, scope: opts.scope }, td);
        const record = await loadPlanRecord(c);
        const changed = !record || CHANGING.some((k) => opts[k] !== undefined);
        const settings = resolvePlanSettings(
          { hoursPerWeek: opts.hours, deadline: opts.deadline, start: opts.start, days: opts.days, startTime: opts.time, scope: opts.scope, deferred: deferredList(c, record?.settings.deferred ?? [], opts) },
          record?.settings,
          td,
        );
        const store = await c.store();
        const learnerId = await c.learnerId();
        const [statuses, sessions] = await Promise.all([store.listModuleStatus(learnerId), store.listStudySessions(learnerId)]);
        const facts = statuses.map((r) => ({ moduleId: r.moduleId, status: r.status, origin: r.origin }));
        const plan = makePlan({ curriculum: c.curriculum(), facts, loggedMinutes: minutesByModule(sessions), settings, today: td });
        const slip = record ? slippage(record.baseline, td, plan.hoursNeeded) : undefined;
        const weeks = opts.weeks === undefined ? 4 : Number(opts.weeks);
        const events = opts.ics ? writeIcs(c, plan, opts.ics) : undefined; // before saving: a failed export changes nothing
        if (changed) {
          const next: PlanRecord = { settings, baseline: { madeOn: td, hoursPerWeek: settings.hoursPerWeek, hoursNeeded: plan.hoursNeeded } };
          await store.setSetting(learnerId, PLAN_KEY, next);
        }
        if (opts.json) return c.json({ ...plan, slippage: slip ?? null, saved: changed, ics: opts.ics ? { file: resolve(opts.ics), events } : null, generatedAt: at.toISOString() });
        printPlan(c, plan, settings, { slip, since: record?.baseline.madeOn, weeks: Number.isInteger(weeks) && weeks >= 0 ? weeks : 4 });
        if (events !== undefined) c.out(c.t("plan.icsWritten", { events, file: resolve(opts.ics!) }));
        else if (changed) c.out(c.t("plan.saved"));
      }),
    );
}
