// The web app's HTTP API through createApp (no browser): labs, attempts, hints, solution, settings, plan, review,
// progress and experiments against a fresh store.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCurriculum } from "../src/curriculum/index.ts";
import { createApp } from "../src/server/app.ts";
import { openStore, type Store } from "../src/store/index.ts";
import { freshDataDir } from "../src/store/testing/pglite-template.ts";
import { REPO } from "./cli-helpers.ts";

const CONTENT = process.env.LLMPATH_TEST_CONTENT_DIR ?? join(REPO, "content");
const SOLUTION = readFileSync(join(CONTENT, "labs/foundations/svd-compression/solution.ts"), "utf8");

let store: Store;
let cleanup: () => void;
let app: ReturnType<typeof createApp>;

const json = (method: string, body: unknown) => ({ method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
async function call<T = Record<string, unknown>>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await app.request(path, init);
  const type = res.headers.get("content-type") ?? "";
  return { status: res.status, body: (type.includes("json") ? await res.json() : await res.text()) as T };
}

describe("web API", () => {
  beforeAll(async () => {
    const fresh = await freshDataDir();
    cleanup = fresh.cleanup;
    store = await openStore({ dataDir: fresh.dir });
    const learnerId = (await store.ensureLearner("local")).id;
    app = createApp({ curriculum: loadCurriculum(CONTENT), store, learnerId, lang: "en", now: () => new Date("2026-03-02T10:00:00Z") });
  });
  afterAll(async () => {
    await store?.close();
    cleanup?.();
  });

  it("a lab: README in both languages, starter as the code, hints hidden until asked, no PyTorch before a pass", async () => {
    const { status, body } = await call<{ readme: { en: string; zh: string }; code: string; starter: string; hints: { total: number; shown: unknown[] }; pytorch: null }>("/api/labs/svd-compression");
    expect(status).toBe(200);
    expect(body.readme.en.length).toBeGreaterThan(100);
    expect(body.readme.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(body.code).toBe(body.starter);
    expect(body.hints.shown).toEqual([]);
    expect(body.pytorch).toBeNull();
    expect((await call("/api/labs/nope")).body).toEqual({ error: { code: "unknown_lab", id: "nope" } });
  });

  it("the worker bundle is JavaScript for a compiling file, and located problems for a broken one", async () => {
    const ok = await call<string>("/api/labs/svd-compression/bundle", json("POST", { code: SOLUTION }));
    expect(ok.status).toBe(200);
    expect(ok.body).toContain("runVisibleTests");
    const bad = await call<{ error: { code: string; problems: { line: number; text: string }[] } }>("/api/labs/svd-compression/bundle", json("POST", { code: "export const x = ;\n" }));
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe("compile_error");
    expect(bad.body.error.problems[0]!.line).toBe(1);
    expect((await call("/api/labs/svd-compression/bundle", json("POST", {}))).status).toBe(400);
  });

  it("hints come one at a time and are recorded; the solution is refused before a pass unless revealed", async () => {
    const first = await call<{ kind: string; n: number }>("/api/labs/svd-compression/hints", { method: "POST" });
    expect(first.body).toMatchObject({ kind: "hint", n: 1 });
    const lab = await call<{ hints: { shown: { en: string }[] } }>("/api/labs/svd-compression");
    expect(lab.body.hints.shown).toHaveLength(1);
    expect((await call("/api/labs/svd-compression/solution", json("POST", {}))).status).toBe(409);
    const revealed = await call<{ passed: boolean; source: string }>("/api/labs/svd-compression/solution", json("POST", { reveal: true }));
    expect(revealed.body.passed).toBe(false);
    expect(revealed.body.source).toBe(SOLUTION);
    expect((await store.listLabEvents((await store.ensureLearner("local")).id, "svd-compression")).map((e) => e.kind)).toEqual(["hint", "solution"]);
  });

  it("an attempt is graded with the hidden tests, recorded with its code, and starts the module", async () => {
    const r = await call<{ verdict: string; pytorch: string; result: { tests: { file: string }[] } }>("/api/labs/svd-compression/attempts", json("POST", { code: SOLUTION }));
    expect(r.body.verdict).toBe("pass");
    expect(r.body.result.tests.some((x) => x.file === "hidden.test.ts")).toBe(true);
    expect(r.body.pytorch).toContain("torch");
    const roadmap = await call<{ stages: { modules: { id: string; state: string; labsPassed: number }[] }[] }>("/api/roadmap");
    const la = roadmap.body.stages.flatMap((s) => s.modules).find((m) => m.id === "linear-algebra")!;
    expect(la).toMatchObject({ state: "in_progress", labsPassed: 1 });
    expect((await call<{ code: string }>("/api/labs/svd-compression")).body.code).toBe(SOLUTION);
    const progress = await call<{ labsPassed: { lab: string; count: number }[] }>("/api/progress");
    expect(progress.body.labsPassed).toEqual([expect.objectContaining({ lab: "svd-compression", count: 1 })]);
  });

  it("settings: the language is remembered and used by the server-rendered page; bad input is refused", async () => {
    expect((await call("/api/settings", json("PUT", { lang: "fr" }))).status).toBe(422);
    expect((await call<{ lang: string }>("/api/settings", json("PUT", { lang: "zh" }))).body.lang).toBe("zh");
    expect((await call<{ lang: string }>("/api/settings")).body.lang).toBe("zh");
    expect((await call<string>("/")).body).toContain("学习路线");
    expect((await call("/api/settings", json("PUT", { lang: "en", hoursPerWeek: 40, deadline: "2027-01-01" }))).body).toMatchObject({ lang: "en", hoursPerWeek: 40, deadline: "2027-01-01" });
    const bad = await call<{ error: { code: string } }>("/api/settings", json("PUT", { hoursPerWeek: 0 }));
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe("plan.hoursZero");
    const plan = await call<{ settings: { hoursPerWeek: number } }>("/api/plan");
    expect(plan.body.settings.hoursPerWeek).toBe(40);
    const ics = await call<string>("/api/plan.ics");
    expect(ics.body).toMatch(/^BEGIN:VCALENDAR/);
  });

  it("review: the started module's cards are due; a rating schedules the card into the future", async () => {
    const due = await call<{ cards: { moduleId: string; cardId: string }[] }>("/api/review");
    expect(due.body.cards.length).toBeGreaterThan(0);
    const card = due.body.cards[0]!;
    expect((await call("/api/review", json("POST", { ...card, rating: "meh" }))).status).toBe(422);
    const r = await call<{ due: string }>("/api/review", json("POST", { ...card, rating: "good" }));
    expect(Date.parse(r.body.due)).toBeGreaterThan(Date.parse("2026-03-02T10:00:00Z"));
    const after = await call<{ cards: { cardId: string }[] }>("/api/review");
    expect(after.body.cards.map((c) => c.cardId)).not.toContain(card.cardId);
  });

  it("experiments: a run's metrics come back by step; malformed runs are refused with the reason", async () => {
    const run = { name: "lr 3e-4", config: { lr: 3e-4 }, metrics: { loss: [{ step: 0, value: 4.2 }, { step: 10, value: 3.1 }], lr: [{ step: 0, value: 3e-4 }] } };
    expect((await call("/api/experiments", json("POST", run))).status).toBe(201);
    const list = await call<{ runs: { name: string; metrics: Record<string, { step: number; value: number }[]> }[] }>("/api/experiments");
    expect(list.body.runs).toHaveLength(1);
    expect(list.body.runs[0]!.metrics.loss).toEqual(run.metrics.loss);
    const dup = await call<{ error: { problem: string } }>("/api/experiments", json("POST", { name: "x", metrics: { loss: [{ step: 1, value: 1 }, { step: 1, value: 2 }] } }));
    expect(dup.status).toBe(422);
    expect(dup.body.error.problem).toBe("metrics.loss has step 1 twice");
  });
});
