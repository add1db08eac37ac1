// Shared by the learner commands (plan, log, session, placement, review, journal, report): their messages,
// LearnerError → UserError, "now" (LLMPATH_NOW for reproducible runs), and loading the learner's rows.
import { createInterface } from "node:readline";
import { registerMessages } from "../../i18n/index.ts";
import { learner as en } from "../../i18n/en/learner.ts";
import { learner as zh } from "../../i18n/zh/learner.ts";
import { localDate } from "../../learner/dates.ts";
import { LearnerError } from "../../learner/errors.ts";
import { type CardStateJson, dueCards } from "../../learner/review.ts";
import type { TrapInput } from "../../learner/traps.ts";
import { isPlanRecord, type PlanRecord } from "../../learner/plan-record.ts";
import { PLAN_KEY, listCardStates } from "../../store/learner-repo.ts";
import type { CliContext } from "../context.ts";
import { UserError } from "../errors.ts";

registerMessages(en, zh);

/** Runs a command body, turning the learner core's coded errors into localised user errors (exit 1). */
export function localised<A extends unknown[]>(ctx: () => CliContext, body: (c: CliContext, ...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const c = ctx();
    try {
      await body(c, ...args);
    } catch (e) {
      if (e instanceof LearnerError) throw new UserError(c.t(e.code, e.params));
      throw e;
    }
  };
}

/** The current instant; LLMPATH_NOW (ISO 8601) pins it for demos and tests. */
export function now(c: CliContext): Date {
  const pinned = c.io.env.LLMPATH_NOW;
  if (!pinned) return new Date();
  const d = new Date(pinned);
  if (Number.isNaN(d.getTime())) throw new LearnerError("now.invalid", { value: pinned });
  return d;
}

export const today = (c: CliContext) => localDate(now(c));

export async function loadPlanRecord(c: CliContext): Promise<PlanRecord | undefined> {
  const store = await c.store();
  const v = await store.getSetting(await c.learnerId(), PLAN_KEY);
  return isPlanRecord(v) ? v : undefined;
}

/** Everything the trap rules and the report need, read once. */
export async function loadLearnerRows(c: CliContext) {
  const store = await c.store();
  const id = await c.learnerId();
  const [statuses, overrides, sessions, attempts] = await Promise.all([store.listModuleStatus(id), store.listOverrides(id), store.listStudySessions(id), store.listLabAttempts(id)]);
  return { statuses, overrides, sessions, attempts };
}

export function trapInput(c: CliContext, rows: Awaited<ReturnType<typeof loadLearnerRows>>, at: Date): TrapInput {
  return {
    now: at,
    curriculum: c.curriculum(),
    statuses: rows.statuses.map((s) => ({ moduleId: s.moduleId, status: s.status, origin: s.origin, doneAt: s.doneAt, startedAt: s.startedAt })),
    overrides: rows.overrides.map((o) => ({ moduleId: o.moduleId, createdAt: o.createdAt })),
    sessions: rows.sessions.map((s) => ({ moduleId: s.moduleId, kind: s.kind, minutes: s.minutes, startedAt: s.startedAt })),
    labAttempts: rows.attempts.map((a) => ({ labId: a.labId, verdict: a.verdict, createdAt: a.createdAt })),
  };
}

/** Minutes logged per module, all time. */
export function minutesByModule(sessions: readonly { moduleId: string | null; minutes: number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of sessions) if (s.moduleId) out[s.moduleId] = (out[s.moduleId] ?? 0) + s.minutes;
  return out;
}

export async function dueSummary(c: CliContext, at: Date, facts: Parameters<typeof dueCards>[1]) {
  const store = await c.store();
  const states = (await listCardStates(store, await c.learnerId())) as Map<string, unknown> as Map<string, CardStateJson>;
  return dueCards(c.curriculum(), facts, states, at);
}

export const list = (c: CliContext, items: readonly string[]) => (items.length ? items.join(", ") : c.t("report.none"));

/** A line prompt on the real terminal; `ask` resolves null at end of input (Ctrl+D) or after close. */
export function terminalPrompt(c: CliContext): { ask: (prompt: string) => Promise<string | null>; say: (text: string) => void; close: () => void } {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  let closed = false;
  const waiting = new Set<(v: string | null) => void>();
  rl.on("close", () => {
    closed = true;
    for (const resolve of waiting) resolve(null);
    waiting.clear();
  });
  return {
    ask: (prompt) =>
      closed
        ? Promise.resolve(null)
        : new Promise((resolve) => {
            waiting.add(resolve);
            rl.question(prompt, (answer) => {
              waiting.delete(resolve);
              resolve(answer);
            });
          }),
    say: (text) => c.out(text),
    close: () => rl.close(),
  };
}
