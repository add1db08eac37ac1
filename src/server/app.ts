// The local app's HTTP layer (hono): the JSON API (one file per resource under routes/) and the built web app.
import { Hono } from "hono";
import { authMiddleware } from "./auth/middleware.ts";
import { openApiDocument } from "./auth/openapi.ts";
import { currentLearnerId } from "./auth/request-auth.ts";
import { type AppDeps, nowOf } from "./deps.ts";
import { gradingRoutes } from "./grading/routes.ts";
import { adminRoutes } from "./routes/admin.ts";
import { authRoutes } from "./routes/auth.ts";
import { cohortRoutes } from "./routes/cohorts.ts";
import { experimentRoutes } from "./routes/experiments.ts";
import { instructorRoutes } from "./routes/instructor.ts";
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

/** In multi-user mode the routes see the learner of the request's session (set by the auth middleware). */
function perRequestLearner(deps: AppDeps): AppDeps {
  return {
    ...deps,
    get learnerId() {
      return currentLearnerId();
    },
  };
}

export function createApp(baseDeps: AppDeps): Hono {
  const app = new Hono();
  const deps = baseDeps.multiUser ? perRequestLearner(baseDeps) : baseDeps;
  if (baseDeps.multiUser) {
    app.use("*", authMiddleware(baseDeps.store, () => nowOf(baseDeps)));
    authRoutes(app, deps);
    cohortRoutes(app, deps);
    instructorRoutes(app, deps);
    adminRoutes(app, deps);
    gradingRoutes(app, deps); // before labRoutes: queued attempts replace in-process grading
  }
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
  if (baseDeps.multiUser) app.get("/api/openapi.json", (c) => c.json(openApiDocument(app, "1")));
  staticRoutes(app, deps);
  app.notFound((c) => c.json({ error: { code: "not_found", path: c.req.path } }, 404));
  app.onError((e, c) => {
    console.error(e);
    return c.json({ error: { code: "internal", message: e.message } }, 500);
  });
  return app;
}
