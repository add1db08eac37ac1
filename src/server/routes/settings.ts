// Settings API: the interface language (remembered), hours per week and deadline (stored in the plan record).
import type { Hono } from "hono";
import { localDate } from "../../learner/dates.ts";
import { LearnerError } from "../../learner/errors.ts";
import { isPlanRecord, type PlanRecord } from "../../learner/plan-record.ts";
import { resolvePlanSettings } from "../../learner/plan-settings.ts";
import { makePlan } from "../../learner/planner.ts";
import { PLAN_KEY } from "../../store/learner-repo.ts";
import { type AppDeps, apiError, jsonBody, LANG_KEY, nowOf, requestLang, statusFacts } from "../deps.ts";
import { minutesByModuleOf } from "./plan.ts";

export async function storedPlan(deps: AppDeps): Promise<PlanRecord | undefined> {
  const v = await deps.store.getSetting(deps.learnerId, PLAN_KEY);
  return isPlanRecord(v) ? v : undefined;
}

export function settingsRoutes(app: Hono, deps: AppDeps): void {
  app.get("/api/settings", async (c) => {
    const today = localDate(nowOf(deps));
    const settings = resolvePlanSettings({}, (await storedPlan(deps))?.settings, today);
    return c.json({ lang: await requestLang(deps, c), hoursPerWeek: settings.hoursPerWeek, deadline: settings.deadline, today });
  });

  app.put("/api/settings", async (c) => {
    const body = await jsonBody(c);
    if (!body) return apiError(c, 400, "body_not_object");
    if (body.lang !== undefined) {
      if (body.lang !== "zh" && body.lang !== "en") return apiError(c, 422, "lang_invalid", { value: String(body.lang) });
      await deps.store.setSetting(deps.learnerId, LANG_KEY, body.lang);
    }
    if (body.hoursPerWeek !== undefined || body.deadline !== undefined) {
      const today = localDate(nowOf(deps));
      const record = await storedPlan(deps);
      try {
        const settings = resolvePlanSettings(
          { hoursPerWeek: body.hoursPerWeek as number | string | undefined, deadline: body.deadline as string | undefined },
          record?.settings,
          today,
        );
        const plan = makePlan({ curriculum: deps.curriculum, facts: await statusFacts(deps), loggedMinutes: await minutesByModuleOf(deps), settings, today });
        const next: PlanRecord = { settings, baseline: { madeOn: today, hoursPerWeek: settings.hoursPerWeek, hoursNeeded: plan.hoursNeeded } };
        await deps.store.setSetting(deps.learnerId, PLAN_KEY, next);
      } catch (e) {
        if (e instanceof LearnerError) return apiError(c, 422, e.code, { params: e.params });
        throw e;
      }
    }
    const today = localDate(nowOf(deps));
    const settings = resolvePlanSettings({}, (await storedPlan(deps))?.settings, today);
    return c.json({ lang: await requestLang(deps, c), hoursPerWeek: settings.hoursPerWeek, deadline: settings.deadline, today });
  });
}
