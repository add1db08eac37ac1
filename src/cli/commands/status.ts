// `llmpath status`: where the learner stands — modules done, in progress, available next, overrides.
import type { Command } from "commander";
import { moduleProgress } from "../../learner/progress.ts";
import type { CliContext } from "../context.ts";
import { loadFacts } from "../progress.ts";

export function register(program: Command, ctx: () => CliContext): void {
  program
    .command("status")
    .description("what you have done, what is in progress, what comes next")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      const c = ctx();
      const progress = moduleProgress(c.curriculum(), await loadFacts(c));
      const finished = progress.filter((p) => p.state === "done" || p.state === "credited");
      const summary = {
        done: finished.map((p) => p.id),
        inProgress: progress.filter((p) => p.state === "in_progress").map((p) => p.id),
        available: progress.filter((p) => p.state === "available").map((p) => p.id),
        overridden: progress.filter((p) => p.overridden).map((p) => p.id),
        totalModules: progress.length,
        doneHours: finished.reduce((a, p) => a + p.hours, 0),
        totalHours: progress.reduce((a, p) => a + p.hours, 0),
      };
      if (opts.json) return c.json(summary);
      if (!summary.done.length && !summary.inProgress.length) return c.out(c.t("status.none", { next: summary.available[0] ?? "" }));
      c.out(c.t("status.summary", { done: summary.done.length, total: summary.totalModules, doneHours: summary.doneHours, totalHours: summary.totalHours }));
      if (summary.inProgress.length) c.out(c.t("status.inProgress", { list: summary.inProgress.join(", ") }));
      if (summary.available.length) c.out(c.t("status.next", { list: summary.available.slice(0, 5).join(", ") }));
      if (summary.overridden.length) c.out(c.t("status.overrides", { list: summary.overridden.join(", ") }));
    });
}
