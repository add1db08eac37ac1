// Spaced review with FSRS (ts-fsrs): which cards are unlocked, which are due, how an answer becomes a rating,
// and the card state as JSON for the store. Pure: the caller passes `now` and the stored states.
import { type Card as FsrsCard, type Grade, Rating, type State, createEmptyCard, fsrs, generatorParameters } from "ts-fsrs";
import type { Card, Curriculum } from "../curriculum/index.ts";
import type { StatusFact } from "./progress.ts";

/** New cards introduced per session: enough to make progress, few enough that the due pile never explodes. */
export const NEW_CARDS_PER_SESSION = 20;

/** Day-granular scheduling: a terminal session once a day, so no minute-long learning steps; no fuzz, so tests are exact. */
const scheduler = fsrs(generatorParameters({ enable_fuzz: false, enable_short_term: false }));

export type ReviewRating = "again" | "hard" | "good" | "easy";
const RATING: Record<ReviewRating, Grade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };

/** The FSRS state as stored (jsonb): dates as ISO strings. */
export interface CardStateJson {
  due: string;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review: string | null;
}

export interface ReviewItem {
  moduleId: string;
  card: Card;
  /** undefined for a card never reviewed */
  state?: CardStateJson;
}

export const cardKey = (moduleId: string, cardId: string) => `${moduleId}::${cardId}`;

export function toJson(c: FsrsCard): CardStateJson {
  return {
    due: c.due.toISOString(),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsed_days: c.elapsed_days,
    scheduled_days: c.scheduled_days,
    learning_steps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
    last_review: c.last_review ? c.last_review.toISOString() : null,
  };
}

export function fromJson(j: CardStateJson): FsrsCard {
  return { ...j, due: new Date(j.due), state: j.state as State, last_review: j.last_review ? new Date(j.last_review) : undefined };
}

/** Cards of every module the learner has started (in progress, done or credited), in learning order. */
export function unlockedCards(c: Curriculum, facts: readonly StatusFact[]): { moduleId: string; card: Card }[] {
  const open = new Set(facts.filter((f) => f.status === "in_progress" || f.status === "done").map((f) => f.moduleId));
  return c.stages.flatMap((s) => s.modules.filter((id) => open.has(id)).flatMap((id) => (c.modules.get(id)?.cards ?? []).map((card) => ({ moduleId: id, card }))));
}

export interface DueSummary {
  due: ReviewItem[];
  /** reviewed cards due now */
  dueReviews: number;
  /** never-seen cards offered now (capped) */
  newCards: number;
  /** never-seen cards beyond the cap */
  newWaiting: number;
  /** the next due date among cards not due now */
  nextDue: string | null;
  unlocked: number;
}

/** Due reviews first (most overdue first), then new cards in learning order up to the cap. */
export function dueCards(c: Curriculum, facts: readonly StatusFact[], states: ReadonlyMap<string, CardStateJson>, now: Date, newLimit = NEW_CARDS_PER_SESSION): DueSummary {
  const unlocked = unlockedCards(c, facts);
  const reviews: ReviewItem[] = [];
  const fresh: ReviewItem[] = [];
  let nextDue: string | null = null;
  for (const u of unlocked) {
    const state = states.get(cardKey(u.moduleId, u.card.id));
    if (!state) fresh.push(u);
    else if (Date.parse(state.due) <= now.getTime()) reviews.push({ ...u, state });
    else if (!nextDue || state.due < nextDue) nextDue = state.due;
  }
  reviews.sort((a, b) => Date.parse(a.state!.due) - Date.parse(b.state!.due));
  const offered = fresh.slice(0, newLimit);
  return { due: [...reviews, ...offered], dueReviews: reviews.length, newCards: offered.length, newWaiting: fresh.length - offered.length, nextDue, unlocked: unlocked.length };
}

/** Auto-graded cards: right → good, wrong → again. Recall cards use the learner's own rating. */
export function ratingFor(result: "correct" | "wrong"): ReviewRating {
  return result === "correct" ? "good" : "again";
}

export interface Scheduled {
  state: CardStateJson;
  rating: ReviewRating;
  /** the state before the review (undefined for a new card) */
  before?: CardStateJson;
  reviewedAt: string;
}

/** Applies one review at `now` and returns the card's new FSRS state. */
export function applyReview(item: ReviewItem, rating: ReviewRating, now: Date): Scheduled {
  const card = item.state ? fromJson(item.state) : createEmptyCard(now);
  const { card: next } = scheduler.next(card, now, RATING[rating]);
  return { state: toJson(next), rating, before: item.state, reviewedAt: now.toISOString() };
}
