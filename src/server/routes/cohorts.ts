// Cohorts API (multi-user mode): my cohorts, create one (instructors and admins), join one by invite code.
import type { Hono } from "hono";
import { createCohort, joinCohort, myCohorts } from "../auth/cohorts-repo.ts";
import { requireRole } from "../auth/middleware.ts";
import { currentAuth } from "../auth/request-auth.ts";
import { type AppDeps, apiError, jsonBody } from "../deps.ts";

export function cohortRoutes(app: Hono, deps: AppDeps): void {
  app.get("/api/cohorts", async (c) => c.json({ cohorts: await myCohorts(deps.store, currentAuth().user!) }));

  app.post("/api/cohorts", requireRole("instructor", "admin"), async (c) => {
    const b = await jsonBody(c);
    const name = typeof b?.name === "string" ? b.name.trim() : "";
    if (name.length < 1 || name.length > 200) return apiError(c, 422, "cohort_name_invalid", { max: 200 });
    return c.json({ cohort: await createCohort(deps.store, currentAuth().user!, name) }, 201);
  });

  app.post("/api/cohorts/join", async (c) => {
    const b = await jsonBody(c);
    if (typeof b?.code !== "string" || b.code.trim() === "") return apiError(c, 422, "invite_code_missing");
    const m = await joinCohort(deps.store, currentAuth().user!, b.code);
    if (!m) return apiError(c, 404, "invite_code_unknown");
    return c.json({ cohort: { id: m.id, name: m.name, role: m.role } });
  });
}
