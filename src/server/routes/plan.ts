// Plan API: the week-by-week plan with feasibility numbers and options, and its iCalendar export.
import type { Hono } from "hono";
import { t as translate } from "../../i18n/index.ts";
import { localDate } from "../../learner/dates.ts";
import { planToIcs } from "../../learner/plan-ics.ts";
import { resolvePlanSettings } from "../../learner/plan-settings.ts";
import { makePlan, type Plan } from "../../learner/planner.ts";
import { slippage } from "../../learner/slippage.ts";
import { type AppDeps, nowOf, requestLang, statusFacts } from "../deps.ts";
import "../messages.ts";
import { storedPlan } from "./settings.ts";

export async function minutesByModuleOf(deps: AppDeps): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const s of await deps.store.listStudySessions(deps.learnerId)) if (s.moduleId) out[s.moduleId] = (out[s.moduleId] ?? 0) + s.minutes;
  return out;
}

export async function currentPlan(deps: AppDeps): Promise<{ plan: Plan; slip: ReturnType<typeof slippage> | null; saved: boolean }> {
  const today = localDate(nowOf(deps));
  const record = await storedPlan(deps);
  const settings = resolvePlanSettings({}, record?.settings, today);
  const plan = makePlan({ curriculum: deps.curriculum, facts: await statusFacts(deps), loggedMinutes: await minutesByModuleOf(deps), settings, today });
  return { plan, slip: record ? slippage(record.baseline, today, plan.hoursNeeded) : null, saved: record !== undefined };
}

export function planRoutes(app: Hono, deps: AppDeps): void {
  app.get("/api/plan", async (c) => {
    const { plan, slip, saved } = await currentPlan(deps);
    return c.json({ ...plan, slippage: slip, saved });
  });

  app.get("/api/plan.ics", async (c) => {
    const lang = await requestLang(deps, c);
    const { plan } = await currentPlan(deps);
    const title = (id: string) => deps.curriculum.modules.get(id)?.title[lang] ?? id;
    const text = planToIcs(plan, {
      title: (id) => translate(lang, "plan.ics.title", { title: title(id), id }),
      description: (id, week) => translate(lang, "plan.ics.description", { title: title(id), id, week }),
      calendarName: translate(lang, "plan.ics.calendar"),
    });
    return c.body(text, 200, { "content-type": "text/calendar; charset=utf-8", "content-disposition": 'attachment; filename="llmpath-plan.ics"' });
  });
}
