// `llmpath module <id>`: one module's summary, prerequisites (with status), objectives, topics and labs.
import type { Command } from "commander";
import { moduleProgress } from "../../learner/progress.ts";
import type { CliContext } from "../context.ts";
import { loadFacts } from "../progress.ts";
import { STATE_MARK } from "./roadmap.ts";

export function register(program: Command, ctx: () => CliContext): void {
  program
    .command("module <id>")
    .description("show one module: prerequisites, objectives, topics, labs")
    .option("--json", "print JSON")
    .action(async (id: string, opts: { json?: boolean }) => {
      const c = ctx();
      const m = c.module(id);
      const cur = c.curriculum();
      const progress = new Map(moduleProgress(cur, await loadFacts(c)).map((p) => [p.id, p]));
      const stage = cur.stages.find((s) => s.id === m.stage)!;
      const state = progress.get(m.id)!;
      if (opts.json) {
        return c.json({
          id: m.id,
          stage: { id: stage.id, order: stage.order, title: stage.title },
          hours: m.hours,
          optional: m.optional,
          title: m.title,
          summary: m.summary,
          whyPrerequisites: m.why_prerequisites,
          prerequisites: m.prerequisites.map((p) => ({ id: p, state: progress.get(p)?.state })),
          objectives: m.objectives,
          topics: m.topics,
          labs: m.labs.map((l) => ({ id: l.id, title: l.title, minutes: l.minutes, difficulty: l.difficulty })),
          cards: m.cards.length,
          state: state.state,
          missing: state.missing,
        });
      }
      const L = c.lang;
      c.out(`${STATE_MARK[state.state]} ${m.id} — ${m.title[L]}  [${c.t(`state.${state.state}`)}]`);
      c.out(`${c.t("module.stage", { order: stage.order, title: stage.title[L] })} · ${c.t("module.hours", { hours: m.hours })}${m.optional ? ` ${c.t("module.optional")}` : ""}`);
      c.out("");
      c.out(m.summary[L]);
      c.out("");
      if (m.prerequisites.length) {
        c.out(`${c.t("module.prereqs")}:`);
        for (const p of m.prerequisites) {
          const ps = progress.get(p)!.state;
          c.out(`  ${STATE_MARK[ps]} ${p} — ${cur.modules.get(p)!.title[L]} [${c.t(`state.${ps}`)}]`);
        }
      } else c.out(c.t("module.prereqs.none"));
      c.out(`${c.t("module.why")}: ${m.why_prerequisites[L]}`);
      c.out("");
      c.out(`${c.t("module.objectives")}:`);
      for (const [i, o] of m.objectives.entries()) c.out(`  ${i + 1}. ${o[L]}`);
      c.out(`${c.t("module.topics")}:`);
      for (const t of m.topics) c.out(`  - ${t[L]}`);
      if (m.labs.length) {
        c.out(`${c.t("module.labs")}:`);
        for (const l of m.labs) c.out(`  - ${l.id} — ${l.title[L]} (${l.minutes} min, ${l.difficulty})`);
      } else c.out(c.t("module.labs.none"));
    });
}
