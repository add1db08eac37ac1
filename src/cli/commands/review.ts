// `llmpath review`: an interactive spaced-review session in the terminal (FSRS via ts-fsrs); every answer is saved
// as it is given. Without a terminal it refuses politely and offers --json, which lists what is due.
import type { Command } from "commander";
import { runReviewSession } from "../../learner/review-session.ts";
import { recordReview } from "../../store/learner-repo.ts";
import type { CliContext } from "../context.ts";
import { UserError } from "../errors.ts";
import { loadFacts } from "../progress.ts";
import { dueSummary, localised, now, terminalPrompt } from "./_learner.ts";

export function register(program: Command, ctx: () => CliContext): void {
  program
    .command("review")
    .description("review the cards that are due (interactive; --json lists them)")
    .option("--limit <n>", "review at most this many cards")
    .option("--json", "list what is due as JSON instead of reviewing")
    .action(
      localised(ctx, async (c, opts: { limit?: string; json?: boolean }) => {
        const started = now(c);
        const d = await dueSummary(c, started, await loadFacts(c));
        if (opts.limit !== undefined && !/^\s*[1-9]\d*\s*$/.test(opts.limit)) throw new UserError(c.t("review.limitInvalid", { value: opts.limit }));
        const limit = opts.limit === undefined ? Number.POSITIVE_INFINITY : Number(opts.limit);
        const items = d.due.slice(0, limit);
        if (opts.json) {
          const { due, ...counts } = d;
          return c.json({ ...counts, cards: items.map((x) => ({ moduleId: x.moduleId, cardId: x.card.id, kind: x.card.kind, front: x.card.front[c.lang], due: x.state?.due ?? null, new: !x.state })) });
        }
        if (!c.io.isTTY) throw new UserError(c.t("review.noTty"));
        if (!d.unlocked) return c.out(c.t("review.nothingUnlocked"));
        if (!items.length) return c.out(d.nextDue ? c.t("review.nothingDue", { date: d.nextDue.slice(0, 10) }) : c.t("review.nothingDueNoDate"));
        const store = await c.store();
        const learnerId = await c.learnerId();
        c.out(c.t("review.intro", { due: items.length, reviews: Math.min(d.dueReviews, items.length), fresh: Math.max(0, items.length - d.dueReviews) }));
        const io = terminalPrompt(c);
        let summary: Awaited<ReturnType<typeof runReviewSession>>;
        try {
          summary = await runReviewSession({
            items,
            lang: c.lang,
            t: (key, params) => c.t(key, params),
            now: () => now(c),
            io,
            record: (item, r, answer, correct) =>
              recordReview(store, learnerId, { moduleId: item.moduleId, cardId: item.card.id, state: r.state, rating: r.rating, answer, correct, dueBefore: r.before?.due ?? null, reviewedAt: r.reviewedAt }),
          });
        } finally {
          io.close();
        }
        if (summary.reviewed > 0) {
          const minutes = Math.max(1, Math.round((Date.now() - started.getTime()) / 60_000));
          // with a pinned clock (LLMPATH_NOW) wall time is meaningless; log one minute per card instead
          const logged = c.io.env.LLMPATH_NOW ? summary.reviewed : Math.min(minutes, 16 * 60);
          await store.addStudySession({ learnerId, moduleId: null, kind: "review", minutes: logged, startedAt: started });
        }
        c.out("");
        c.out(summary.quit ? c.t("review.stopped", { reviewed: summary.reviewed }) : c.t("review.summary", { reviewed: summary.reviewed, correct: summary.correct, again: summary.again }));
      }),
    );
}
