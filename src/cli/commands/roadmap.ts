// `llmpath roadmap`: every stage and module in learning order, with hours and the learner's status.
import type { Command } from "commander";
import { roadmapView } from "../../learner/roadmap-view.ts";
import type { CliContext } from "../context.ts";
import { loadFacts } from "../progress.ts";

export const STATE_MARK = { done: "✓", credited: "◆", in_progress: "▶", available: "○", locked: "✗" } as const;

export function register(program: Command, ctx: () => CliContext): void {
  program
    .command("roadmap")
    .description("show the whole route: stages → modules with hours and status")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      const c = ctx();
      const view = roadmapView(c.curriculum(), await loadFacts(c));
      if (opts.json) return c.json(view);
      c.out(c.t("roadmap.header", { stages: view.stages.length, hours: view.totalHours }));
      c.out(c.t("roadmap.legend"));
      for (const s of view.stages) {
        c.out("");
        c.out(c.t("roadmap.stage", { order: s.order, title: s.title[c.lang], hours: s.hours, done: s.doneHours }));
        const width = Math.max(...s.modules.map((m) => m.id.length));
        for (const m of s.modules) {
          const extra = m.state === "locked" ? `  (${c.t("roadmap.needs", { missing: m.missing.join(", ") })})` : "";
          c.out(`   ${STATE_MARK[m.state]} ${m.id.padEnd(width)}  ${String(m.hours).padStart(3)} h  ${m.title[c.lang]}${extra}`);
        }
      }
    });
}
