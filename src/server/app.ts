// The local app's HTTP layer (hono): the JSON API (one file per resource under routes/) and the built web app.
import { Hono } from "hono";
import type { AppDeps } from "./deps.ts";
import { experimentRoutes } from "./routes/experiments.ts";
import { journalRoutes } from "./routes/journal.ts";
import { labRoutes } from "./routes/labs.ts";
import { moduleRoutes } from "./routes/modules.ts";
import { planRoutes } from "./routes/plan.ts";
import { progressRoutes } from "./routes/progress.ts";
import { reviewRoutes } from "./routes/review.ts";
import { roadmapRoutes } from "./routes/roadmap.ts";
import { settingsRoutes } from "./routes/settings.ts";
import { staticRoutes } from "./static.ts";

export type { AppDeps } from "./deps.ts";

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  roadmapRoutes(app, deps);
  moduleRoutes(app, deps);
  labRoutes(app, deps);
  planRoutes(app, deps);
  progressRoutes(app, deps);
  reviewRoutes(app, deps);
  journalRoutes(app, deps);
  settingsRoutes(app, deps);
  experimentRoutes(app, deps);
  app.get("/healthz", (c) => c.json({ ok: true }));
  staticRoutes(app, deps);
  app.notFound((c) => c.json({ error: { code: "not_found", path: c.req.path } }, 404));
  app.onError((e, c) => {
    console.error(e);
    return c.json({ error: { code: "internal", message: e.message } }, 500);
  });
  return app;
}
