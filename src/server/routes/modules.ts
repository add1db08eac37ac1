// Module API: definition, state, notes (Markdown, both languages), objectives, its labs with status, its review cards.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Hono } from "hono";
import { labsByModule } from "../../cli/labs/lab-status.ts";
import { moduleProgress } from "../../learner/progress.ts";
import { type AppDeps, apiError, statusFacts } from "../deps.ts";

export function moduleRoutes(app: Hono, deps: AppDeps): void {
  app.get("/api/modules/:id", async (c) => {
    const m = deps.curriculum.modules.get(c.req.param("id"));
    if (!m) return apiError(c, 404, "unknown_module", { id: c.req.param("id") });
    const facts = await statusFacts(deps);
    const p = moduleProgress(deps.curriculum, facts).find((x) => x.id === m.id)!;
    const attempts = await deps.store.listLabAttempts(deps.learnerId);
    const labViews = labsByModule(deps.curriculum, facts, attempts.map((a) => ({ labId: a.labId, verdict: a.verdict }))).find((x) => x.moduleId === m.id)?.labs ?? [];
    const [en, zh] = await Promise.all(["notes.en.md", "notes.zh.md"].map((f) => readFile(path.join(m.dir, f), "utf8").catch(() => "")));
    const { dir: _dir, labs: _labs, cards, placement: _placement, ...def } = m;
    return c.json({
      ...def,
      state: p.state,
      missing: p.missing,
      notes: { en, zh },
      labs: labViews.map((v) => ({ id: v.lab.id, title: v.lab.title, summary: v.lab.summary, status: v.status, minutes: v.lab.minutes, difficulty: v.lab.difficulty })),
      cards: cards.map((card) => ({ id: card.id, kind: card.kind, front: card.front, back: card.back })),
    });
  });
}
