// `llmpath log <duration> --module <id> --kind reading|lab|review|project [--note]`: record study time.
import type { Command } from "commander";
import { formatMinutes, parseDuration } from "../../learner/duration.ts";
import { LearnerError } from "../../learner/errors.ts";
import { DEFAULT_HOURS_PER_WEEK } from "../../learner/plan-settings.ts";
import { type StudyKind, STUDY_KINDS } from "../../store/index.ts";
import type { CliContext } from "../context.ts";
import { loadPlanRecord, localised, now } from "./_learner.ts";

export function parseKind(value: string): StudyKind {
  const k = value.trim().toLowerCase();
  if (!(STUDY_KINDS as readonly string[]).includes(k)) throw new LearnerError("kind.invalid", { value, kinds: STUDY_KINDS.join(", ") });
  return k as StudyKind;
}

/** Hours logged in the 7 days up to `at`, and the weekly target from the plan (20 h without one). */
export async function lastWeek(c: CliContext, at: Date): Promise<{ week: number; target: number }> {
  const store = await c.store();
  const since = new Date(at.getTime() - 7 * 86_400_000);
  const sessions = await store.listStudySessions(await c.learnerId(), { since });
  const minutes = sessions.filter((s) => s.startedAt.getTime() <= at.getTime()).reduce((a, s) => a + s.minutes, 0);
  return { week: Math.round((minutes / 60) * 10) / 10, target: (await loadPlanRecord(c))?.settings.hoursPerWeek ?? DEFAULT_HOURS_PER_WEEK };
}

export function register(program: Command, ctx: () => CliContext): void {
  program
    .command("log <duration>")
    .description("log study time, e.g. llmpath log 1h30m --module linear-algebra --kind reading")
    .requiredOption("--module <id>", "the module you studied")
    .requiredOption("--kind <kind>", "reading, lab, review or project")
    .option("--note <text>", "a short note")
    .option("--json", "print JSON")
    .action(
      localised(ctx, async (c, duration: string, opts: { module: string; kind: string; note?: string; json?: boolean }) => {
        const minutes = parseDuration(duration);
        const kind = parseKind(opts.kind);
        const m = c.module(opts.module);
        const at = now(c);
        const store = await c.store();
        const row = await store.addStudySession({
          learnerId: await c.learnerId(),
          moduleId: m.id,
          kind,
          minutes,
          startedAt: new Date(at.getTime() - minutes * 60_000),
          note: opts.note?.trim() || undefined,
        });
        const week = await lastWeek(c, at);
        if (opts.json) return c.json({ id: row.id, moduleId: m.id, kind, minutes, startedAt: row.startedAt.toISOString(), note: row.note, lastWeekHours: week.week, targetHours: week.target });
        c.out(c.t("log.done", { duration: formatMinutes(minutes), kind: c.t(`log.kind.${kind}`), module: m.id, week: week.week, target: week.target }));
      }),
    );
}
