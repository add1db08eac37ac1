// The learner core's storage on PGlite: review states and logs, placement credit, journal, running session.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Store, openStore } from "./index.ts";
import {
  SESSION_KEY,
  addContribution,
  addPapers,
  countReviewLogs,
  getPaper,
  isActiveSession,
  listCardStates,
  listContributions,
  listPapers,
  listPlacementResults,
  recordPlacement,
  recordReview,
  setContributionStatus,
  stopSession,
  updatePaperNotes,
} from "./learner-repo.ts";
import { freshDataDir } from "./testing/pglite-template.ts";

let store: Store;
let learner: number;
let cleanup: () => void;

beforeAll(async () => {
  const fresh = await freshDataDir();
  cleanup = fresh.cleanup;
  store = await openStore({ dataDir: fresh.dir });
  learner = (await store.ensureLearner("local")).id;
});
afterAll(async () => {
  await store?.close();
  cleanup?.();
});

const paper = (title: string, bibkey: string | null = null) => ({ title, venue: "ICLR", year: 2022, oral: false, link: null, tags: ["x"], bibkey, notes: {} });

describe("learner repository", () => {
  it("stores a review's state (upserted) and its log", async () => {
    const state = { due: "2025-03-04T08:00:00.000Z", reps: 1, stability: 3.1 };
    await recordReview(store, learner, { moduleId: "la", cardId: "c1", state, rating: "good", answer: "3", correct: null, dueBefore: null, reviewedAt: "2025-03-01T08:00:00.000Z" });
    const later = { ...state, due: "2025-03-14T08:00:00.000Z", reps: 2 };
    await recordReview(store, learner, { moduleId: "la", cardId: "c1", state: later, rating: "good", answer: "3", correct: null, dueBefore: state.due, reviewedAt: "2025-03-04T08:00:00.000Z" });
    const states = await listCardStates(store, learner);
    expect(states.size).toBe(1);
    expect(states.get("la::c1")).toEqual(later);
    expect(await countReviewLogs(store, learner)).toBe(2);
    expect(await countReviewLogs(store, learner, new Date("2025-03-02T00:00:00Z"))).toBe(1);
  });

  it("a passed placement credits the module in the same transaction; a failed one does not", async () => {
    await recordPlacement(store, learner, { moduleId: "prob", correct: 2, total: 5, score: 0.4, passed: false, answers: ["a"] });
    expect((await store.listModuleStatus(learner)).find((r) => r.moduleId === "prob")).toBeUndefined();
    await recordPlacement(store, learner, { moduleId: "prob", correct: 5, total: 5, score: 1, passed: true, answers: ["a"] });
    expect((await store.listModuleStatus(learner)).find((r) => r.moduleId === "prob")).toMatchObject({ status: "done", origin: "credited" });
    expect((await listPlacementResults(store, learner)).map((r) => r.passed)).toEqual([false, true]);
  });

  it("an invalid placement row stores nothing at all", async () => {
    await expect(recordPlacement(store, learner, { moduleId: "tok", correct: 9, total: 5, score: 1, passed: true, answers: [] })).rejects.toThrow();
    expect((await store.listModuleStatus(learner)).find((r) => r.moduleId === "tok")).toBeUndefined();
  });

  it("adds papers, skips known bibkeys, edits notes", async () => {
    const first = await addPapers(store, learner, [paper("LoRA", "hu2022"), paper("No key")]);
    expect(first.added.length).toBe(2);
    const again = await addPapers(store, learner, [paper("LoRA", "hu2022"), paper("Flash", "dao2023")]);
    expect(again).toMatchObject({ skipped: ["hu2022"], added: [{ title: "Flash" }] });
    const id = first.added[0]!.id;
    await updatePaperNotes(store, learner, id, { setup: "GPT-3 175B" });
    expect((await getPaper(store, learner, id))?.notes).toEqual({ setup: "GPT-3 175B" });
    expect((await listPapers(store, learner)).map((p) => p.title)).toEqual(["LoRA", "No key", "Flash"]);
    expect(await updatePaperNotes(store, learner, 9999, {})).toBeUndefined();
  });

  it("tracks contributions and their status", async () => {
    const c = await addContribution(store, learner, { project: "vllm", kind: "feature", link: null, status: "planned", note: null });
    await setContributionStatus(store, learner, c.id, "merged");
    expect((await listContributions(store, learner)).map((x) => [x.project, x.status])).toEqual([["vllm", "merged"]]);
    await expect(addContribution(store, learner, { project: "x", kind: "tweet", link: null, status: "planned", note: null })).rejects.toThrow();
  });

  it("stopping a session stores it and clears the running one together", async () => {
    const s = { moduleId: "la", kind: "reading" as const, startedAt: "2025-03-01T08:00:00.000Z", note: null };
    await store.setSetting(learner, SESSION_KEY, s);
    expect(isActiveSession(await store.getSetting(learner, SESSION_KEY))).toBe(true);
    await stopSession(store, learner, s, 45);
    expect(await store.getSetting(learner, SESSION_KEY)).toBeUndefined();
    expect((await store.listStudySessions(learner)).at(-1)).toMatchObject({ moduleId: "la", minutes: 45, kind: "reading" });
  });
});
