// The local app's HTTP layer (hono): the roadmap page and the JSON API behind it.
import { Hono } from "hono";
import type { Curriculum } from "../curriculum/index.ts";
import type { Lang } from "../i18n/index.ts";
import { moduleProgress } from "../learner/progress.ts";
import { roadmapView } from "../learner/roadmap-view.ts";
import type { Store } from "../store/index.ts";
import { roadmapPage } from "./roadmap-page.ts";

export interface AppDeps {
  curriculum: Curriculum;
  store: Store;
  learnerId: number;
  lang: Lang;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const facts = async () =>
    (await deps.store.listModuleStatus(deps.learnerId)).map((r) => ({ moduleId: r.moduleId, status: r.status, origin: r.origin }));
  const langOf = (q: string | undefined): Lang => (q === "zh" || q === "en" ? q : deps.lang);

  app.get("/", async (c) => c.html(roadmapPage(roadmapView(deps.curriculum, await facts()), langOf(c.req.query("lang")))));
  app.get("/api/roadmap", async (c) => c.json(roadmapView(deps.curriculum, await facts())));
  app.get("/api/modules/:id", async (c) => {
    const m = deps.curriculum.modules.get(c.req.param("id"));
    if (!m) return c.json({ error: { code: "unknown_module", id: c.req.param("id") } }, 404);
    const p = moduleProgress(deps.curriculum, await facts()).find((x) => x.id === m.id)!;
    const { dir: _dir, labs, cards, placement: _placement, ...def } = m;
    return c.json({ ...def, state: p.state, missing: p.missing, labs: labs.map((l) => l.id), cards: cards.length });
  });
  app.get("/healthz", (c) => c.json({ ok: true }));
  app.notFound((c) => c.json({ error: { code: "not_found", path: c.req.path } }, 404));
  return app;
}
