import { describe, expect, it } from "vitest";
import type { Card } from "../curriculum/index.ts";
import { makeCurriculum } from "./fixtures.ts";
import { type CardStateJson, applyReview, cardKey, dueCards, fromJson, toJson, unlockedCards } from "./review.ts";

const t = (s: string) => ({ en: s, zh: s });
const cards = (m: string, n: number): Card[] => Array.from({ length: n }, (_, i) => ({ id: `${m}/c${i}`, kind: "recall", front: t("q"), back: t("a") }));
const c = makeCurriculum([
  { id: "s1", modules: [{ id: "la", hours: 50, cards: cards("la", 3) }, { id: "prob", hours: 50, cards: cards("prob", 2) }] },
  { id: "s2", modules: [{ id: "attn", hours: 100, cards: cards("attn", 25) }] },
]);
const now = new Date("2025-03-01T08:00:00Z");
const DAY = 86_400_000;

describe("unlocking", () => {
  it("unlocks the cards of started, done and credited modules only", () => {
    expect(unlockedCards(c, [])).toEqual([]);
    const u = unlockedCards(c, [
      { moduleId: "prob", status: "in_progress", origin: "self" },
      { moduleId: "la", status: "done", origin: "credited" },
    ]);
    expect(u.map((x) => x.card.id)).toEqual(["la/c0", "la/c1", "la/c2", "prob/c0", "prob/c1"]);
  });
});

describe("FSRS scheduling", () => {
  const item = { moduleId: "la", card: c.modules.get("la")!.cards[0]! };
  it("a new card rated good is due days later; again brings it back sooner", () => {
    const good = applyReview(item, "good", now);
    const again = applyReview(item, "again", now);
    expect(Date.parse(good.state.due) - now.getTime()).toBeGreaterThanOrEqual(DAY);
    expect(Date.parse(again.state.due)).toBeLessThan(Date.parse(good.state.due));
    expect(good.state.reps).toBe(1);
  });
  it("due dates advance with each successful review", () => {
    let state: CardStateJson | undefined;
    let at = now;
    const intervals: number[] = [];
    for (let i = 0; i < 4; i++) {
      const s = applyReview({ ...item, state }, "good", at);
      intervals.push(Date.parse(s.state.due) - at.getTime());
      state = s.state;
      at = new Date(s.state.due);
    }
    for (let i = 1; i < intervals.length; i++) expect(intervals[i]!).toBeGreaterThan(intervals[i - 1]!);
  });
  it("a lapse counts and shortens the interval", () => {
    const first = applyReview(item, "good", now);
    const second = applyReview({ ...item, state: first.state }, "good", new Date(first.state.due));
    const lapse = applyReview({ ...item, state: second.state }, "again", new Date(second.state.due));
    expect(lapse.state.lapses).toBe(1);
    expect(Date.parse(lapse.state.due) - Date.parse(second.state.due)).toBeLessThan(Date.parse(second.state.due) - Date.parse(first.state.due));
  });
  it("the JSON form round-trips", () => {
    const s = applyReview(item, "hard", now).state;
    expect(toJson(fromJson(s))).toEqual(s);
  });
});

describe("what is due", () => {
  const facts = [
    { moduleId: "la", status: "done" as const, origin: "self" as const },
    { moduleId: "attn", status: "in_progress" as const, origin: "self" as const },
  ];
  it("offers due reviews first (most overdue first), then new cards up to the cap", () => {
    const item = (id: string) => ({ moduleId: "la", card: c.modules.get("la")!.cards.find((x) => x.id === id)! });
    const s0 = applyReview(item("la/c0"), "good", new Date(now.getTime() - 30 * DAY)).state;
    const s1 = applyReview(item("la/c1"), "good", new Date(now.getTime() - 20 * DAY)).state;
    const s2 = applyReview(item("la/c2"), "easy", now).state;
    const states = new Map([
      [cardKey("la", "la/c1"), s1],
      [cardKey("la", "la/c0"), s0],
      [cardKey("la", "la/c2"), s2],
    ]);
    const d = dueCards(c, facts, states, now, 10);
    expect(d.due.slice(0, 2).map((x) => x.card.id)).toEqual(["la/c0", "la/c1"]);
    expect(d).toMatchObject({ dueReviews: 2, newCards: 10, newWaiting: 15, unlocked: 28, nextDue: s2.due });
    expect(d.due[2]!.card.id).toBe("attn/c0");
  });
});
