// `llmpath curriculum check`: validates all of content/ and lists every problem, one line each.
import type { Command } from "commander";
import { checkLabs } from "../../curriculum/check-labs.ts";
import { formatProblem, loadCurriculumWithProblems } from "../../curriculum/index.ts";
import type { CliContext } from "../context.ts";
import "../labs/messages.ts";

export function register(program: Command, ctx: () => CliContext): void {
  const curriculum = program.command("curriculum").description("tools for curriculum authors");
  curriculum
    .command("check")
    .description("validate content/: ids, prerequisites, stage order, hour budgets, both languages, lab folders; grade every lab's starter and solution")
    .option("--json", "print JSON")
    .option("--no-labs", "skip grading the labs' starters and solutions (faster)")
    .action(async (opts: { json?: boolean; labs: boolean }) => {
      const c = ctx();
      const { curriculum: cur, problems } = loadCurriculumWithProblems(c.options.contentDir);
      problems.push(...(await checkLabs(cur, { grade: opts.labs })));
      const counts = {
        stages: cur.stages.length,
        modules: cur.modules.size,
        labs: cur.labs.size,
        cards: [...cur.modules.values()].reduce((a, m) => a + m.cards.length, 0),
      };
      if (problems.length) c.exitCode = 1;
      if (opts.json) return c.json({ ok: problems.length === 0, ...counts, problems });
      for (const p of problems) c.out(formatProblem(p));
      if (!opts.labs) c.out(c.t("check.labs.skipped"));
      c.out(problems.length ? c.t("curriculum.problems", { count: problems.length }) : c.t("curriculum.ok", counts));
    });
}
