// The one store test suite: registered by store.pglite.test.ts and store.pg.test.ts with a factory for their backend.
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Store, StoreError } from "./index.ts";
import { MIGRATIONS } from "./migrations.ts";

export interface StoreFixture {
  store: Store;
  cleanup: () => Promise<void>;
}

export async function expectStoreError(p: Promise<unknown>, code: StoreError["code"], ...mentions: string[]): Promise<StoreError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e, `expected StoreError ${code}`).toBeInstanceOf(StoreError);
  const se = e as StoreError;
  expect(se.code).toBe(code);
  for (const m of mentions) expect(se.message).toContain(m);
  return se;
}

export function registerStoreSuite(kind: Store["kind"], factory: () => Promise<StoreFixture>): void {
  describe(`store on ${kind}`, () => {
    let fx: StoreFixture;
    let n = 0;
    const store = () => fx.store;
    /** A learner of its own for each test, so tests share one database without seeing each other. */
    const learner = async () => (await store().ensureLearner(`learner-${++n}`)).id;

    beforeAll(async () => {
      fx = await factory();
    });
    afterAll(async () => {
      await fx?.cleanup();
    });

    it("is the expected backend, with every migration applied and recorded", async () => {
      expect(store().kind).toBe(kind);
      const rows = await store().db.selectFrom("llmpath_migrations").select(["id", "name"]).orderBy("id").execute();
      expect(rows).toEqual(MIGRATIONS.map((m) => ({ id: m.id, name: m.name })));
    });

    it("ensureLearner is idempotent and defaults to the handle 'local'", async () => {
      const a = await store().ensureLearner();
      const b = await store().ensureLearner("local");
      expect(a.handle).toBe("local");
      expect(b.id).toBe(a.id);
      expect(a.createdAt).toBeInstanceOf(Date);
      const other = await store().ensureLearner("someone-else");
      expect(other.id).not.toBe(a.id);
      await expectStoreError(store().ensureLearner(""), "invalid", "handle");
      await expectStoreError(store().ensureLearner(" padded "), "invalid", "handle");
      await expectStoreError(store().ensureLearner("x".repeat(65)), "invalid", "handle");
    });

    it("concurrent ensureLearner calls agree on one learner", async () => {
      const all = await Promise.all(Array.from({ length: 8 }, () => store().ensureLearner("racer")));
      expect(new Set(all.map((l) => l.id)).size).toBe(1);
    });

    it("module status: start, finish, reopen keep startedAt and track doneAt", async () => {
      const id = await learner();
      const t1 = new Date("2025-01-02T03:04:05.678Z");
      const t2 = new Date("2025-01-09T10:00:00.001Z");
      const t3 = new Date("2025-02-01T00:00:00.000Z");
      const started = await store().setModuleStatus(id, "math.linear-algebra", "in_progress", { at: t1 });
      expect(started).toEqual({
        learnerId: id,
        moduleId: "math.linear-algebra",
        status: "in_progress",
        origin: "self",
        reason: null,
        startedAt: t1,
        doneAt: null,
        updatedAt: t1,
      });
      const done = await store().setModuleStatus(id, "math.linear-algebra", "done", { at: t2 });
      expect(done.startedAt).toEqual(t1);
      expect(done.doneAt).toEqual(t2);
      expect(done.updatedAt).toEqual(t2);
      const reopened = await store().setModuleStatus(id, "math.linear-algebra", "in_progress", { at: t3 });
      expect(reopened.startedAt).toEqual(t1);
      expect(reopened.doneAt).toBeNull();
      expect(await store().listModuleStatus(id)).toEqual([reopened]);
    });

    it("module status: done directly sets both dates; credited origin is kept; list is sorted by module", async () => {
      const id = await learner();
      const at = new Date("2025-03-03T03:03:03.003Z");
      await store().setModuleStatus(id, "z.last", "in_progress", { at });
      const credited = await store().setModuleStatus(id, "a.first", "done", { at, origin: "credited", reason: "placement test" });
      expect(credited).toMatchObject({ status: "done", origin: "credited", reason: "placement test", startedAt: at, doneAt: at });
      expect((await store().listModuleStatus(id)).map((r) => r.moduleId)).toEqual(["a.first", "z.last"]);
    });

    it("skipping needs a reason, and the reason is kept", async () => {
      const id = await learner();
      await expectStoreError(store().setModuleStatus(id, "m.skip", "skipped"), "invalid", "reason");
      await expectStoreError(store().setModuleStatus(id, "m.skip", "skipped", { reason: "  " }), "invalid", "reason");
      const row = await store().setModuleStatus(id, "m.skip", "skipped", { reason: "already know calculus" });
      expect(row).toMatchObject({ status: "skipped", reason: "already know calculus", startedAt: null, doneAt: null });
    });

    it("an override's reason survives finishing the module without repeating it; a new origin replaces it", async () => {
      const id = await learner();
      await store().setModuleStatus(id, "m.o", "in_progress", { origin: "override", reason: "read the paper" });
      const done = await store().setModuleStatus(id, "m.o", "done", { origin: "override" });
      expect(done).toMatchObject({ origin: "override", reason: "read the paper", status: "done" });
      const redo = await store().setModuleStatus(id, "m.o", "in_progress");
      expect(redo).toMatchObject({ origin: "self", reason: null });
    });

    it("rejects bad status input and unknown learners with clear codes", async () => {
      const id = await learner();
      await expectStoreError(store().setModuleStatus(id, "m", "finished" as never), "invalid", "status", "in_progress");
      await expectStoreError(store().setModuleStatus(id, "m", "done", { origin: "magic" as never }), "invalid", "origin");
      await expectStoreError(store().setModuleStatus(id, "", "done"), "invalid", "moduleId");
      await expectStoreError(store().setModuleStatus(id, "m", "done", { at: new Date(Number.NaN) }), "invalid", "at");
      await expectStoreError(store().setModuleStatus(0, "m", "done"), "invalid", "learnerId");
      await expectStoreError(store().setModuleStatus(987_654, "m", "done"), "not_found", "987654", "ensureLearner");
      expect(await store().listModuleStatus(id)).toEqual([]);
    });

    it("records prerequisite overrides with the missing modules and reason", async () => {
      const id = await learner();
      await store().recordOverride(id, "internals.attention", ["math.softmax", "math.matmul"], "did this at work");
      await store().recordOverride(id, "eng.serving", [], "curious");
      const rows = await store().listOverrides(id);
      expect(rows.map((r) => [r.moduleId, r.missing, r.reason])).toEqual([
        ["internals.attention", ["math.softmax", "math.matmul"], "did this at work"],
        ["eng.serving", [], "curious"],
      ]);
      expect(rows[0]!.createdAt).toBeInstanceOf(Date);
      await expectStoreError(store().recordOverride(id, "x", ["a"], ""), "invalid", "reason");
      await expectStoreError(store().recordOverride(id, "x", [1 as never], "r"), "invalid", "missing[0]");
      await expectStoreError(store().recordOverride(987_655, "x", [], "r"), "not_found");
      expect(await store().listOverrides(id)).toHaveLength(2);
    });

    it("study sessions: add, list in time order, filter by since", async () => {
      const id = await learner();
      const d = (s: string) => new Date(s);
      await store().addStudySession({ learnerId: id, moduleId: "m2", kind: "lab", minutes: 45, startedAt: d("2025-05-02T09:00:00Z"), note: "注意力 lab" });
      const first = await store().addStudySession({ learnerId: id, moduleId: null, kind: "reading", minutes: 20, startedAt: d("2025-05-01T09:00:00Z") });
      expect(first).toMatchObject({ learnerId: id, moduleId: null, kind: "reading", minutes: 20, note: null, startedAt: d("2025-05-01T09:00:00Z") });
      const all = await store().listStudySessions(id);
      expect(all.map((s) => s.minutes)).toEqual([20, 45]);
      expect(all[1]!.note).toBe("注意力 lab");
      const since = await store().listStudySessions(id, { since: d("2025-05-02T00:00:00Z") });
      expect(since.map((s) => s.moduleId)).toEqual(["m2"]);
    });

    it("study sessions reject impossible durations and kinds", async () => {
      const id = await learner();
      const base = { learnerId: id, moduleId: null, kind: "lab" as const, minutes: 10, startedAt: new Date() };
      for (const minutes of [0, -5, 1.5, Number.NaN, 24 * 60 + 1]) {
        await expectStoreError(store().addStudySession({ ...base, minutes }), "invalid", "minutes");
      }
      await expectStoreError(store().addStudySession({ ...base, kind: "nap" as never }), "invalid", "kind");
      await expectStoreError(store().addStudySession({ ...base, startedAt: new Date("nope") }), "invalid", "startedAt");
      expect(await store().listStudySessions(id)).toEqual([]);
    });

    it("lab attempts keep the full result JSON and filter by lab", async () => {
      const id = await learner();
      const result = { status: "fail", tests: [{ name: "softmax 行和为 1", status: "fail", message: "index 3: expected 0.25, received 0.2500001, atol 1e-6", n: -0.5 }], nested: { empty: [], t: true, z: null } };
      const a = await store().addLabAttempt({ learnerId: id, labId: "softmax", codeHash: "sha256:abc", verdict: "fail", durationMs: 1234, result });
      expect(a).toMatchObject({ learnerId: id, labId: "softmax", codeHash: "sha256:abc", verdict: "fail", durationMs: 1234 });
      expect(a.result).toEqual(result);
      await store().addLabAttempt({ learnerId: id, labId: "matmul", codeHash: "h2", verdict: "pass", durationMs: 0, result: [1, 2.5, "x"] });
      await store().addLabAttempt({ learnerId: id, labId: "softmax", codeHash: "h3", verdict: "timeout", durationMs: 5000, result: null });
      const softmax = await store().listLabAttempts(id, "softmax");
      expect(softmax.map((r) => r.codeHash)).toEqual(["sha256:abc", "h3"]);
      expect(softmax[1]!.result).toBeNull();
      const all = await store().listLabAttempts(id);
      expect(all.map((r) => r.labId)).toEqual(["softmax", "matmul", "softmax"]);
      expect(all[1]!.result).toEqual([1, 2.5, "x"]);
    });

    it("lab attempts refuse values JSON would silently change, and store nothing for them", async () => {
      const id = await learner();
      const base = { learnerId: id, labId: "l", codeHash: "h", verdict: "pass" as const, durationMs: 1 };
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      await expectStoreError(store().addLabAttempt({ ...base, result: { loss: Number.NaN } }), "invalid", "result", ".loss");
      await expectStoreError(store().addLabAttempt({ ...base, result: { n: 10n } }), "invalid", "bigint");
      await expectStoreError(store().addLabAttempt({ ...base, result: cyclic }), "invalid", "circular");
      await expectStoreError(store().addLabAttempt({ ...base, result: undefined }), "invalid", "undefined");
      await expectStoreError(store().addLabAttempt({ ...base, result: { s: "a\u0000b" } }), "invalid", "NUL");
      await expectStoreError(store().addLabAttempt({ ...base, verdict: "ok" as never, result: {} }), "invalid", "verdict");
      await expectStoreError(store().addLabAttempt({ ...base, durationMs: -1, result: {} }), "invalid", "durationMs");
      expect(await store().listLabAttempts(id)).toEqual([]);
    });

    it("lab events record hints and solutions with their detail", async () => {
      const id = await learner();
      await store().recordLabEvent(id, "softmax", "hint", { index: 0 });
      await store().recordLabEvent(id, "softmax", "solution", { viewedAfterAttempts: 3 });
      await store().recordLabEvent(id, "matmul", "hint", { index: 2 });
      const ev = await store().listLabEvents(id, "softmax");
      expect(ev.map((e) => [e.kind, e.detail])).toEqual([
        ["hint", { index: 0 }],
        ["solution", { viewedAfterAttempts: 3 }],
      ]);
      expect(await store().listLabEvents(id)).toHaveLength(3);
      await expectStoreError(store().recordLabEvent(id, "softmax", "peek" as never, {}), "invalid", "kind");
      await expectStoreError(store().recordLabEvent(id, "softmax", "hint", [] as never), "invalid", "detail");
    });

    it("settings: missing is undefined, any JSON value round-trips, overwrite and delete work, per learner", async () => {
      const id = await learner();
      const other = await learner();
      expect(await store().getSetting(id, "lang")).toBeUndefined();
      for (const value of ["zh-CN", 0, -1.25, false, null, [1, [2]], { a: { b: "c" } }]) {
        await store().setSetting(id, "v", value);
        expect(await store().getSetting(id, "v")).toEqual(value);
      }
      await store().setSetting(id, "lang", "en");
      await store().setSetting(id, "lang", "zh-CN");
      expect(await store().getSetting(id, "lang")).toBe("zh-CN");
      expect(await store().getSetting(other, "lang")).toBeUndefined();
      expect(await store().deleteSetting(id, "lang")).toBe(true);
      expect(await store().deleteSetting(id, "lang")).toBe(false);
      expect(await store().getSetting(id, "lang")).toBeUndefined();
      await expectStoreError(store().setSetting(id, "x", undefined), "invalid", "undefined");
      await expectStoreError(store().setSetting(id, "", 1), "invalid", "key");
      await expectStoreError(store().setSetting(987_656, "x", 1), "not_found");
    });

    it("any JSON value round-trips through jsonb unchanged (property test)", async () => {
      const id = await learner();
      await fc.assert(
        fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (value) => {
          await store().setSetting(id, "prop", value);
          expect(await store().getSetting(id, "prop")).toEqual(JSON.parse(JSON.stringify(value)));
        }),
        { numRuns: 40, seed: 20250101 },
      );
    });

    it("drops nothing under concurrent writes", async () => {
      const id = await learner();
      const startedAt = new Date("2025-06-01T00:00:00Z");
      await Promise.all(
        Array.from({ length: 25 }, (_, i) => store().addStudySession({ learnerId: id, moduleId: `m${i}`, kind: "review", minutes: i + 1, startedAt })),
      );
      const rows = await store().listStudySessions(id);
      expect(rows.map((r) => r.minutes).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    });

    it("deleting a learner cascades to their rows (no orphans)", async () => {
      const id = await learner();
      await store().setModuleStatus(id, "m", "done");
      await store().setSetting(id, "k", 1);
      await store().db.deleteFrom("learners").where("id", "=", id).execute();
      expect(await store().listModuleStatus(id)).toEqual([]);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from settings where learner_id = ${id}`.execute(store().db);
      expect(rows[0]!.n).toBe(0);
    });
  });
}
