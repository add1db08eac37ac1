// Admin API (multi-user mode): list accounts, change an account's role, make an account instructor of a cohort.
import type { Hono } from "hono";
import { listUsers, setRole } from "../auth/accounts.ts";
import { addInstructor, getCohort } from "../auth/cohorts-repo.ts";
import { ROLES, type Role } from "../auth/db.ts";
import { requireRole } from "../auth/middleware.ts";
import { currentAuth } from "../auth/request-auth.ts";
import { type AppDeps, apiError, jsonBody } from "../deps.ts";
import { publicUser } from "./auth.ts";

export function adminRoutes(app: Hono, deps: AppDeps): void {
  const admin = requireRole("admin");

  app.get("/api/admin/users", admin, async (c) => c.json({ users: (await listUsers(deps.store)).map(publicUser) }));

  app.put("/api/admin/users/:id/role", admin, async (c) => {
    const b = await jsonBody(c);
    const role = b?.role as Role;
    if (!ROLES.includes(role)) return apiError(c, 422, "role_invalid", { allowed: ROLES });
    const id = Number(c.req.param("id"));
    if (id === currentAuth().user!.id && role !== "admin") return apiError(c, 409, "cannot_demote_self");
    const u = Number.isSafeInteger(id) ? await setRole(deps.store, id, role) : null;
    if (!u) return apiError(c, 404, "unknown_user", { id: c.req.param("id") });
    return c.json({ user: publicUser(u) });
  });

  app.post("/api/admin/cohorts/:id/instructors", admin, async (c) => {
    const b = await jsonBody(c);
    const id = Number(c.req.param("id"));
    if (!Number.isSafeInteger(id) || !(await getCohort(deps.store, id))) return apiError(c, 404, "unknown_cohort", { id: c.req.param("id") });
    const userId = Number(b?.userId);
    if (!(await listUsers(deps.store)).some((u) => u.id === userId)) return apiError(c, 404, "unknown_user", { id: b?.userId ?? null });
    await addInstructor(deps.store, id, userId);
    return c.json({ ok: true });
  });
}
