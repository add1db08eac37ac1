// Review API: the cards due now (FSRS via the learner core), and answering one with a rating (saved at once).
import type { Hono } from "hono";
import { applyReview, type CardStateJson, dueCards, type ReviewRating } from "../../learner/review.ts";
import { listCardStates, recordReview } from "../../store/learner-repo.ts";
import { type AppDeps, apiError, jsonBody, nowOf, statusFacts } from "../deps.ts";

const RATINGS: readonly ReviewRating[] = ["again", "hard", "good", "easy"];

async function due(deps: AppDeps) {
  const states = (await listCardStates(deps.store, deps.learnerId)) as Map<string, unknown> as Map<string, CardStateJson>;
  return dueCards(deps.curriculum, await statusFacts(deps), states, nowOf(deps));
}

export function reviewRoutes(app: Hono, deps: AppDeps): void {
  app.get("/api/review", async (c) => {
    const d = await due(deps);
    const { due: items, ...counts } = d;
    return c.json({ ...counts, cards: items.map((x) => ({ moduleId: x.moduleId, cardId: x.card.id, kind: x.card.kind, front: x.card.front, back: x.card.back, new: !x.state })) });
  });

  app.post("/api/review", async (c) => {
    const body = await jsonBody(c);
    const rating = body?.rating as ReviewRating;
    if (!body || typeof body.moduleId !== "string" || typeof body.cardId !== "string") return apiError(c, 400, "card_missing");
    if (!RATINGS.includes(rating)) return apiError(c, 422, "rating_invalid", { value: String(body.rating), allowed: RATINGS });
    const item = (await due(deps)).due.find((x) => x.moduleId === body.moduleId && x.card.id === body.cardId);
    if (!item) return apiError(c, 409, "card_not_due", { moduleId: body.moduleId, cardId: body.cardId });
    const r = applyReview(item, rating, nowOf(deps));
    await recordReview(deps.store, deps.learnerId, { moduleId: item.moduleId, cardId: item.card.id, state: r.state, rating: r.rating, answer: null, correct: null, dueBefore: r.before?.due ?? null, reviewedAt: r.reviewedAt });
    return c.json({ moduleId: item.moduleId, cardId: item.card.id, rating, due: r.state.due });
  });
}
