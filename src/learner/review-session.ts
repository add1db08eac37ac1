// The interactive review loop, written against an injected prompt (ask/say) so the terminal, a test stream,
// or a pseudo-terminal can drive it. Each answer is recorded before the next card is shown.
import { type Checkable, checkAnswer, choiceLetter } from "./answers.ts";
import { type ReviewItem, type ReviewRating, type Scheduled, applyReview, ratingFor } from "./review.ts";

export interface ReviewIO {
  /** shows a prompt and resolves with the typed line, or null at end of input */
  ask(prompt: string): Promise<string | null>;
  say(text: string): void;
}

export interface ReviewSessionOptions {
  items: readonly ReviewItem[];
  lang: "en" | "zh";
  t: (key: string, params?: Record<string, string | number>) => string;
  now: () => Date;
  /** persists one review; called before the next card */
  record: (item: ReviewItem, result: Scheduled, answer: string, correct: boolean | null) => Promise<void>;
  io: ReviewIO;
}

export interface ReviewSessionSummary {
  reviewed: number;
  correct: number;
  again: number;
  quit: boolean;
  /** per card: id, rating, new due date */
  results: { moduleId: string; cardId: string; rating: ReviewRating; due: string }[];
}

const QUIT = new Set(["q", "quit", "exit", ":q", "退出"]);
const RATINGS: Record<string, ReviewRating> = { "1": "again", "2": "hard", "3": "good", "4": "easy", a: "again", h: "hard", g: "good", e: "easy" };

/** Asks until the answer is acceptable; null means quit (q or end of input). */
async function askUntil<T>(io: ReviewIO, prompt: string, parse: (s: string) => T | undefined, retry: string): Promise<{ value: T; raw: string } | null> {
  for (;;) {
    const raw = await io.ask(prompt);
    if (raw === null || QUIT.has(raw.trim().toLowerCase())) return null;
    const value = parse(raw);
    if (value !== undefined) return { value, raw: raw.trim() };
    io.say(retry);
  }
}

export async function runReviewSession(o: ReviewSessionOptions): Promise<ReviewSessionSummary> {
  const { io, t, lang } = o;
  const summary: ReviewSessionSummary = { reviewed: 0, correct: 0, again: 0, quit: false, results: [] };
  for (const [i, item] of o.items.entries()) {
    const card = item.card;
    io.say("");
    io.say(t("review.cardHeader", { n: i + 1, total: o.items.length, module: item.moduleId, kind: t(`review.kind.${card.kind}`) }));
    io.say(card.front[lang]);
    let rating: ReviewRating;
    let answer = "";
    let correct: boolean | null = null;
    if (card.kind === "recall") {
      const shown = await askUntil(io, t("review.promptReveal"), (s) => s, "");
      if (!shown) return { ...summary, quit: true };
      io.say(t("review.answerIs", { answer: card.back[lang] }));
      const r = await askUntil(io, t("review.promptRate"), (s) => RATINGS[s.trim().toLowerCase()], t("review.rateRetry"));
      if (!r) return { ...summary, quit: true };
      rating = r.value;
      answer = r.raw;
    } else {
      if (card.kind === "choice") for (const [k, ch] of card.choices.entries()) io.say(`  ${choiceLetter(k)}) ${ch[lang]}`);
      const q: Checkable = card;
      const prompt = card.kind === "choice" ? t("review.promptChoice", { last: choiceLetter(card.choices.length - 1) }) : t("review.promptNumber");
      const retry = card.kind === "choice" ? t("review.choiceRetry", { last: choiceLetter(card.choices.length - 1) }) : t("review.numberRetry");
      const a = await askUntil(io, prompt, (s) => { const r = checkAnswer(q, s); return r.status === "unreadable" ? undefined : r.status; }, retry);
      if (!a) return { ...summary, quit: true };
      correct = a.value === "correct";
      answer = a.raw;
      const expected = card.kind === "choice" ? `${choiceLetter(card.correct)}) ${card.choices[card.correct]![lang]}` : card.tolerance ? `${card.answer} ± ${card.tolerance}` : String(card.answer);
      io.say(correct ? t("review.correct") : t("review.wrong", { expected }));
      io.say(card.back[lang]);
      rating = ratingFor(a.value);
    }
    const result = applyReview(item, rating, o.now());
    await o.record(item, result, answer, correct);
    summary.reviewed++;
    if (correct === true || (correct === null && rating !== "again")) summary.correct++;
    if (rating === "again") summary.again++;
    summary.results.push({ moduleId: item.moduleId, cardId: card.id, rating, due: result.state.due });
    io.say(t("review.nextDue", { date: result.state.due.slice(0, 10), rating: t(`review.rating.${rating}`) }));
  }
  return summary;
}
