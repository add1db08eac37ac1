// `llmpath report [--week]`: hours vs target, modules moved, labs passed, active traps with their numbers,
// reviews due, the plan's verdict, and the next three steps.
import type { Command } from "commander";
import { placementModules } from "../../learner/placement.ts";
import { DEFAULT_HOURS_PER_WEEK, resolvePlanSettings } from "../../learner/plan-settings.ts";
import { makePlan } from "../../learner/planner.ts";
import { REPORT_DAYS, type Report, WEEK_DAYS, makeReport } from "../../learner/report.ts";
import { slippage } from "../../learner/slippage.ts";
import type { TrapFinding } from "../../learner/traps.ts";
import type { CliContext } from "../context.ts";
import { dueSummary, list, loadLearnerRows, loadPlanRecord, localised, minutesByModule, now, today, trapInput } from "./_learner.ts";

function trapLines(c: CliContext, f: TrapFinding): string[] {
  const e = f.evidence;
  const n = (k: string) => (typeof e[k] === "number" ? (e[k] as number) : 0);
  const l = (k: string) => (Array.isArray(e[k]) ? (e[k] as string[]) : []);
  const evidence =
    f.code === "framework_first"
      ? c.t("trap.framework_first.evidence", { count: l("stage1Unfinished").length, total: n("stage1Total"), modules: list(c, l("stage1Unfinished")), hours: n("advancedHours"), advanced: list(c, l("advancedModules")), overrides: n("overrides") })
      : f.code === "theory_only"
        ? c.t("trap.theory_only.evidence", { days: n("windowDays"), reading: n("readingHours"), practice: n("practiceHours"), passed: n("labsPassedInWindow"), ever: n("labsRunEver") })
        : c.t("trap.fragmented.evidence", { days: n("windowDays"), sessions: n("sessions"), short: n("shortSessions"), median: n("medianMinutes"), modules: l("modules").length, switches: n("switches"), completed: n("completed") });
  return [c.t("trap.line", { title: c.t(`trap.${f.code}.title`), severity: c.t(`severity.${f.severity}`) }), `   ${evidence}`, `   → ${c.t(f.advice.key, f.advice.params)}`];
}

function print(c: CliContext, r: Report): void {
  c.out(c.t("report.header", { from: r.period.from.slice(0, 10), to: r.period.to.slice(0, 10), days: r.period.days }));
  c.out(c.t("report.hours", { logged: r.hours.logged, target: r.hours.target, ...r.hours.byKind }));
  c.out(c.t("report.modules", { started: list(c, r.modules.started), finished: list(c, r.modules.finished), credited: list(c, r.modules.credited) }));
  c.out(c.t("report.labs", { passed: list(c, r.labs.passed), attempts: r.labs.attempts }));
  if (!r.traps.length) c.out(c.t("report.noTraps"));
  else {
    c.out(c.t("report.trapsHeader"));
    for (const f of r.traps) for (const line of trapLines(c, f)) c.out(line);
  }
  c.out(c.t("report.reviews", { due: r.reviews.due, fresh: r.reviews.newCards }));
  if (!r.plan) c.out(c.t("report.noPlan"));
  else {
    const verdict = r.plan.feasible ? c.t("report.planFits", { end: r.plan.endDate ?? "—" }) : c.t("report.planLate", { deadline: r.plan.deadline, end: r.plan.endDate ?? "—" });
    c.out(c.t("report.plan", { hours: r.plan.hoursNeeded, verdict }));
  }
  c.out(c.t("report.next"));
  for (const [i, s] of r.next.entries()) c.out(`  ${i + 1}. ${c.t(s.key, s.params)}`);
}

export function register(program: Command, ctx: () => CliContext): void {
  program
    .command("report")
    .description("your progress: hours vs target, modules, labs, traps, reviews, next three steps")
    .option("--week", "only the last 7 days (default: the last 4 weeks)")
    .option("--json", "print JSON")
    .action(
      localised(ctx, async (c, opts: { week?: boolean; json?: boolean }) => {
        const at = now(c);
        const td = today(c);
        const cur = c.curriculum();
        const rows = await loadLearnerRows(c);
        const base = trapInput(c, rows, at);
        const facts = rows.statuses.map((s) => ({ moduleId: s.moduleId, status: s.status, origin: s.origin }));
        const record = await loadPlanRecord(c);
        let plan: Parameters<typeof makeReport>[0]["plan"];
        if (record) {
          try {
            const settings = resolvePlanSettings({}, record.settings, td);
            const p = makePlan({ curriculum: cur, facts, loggedMinutes: minutesByModule(rows.sessions), settings, today: td });
            plan = { feasible: p.feasible, hoursNeeded: p.hoursNeeded, endDate: p.endDate, deadline: settings.deadline, slippage: slippage(record.baseline, td, p.hoursNeeded) };
          } catch {
            plan = undefined; // e.g. the stored deadline has passed: `llmpath plan` explains; the report still runs
          }
        }
        const due = await dueSummary(c, at, facts);
        const report = makeReport({
          ...base,
          statuses: rows.statuses.map((s) => ({ moduleId: s.moduleId, status: s.status, origin: s.origin, doneAt: s.doneAt, startedAt: s.startedAt })),
          days: opts.week ? WEEK_DAYS : REPORT_DAYS,
          hoursPerWeek: record?.settings.hoursPerWeek ?? DEFAULT_HOURS_PER_WEEK,
          planned: record !== undefined,
          plan,
          reviews: { due: due.due.length, newCards: due.newCards, nextDue: due.nextDue },
          placementOpen: placementModules(cur, facts).filter((m) => !m.finished).map((m) => m.id),
        });
        if (opts.json) return c.json(report);
        print(c, report);
      }),
    );
}
