// Labs API: list with status, one lab (README, starter, visible test, shown hints), the worker bundle, attempts
// graded server-side with the hidden tests (authoritative, recorded), hints one at a time, the solution.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Hono } from "hono";
import { codeHash, gradeOptions, recordAttempt } from "../../cli/labs/attempt.ts";
import { nextHint } from "../../cli/labs/hints.ts";
import { findLab, labsByModule } from "../../cli/labs/lab-status.ts";
import type { LabEntry } from "../../curriculum/index.ts";
import { grade } from "../../grader/index.ts";
import { type AppDeps, apiError, jsonBody, requestLang, statusFacts } from "../deps.ts";
import { bundleVisibleTests } from "../lab-bundle.ts";

/** Largest learner file accepted (bytes). */
export const MAX_CODE_BYTES = 200_000;
const codeKey = (labId: string) => `web.labCode.${labId}`;

async function labState(deps: AppDeps) {
  const [facts, attempts] = await Promise.all([statusFacts(deps), deps.store.listLabAttempts(deps.learnerId)]);
  return labsByModule(deps.curriculum, facts, attempts.map((a) => ({ labId: a.labId, verdict: a.verdict })));
}

const readOr = (file: string) => readFile(file, "utf8").catch(() => "");

/** The code from a request body, or why it is unusable. */
function codeOf(body: Record<string, unknown> | null): string | { code: string; detail?: Record<string, unknown> } {
  if (!body || typeof body.code !== "string") return { code: "code_missing" };
  if (Buffer.byteLength(body.code) > MAX_CODE_BYTES) return { code: "code_too_large", detail: { limit: MAX_CODE_BYTES } };
  return body.code;
}

/** A first attempt at a lab of an open module marks the module in progress, so the roadmap shows the work. */
async function markStarted(deps: AppDeps, lab: LabEntry): Promise<void> {
  const facts = await statusFacts(deps);
  if (facts.some((f) => f.moduleId === lab.module)) return;
  const view = findLab(await labState(deps), lab.id);
  if (view && view.moduleState === "available") await deps.store.setModuleStatus(deps.learnerId, lab.module, "in_progress");
}

export function labRoutes(app: Hono, deps: AppDeps): void {
  const lab = (id: string) => deps.curriculum.labs.get(id);

  app.get("/api/labs", async (c) => {
    const modules = await labState(deps);
    return c.json({
      modules: modules.map((m) => ({
        id: m.moduleId,
        state: m.state,
        missing: m.missing,
        labs: m.labs.map((v) => ({ id: v.lab.id, title: v.lab.title, summary: v.lab.summary, status: v.status, attempts: v.attempts, minutes: v.lab.minutes, difficulty: v.lab.difficulty })),
      })),
    });
  });

  app.get("/api/labs/:id", async (c) => {
    const l = lab(c.req.param("id"));
    if (!l) return apiError(c, 404, "unknown_lab", { id: c.req.param("id") });
    const view = findLab(await labState(deps), l.id);
    const events = await deps.store.listLabEvents(deps.learnerId, l.id);
    const shown = events.filter((e) => e.kind === "hint").length;
    const [readmeEn, readmeZh, starter, visibleTest] = await Promise.all(
      ["README.en.md", "README.zh.md", "starter.ts", "lab.test.ts"].map((f) => readOr(path.join(l.dir, f))),
    );
    const saved = await deps.store.getSetting(deps.learnerId, codeKey(l.id));
    const passed = view?.status === "passed";
    return c.json({
      id: l.id,
      module: l.module,
      stage: l.stage,
      title: l.title,
      summary: l.summary,
      objectives: l.objectives,
      minutes: l.minutes,
      difficulty: l.difficulty,
      timeLimitMs: l.limits.time_ms,
      status: view?.status ?? "not_started",
      moduleState: view?.moduleState ?? "available",
      attempts: view?.attempts ?? 0,
      readme: { en: readmeEn, zh: readmeZh },
      starter,
      code: typeof saved === "string" ? saved : starter,
      visibleTest,
      hints: { total: l.hints.length, shown: l.hints.slice(0, Math.min(shown, l.hints.length)) },
      pytorch: passed ? l.pytorch : null,
    });
  });

  app.post("/api/labs/:id/bundle", async (c) => {
    const l = lab(c.req.param("id"));
    if (!l) return apiError(c, 404, "unknown_lab", { id: c.req.param("id") });
    const code = codeOf(await jsonBody(c));
    if (typeof code !== "string") return apiError(c, 400, code.code, code.detail);
    const out = await bundleVisibleTests(l, code);
    if (!out.ok) return apiError(c, 422, "compile_error", { problems: out.problems });
    return c.body(out.code, 200, { "content-type": "text/javascript; charset=utf-8" });
  });

  app.post("/api/labs/:id/attempts", async (c) => {
    const l = lab(c.req.param("id"));
    if (!l) return apiError(c, 404, "unknown_lab", { id: c.req.param("id") });
    const code = codeOf(await jsonBody(c));
    if (typeof code !== "string") return apiError(c, 400, code.code, code.detail);
    await deps.store.setSetting(deps.learnerId, codeKey(l.id), code);
    const dir = await mkdtemp(path.join(tmpdir(), "llmpath-web-"));
    try {
      const file = path.join(dir, `${l.id}.ts`);
      await writeFile(file, code);
      const result = await grade(gradeOptions(l, file));
      const hash = codeHash(code);
      await markStarted(deps, l);
      const attemptId = await recordAttempt(deps.store, deps.learnerId, l.id, hash, result);
      const view = findLab(await labState(deps), l.id);
      return c.json({ lab: l.id, attemptId, codeHash: hash, verdict: result.verdict, result, status: view?.status ?? "attempted", pytorch: result.verdict === "pass" ? l.pytorch : null });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  app.post("/api/labs/:id/hints", async (c) => {
    const l = lab(c.req.param("id"));
    if (!l) return apiError(c, 404, "unknown_lab", { id: c.req.param("id") });
    return c.json(await nextHint(deps.store, deps.learnerId, l, await requestLang(deps, c)));
  });

  app.post("/api/labs/:id/solution", async (c) => {
    const l = lab(c.req.param("id"));
    if (!l) return apiError(c, 404, "unknown_lab", { id: c.req.param("id") });
    const body = await jsonBody(c);
    const passed = (await deps.store.listLabAttempts(deps.learnerId, l.id)).some((a) => a.verdict === "pass");
    if (!passed && body?.reveal !== true) return apiError(c, 409, "solution_locked", { lab: l.id });
    const source = await readFile(path.join(l.dir, "solution.ts"), "utf8");
    await deps.store.recordLabEvent(deps.learnerId, l.id, "solution", { passed, revealed: !passed, via: "web" });
    return c.json({ lab: l.id, passed, source, pytorch: l.pytorch });
  });
}
