// `llmpath start <id>` and `llmpath done <id>`: move a module forward, refusing while its foundations are missing.
import type { Command } from "commander";
import { moduleProgress, finishedSet } from "../../learner/progress.ts";
import { unlocked } from "../../curriculum/index.ts";
import type { CliContext } from "../context.ts";
import { UsageError, UserError } from "../errors.ts";
import { loadFacts } from "../progress.ts";

interface StartOptions {
  skipPrereqs?: boolean;
  reason?: string;
  json?: boolean;
}

/** The refusal: names the missing foundations, says why order matters, and how to override. */
function blocked(c: CliContext, id: string, missing: string[]): UserError {
  const m = c.module(id);
  return new UserError(
    [c.t("start.blocked", { id, missing: missing.join(", ") }), c.t("start.why", { why: m.why_prerequisites[c.lang] }), c.t("start.howto", { id })].join("\n"),
  );
}

export function register(program: Command, ctx: () => CliContext): void {
  program
    .command("start <id>")
    .description("start a module (refused while its prerequisites are not done)")
    .option("--skip-prereqs", "start anyway; needs --reason, and the override is recorded")
    .option("--reason <text>", "why you can skip the prerequisites")
    .option("--json", "print JSON")
    .action(async (id: string, opts: StartOptions) => {
      const c = ctx();
      if (opts.skipPrereqs && !opts.reason?.trim()) throw new UsageError(c.t("start.reasonRequired"));
      if (opts.reason && !opts.skipPrereqs) throw new UsageError(c.t("start.reasonWithoutSkip"));
      const m = c.module(id);
      const facts = await loadFacts(c);
      const state = moduleProgress(c.curriculum(), facts).find((p) => p.id === m.id)!;
      if (state.state === "in_progress" || state.state === "done" || state.state === "credited") {
        if (opts.json) return c.json({ id: m.id, state: state.state, changed: false });
        return c.out(c.t("start.already", { id: m.id, state: c.t(`state.${state.state}`) }));
      }
      const store = await c.store();
      const learner = await c.learnerId();
      if (state.missing.length && !opts.skipPrereqs) throw blocked(c, m.id, state.missing);
      if (state.missing.length) {
        await store.recordOverride(learner, m.id, state.missing, opts.reason!.trim());
        await store.setModuleStatus(learner, m.id, "in_progress", { origin: "override", reason: opts.reason!.trim() });
        if (opts.json) return c.json({ id: m.id, state: "in_progress", changed: true, override: { missing: state.missing, reason: opts.reason!.trim() } });
        return c.out(c.t("start.overridden", { id: m.id, missing: state.missing.join(", "), reason: opts.reason!.trim() }));
      }
      await store.setModuleStatus(learner, m.id, "in_progress", { origin: "self" });
      if (opts.json) return c.json({ id: m.id, state: "in_progress", changed: true });
      c.out(c.t("start.started", { id: m.id, title: m.title[c.lang] }));
    });

  program
    .command("done <id>")
    .description("mark a module done (it must be started or available)")
    .option("--json", "print JSON")
    .action(async (id: string, opts: { json?: boolean }) => {
      const c = ctx();
      const m = c.module(id);
      const cur = c.curriculum();
      const facts = await loadFacts(c);
      const state = moduleProgress(cur, facts).find((p) => p.id === m.id)!;
      if (state.state === "done" || state.state === "credited") {
        if (opts.json) return c.json({ id: m.id, state: state.state, changed: false, unlocked: [] });
        return c.out(c.t("done.already", { id: m.id }));
      }
      if (state.state === "locked") throw blocked(c, m.id, state.missing);
      const before = new Set(unlocked(cur, finishedSet(facts)));
      const store = await c.store();
      await store.setModuleStatus(await c.learnerId(), m.id, "done", { origin: state.overridden ? "override" : "self" });
      const after = finishedSet(facts).add(m.id);
      const newly = unlocked(cur, after).filter((x) => !before.has(x) && x !== m.id);
      if (opts.json) return c.json({ id: m.id, state: "done", changed: true, unlocked: newly });
      c.out(newly.length ? c.t("done.done", { id: m.id, unlocked: newly.join(", ") }) : c.t("done.doneNothingNew", { id: m.id }));
    });
}
