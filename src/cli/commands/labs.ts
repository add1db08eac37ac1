// `llmpath labs`: every lab by module in learning order, with its status (passed / attempted / not started / locked).
import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { currentLab, type LabStatus } from "../labs/lab-status.ts";
import { labState } from "../labs/lookup.ts";
import { STATE_MARK } from "./roadmap.ts";

const LAB_MARK: Record<LabStatus, string> = { passed: "✓", attempted: "◐", not_started: "○", locked: "🔒" };

export function register(program: Command, ctx: () => CliContext): void {
  program
    .command("labs")
    .description("list the labs by module, with status; locked ones are marked")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      const c = ctx();
      const modules = await labState(c, await c.store());
      const current = currentLab(modules)?.lab.id;
      const L = c.lang;
      if (opts.json) {
        return c.json({
          current: current ?? null,
          modules: modules.map((m) => ({
            id: m.moduleId,
            state: m.state,
            missing: m.missing,
            labs: m.labs.map((v) => ({
              id: v.lab.id,
              stage: v.lab.stage,
              title: v.lab.title,
              status: v.status,
              attempts: v.attempts,
              minutes: v.lab.minutes,
              difficulty: v.lab.difficulty,
            })),
          })),
        });
      }
      if (modules.length === 0) return c.out(c.t("lab.none"));
      for (const m of modules) {
        const passed = m.labs.filter((v) => v.status === "passed").length;
        c.out(c.t("labs.module", { mark: STATE_MARK[m.state], module: m.moduleId, state: c.t(`state.${m.state}`), passed, total: m.labs.length }));
        if (m.state === "locked") c.out(c.t("labs.lockedBecause", { missing: m.missing.join(", ") }));
        for (const v of m.labs) {
          const here = v.lab.id === current ? "▶" : " ";
          c.out(`  ${here} ${LAB_MARK[v.status]} ${v.lab.id} — ${v.lab.title[L]} (${v.lab.minutes} min, ${v.lab.difficulty}) [${c.t(`lab.status.${v.status}`)}]`);
        }
      }
      if (current) c.out(`\n${c.t("labs.current", { id: current })}`);
    });
}
