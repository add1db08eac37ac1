// Experiments API: runs from the tracker (loss, learning rate, … against step) — list, and record one.
import type { Hono } from "hono";
import { type AppDeps, apiError, jsonBody } from "../deps.ts";
import { addRun, listRuns, runProblem } from "../experiments-repo.ts";

export function experimentRoutes(app: Hono, deps: AppDeps): void {
  app.get("/api/experiments", async (c) => c.json({ runs: await listRuns(deps.store, deps.learnerId) }));
  app.post("/api/experiments", async (c) => {
    const body = await jsonBody(c);
    const problem = runProblem(body);
    if (problem) return apiError(c, 422, "run_invalid", { problem });
    const run = body as unknown as { name: string; config?: Record<string, unknown>; metrics: Record<string, { step: number; value: number }[]> };
    const id = await addRun(deps.store, deps.learnerId, { name: run.name, config: run.config ?? {}, metrics: run.metrics });
    return c.json({ id }, 201);
  });
}
