// Instructor dashboard API: one cohort's learners (progress, hours, traps) and labs (pass rates, common failing test).
// Only the cohort's instructors and admins may read it.
import type { Hono } from "hono";
import { getCohort, mayInstruct } from "../auth/cohorts-repo.ts";
import { cohortDashboard } from "../auth/dashboard.ts";
import { deny } from "../auth/middleware.ts";
import { currentAuth } from "../auth/request-auth.ts";
import { type AppDeps, apiError, nowOf } from "../deps.ts";

export function instructorRoutes(app: Hono, deps: AppDeps): void {
  app.get("/api/cohorts/:id/dashboard", async (c) => {
    const id = Number(c.req.param("id"));
    if (!Number.isSafeInteger(id) || id <= 0) return apiError(c, 404, "unknown_cohort", { id: c.req.param("id") });
    const user = currentAuth().user!;
    // same answer for "no such cohort" and "not yours", so ids of other cohorts do not leak
    if (!(await mayInstruct(deps.store, user, id))) return deny(c, 403, "forbidden", { cohort: id });
    const cohort = await getCohort(deps.store, id);
    if (!cohort) return apiError(c, 404, "unknown_cohort", { id });
    const dash = await cohortDashboard(deps.store, deps.curriculum, id, nowOf(deps));
    return c.json({ cohort, ...dash });
  });
}
