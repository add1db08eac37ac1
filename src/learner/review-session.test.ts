import { describe, expect, it } from "vitest";
import type { Card } from "../curriculum/index.ts";
import type { ReviewItem, Scheduled } from "./review.ts";
import { runReviewSession } from "./review-session.ts";

const tx = (s: string) => ({ en: s, zh: `${s}（中）` });
const cards: Card[] = [
  { id: "r", kind: "recall", front: tx("What is SVD?"), back: tx("U S Vh") },
  { id: "n", kind: "numeric", front: tx("k(m+n+1) for 64, 1024, 512?"), back: tx("98368"), answer: 98368, tolerance: 0 },
  { id: "c", kind: "choice", front: tx("Shape?"), back: tx("batched"), choices: [tx("(4,3,2)"), tx("(3,2)")], correct: 0 },
];
const items: ReviewItem[] = cards.map((card) => ({ moduleId: "la", card }));
const t = (key: string, p: Record<string, string | number> = {}) => `${key}${Object.keys(p).length ? JSON.stringify(p) : ""}`;
const now = new Date("2025-03-01T08:00:00Z");

function scripted(lines: string[]) {
  const said: string[] = [];
  const asked: string[] = [];
  return {
    said,
    asked,
    io: {
      ask: async (prompt: string) => {
        asked.push(prompt);
        return lines.length ? lines.shift()! : null;
      },
      say: (s: string) => said.push(s),
    },
  };
}

describe("runReviewSession", () => {
  it("walks recall, numeric and choice cards, re-asks unreadable answers, records each review", async () => {
    const s = scripted(["", "5", "3", "lots", "98,368", "z", "b"]);
    const recorded: [string, Scheduled, string, boolean | null][] = [];
    const out = await runReviewSession({ items, lang: "en", t, now: () => now, io: s.io, record: async (i, r, a, c) => void recorded.push([i.card.id, r, a, c]) });
    expect(out).toMatchObject({ reviewed: 3, correct: 2, again: 1, quit: false });
    expect(recorded.map(([id, r, a, c]) => [id, r.rating, a, c])).toEqual([
      ["r", "good", "3", null],
      ["n", "good", "98,368", true],
      ["c", "again", "b", false],
    ]);
    expect(s.said).toContain("review.rateRetry");
    expect(s.said).toContain("review.numberRetry");
    expect(s.said).toContain('review.choiceRetry{"last":"b"}');
    expect(s.said).toContain('review.wrong{"expected":"a) (4,3,2)"}');
    for (const [, r] of recorded) expect(Date.parse(r.state.due)).toBeGreaterThan(now.getTime());
  });
  it("stops on q, keeping what was already recorded", async () => {
    const s = scripted(["", "4", "q"]);
    let n = 0;
    const out = await runReviewSession({ items, lang: "zh", t, now: () => now, io: s.io, record: async () => void n++ });
    expect(out).toMatchObject({ reviewed: 1, quit: true });
    expect(n).toBe(1);
    expect(s.said).toContain("What is SVD?（中）");
  });
  it("stops at end of input", async () => {
    const out = await runReviewSession({ items, lang: "en", t, now: () => now, io: scripted([]).io, record: async () => {} });
    expect(out).toMatchObject({ reviewed: 0, quit: true });
  });
});
