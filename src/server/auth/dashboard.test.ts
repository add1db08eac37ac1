// The dashboard's batched reads (four queries for the whole cohort) return, per learner, exactly what the store's
// per-learner list methods return: same rows, same order, nobody else's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Store, openStore } from "../../store/index.ts";
import { freshDataDir } from "../../store/testing/pglite-template.ts";
import { cohortRecords } from "./dashboard.ts";

let store: Store;
let cleanup: () => void;

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await freshDataDir());
  store = await openStore({ dataDir: dir });
});
afterAll(async () => {
  await store?.close();
  cleanup?.();
});

describe("cohortRecords", () => {
  it("groups each table by learner in the list methods' order, for learners with and without rows", async () => {
    const ids = await Promise.all(["a", "b", "c", "d"].map(async (h) => (await store.ensureLearner(h)).id));
    const [a, b, c, d] = ids as [number, number, number, number];
    const t0 = Date.parse("2026-01-05T09:00:00Z");
    // interleaved writes, out of time order, so grouping and ordering both matter
    for (let i = 0; i < 6; i++) {
      for (const who of [c, a, b]) {
        await store.addStudySession({ learnerId: who, moduleId: null, kind: "reading", minutes: 10 + i, startedAt: new Date(t0 - i * 3_600_000 + who) });
        await store.addLabAttempt({ learnerId: who, labId: i % 2 ? "einsum-drills" : "svd-compression", codeHash: `h${i}`, verdict: i === 5 ? "pass" : "fail", durationMs: 5, result: { tests: [{ name: `t${i}`, status: "fail" }] } });
      }
    }
    await store.setModuleStatus(b, "probability", "done");
    await store.setModuleStatus(b, "linear-algebra", "in_progress");
    await store.setModuleStatus(a, "linear-algebra", "done");
    await store.recordOverride(c, "transformer-anatomy", ["linear-algebra"], "I know this");
    await store.recordOverride(c, "pretraining", ["transformer-anatomy"], "and this");

    const rec = await cohortRecords(store, [d, b, a, c]);
    for (const id of ids) {
      expect(rec.statuses.get(id)).toEqual(await store.listModuleStatus(id));
      expect(rec.overrides.get(id)).toEqual(await store.listOverrides(id));
      expect(rec.sessions.get(id)).toEqual(await store.listStudySessions(id));
      expect(rec.attempts.get(id)).toEqual(await store.listLabAttempts(id));
    }
    expect(rec.sessions.get(d)).toEqual([]);
    expect(rec.attempts.get(a)).toHaveLength(6);

    const partial = await cohortRecords(store, [a]);
    expect([...partial.attempts.keys()]).toEqual([a]); // only the cohort's learners
    const empty = await cohortRecords(store, []);
    expect(empty.attempts.size).toBe(0);
  });
});
