// Roadmap API: stages → modules with hours, prerequisites, state, why locked, and labs passed per module.
import type { Hono } from "hono";
import { labsByModule } from "../../cli/labs/lab-status.ts";
import { roadmapView } from "../../learner/roadmap-view.ts";
import { type AppDeps, statusFacts } from "../deps.ts";

export async function roadmapWithLabs(deps: AppDeps) {
  const facts = await statusFacts(deps);
  const attempts = await deps.store.listLabAttempts(deps.learnerId);
  const view = roadmapView(deps.curriculum, facts);
  const labs = new Map(labsByModule(deps.curriculum, facts, attempts.map((a) => ({ labId: a.labId, verdict: a.verdict }))).map((m) => [m.moduleId, m]));
  const passed = (id: string) => labs.get(id)?.labs.filter((v) => v.status === "passed").length ?? 0;
  return {
    ...view,
    stages: view.stages.map((s) => ({ ...s, modules: s.modules.map((m) => ({ ...m, labsPassed: passed(m.id) })) })),
  };
}

export function roadmapRoutes(app: Hono, deps: AppDeps): void {
  app.get("/api/roadmap", async (c) => c.json(await roadmapWithLabs(deps)));
}
