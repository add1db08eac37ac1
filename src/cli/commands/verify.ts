// `llmpath verify [lab]`: grades the workspace's file against the lab's own tests, records the attempt, exit 0 on pass.
import { existsSync } from "node:fs";
import { relative } from "node:path";
import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { UserError } from "../errors.ts";
import { gradeFile, recordAttempt } from "../labs/attempt.ts";
import { currentLab, findLab } from "../labs/lab-status.ts";
import { labState, pickLab, requireWorkspace } from "../labs/lookup.ts";
import { renderResult } from "../labs/render.ts";
import { learnerFile } from "../labs/workspace.ts";

export function register(program: Command, ctx: () => CliContext): void {
  program
    .command("verify [lab]")
    .description("grade your file of a lab (default: the current lab) against the lab's own tests; exit 0 on pass")
    .option("--workspace <dir>", "the workspace made by `llmpath init` (default: found from the current folder)")
    .option("--json", "print JSON")
    .action(async (labId: string | undefined, opts: { workspace?: string; json?: boolean }) => {
      const c = ctx();
      const ws = requireWorkspace(c, opts.workspace);
      // Opening the store (PGlite: ~0.7 s) overlaps with grading.
      const storeP = c.store();
      storeP.catch(() => undefined);
      const lab = labId !== undefined ? pickLab(c, [], labId) : pickLab(c, await labState(c, await storeP), undefined);
      const file = learnerFile(ws.root, lab);
      if (!existsSync(file)) throw new UserError(c.t("workspace.noFile", { lab: lab.id, file, root: relative(process.cwd(), ws.root) || "." }));
      if (!opts.json) c.out(c.t("verify.grading", { lab: lab.id, file: relative(process.cwd(), file) || file }));
      const { result, codeHash } = await gradeFile(lab, file);
      const store = await storeP;
      const learnerId = (await store.ensureLearner("local")).id;
      const attemptId = await recordAttempt(store, learnerId, lab.id, codeHash, result);
      const after = await labState(c, store);
      c.exitCode = result.verdict === "pass" ? 0 : 1;
      if (opts.json) return c.json({ lab: lab.id, verdict: result.verdict, attemptId, codeHash, result });
      const view = findLab(after, lab.id);
      if (view && view.moduleState === "locked") {
        const missing = after.find((m) => m.moduleId === lab.module)?.missing ?? [];
        c.out(c.t("lab.lockedNote", { module: lab.module, missing: missing.join(", ") }));
      }
      for (const line of renderResult(result, lab.id, c.t.bind(c))) c.out(line);
      c.out(c.t("verify.recorded", { verdict: c.t(`verdict.${result.verdict}`), hash: codeHash.slice(0, 12) }));
      if (result.verdict === "pass") {
        c.out("");
        c.out(c.t("verify.pytorch"));
        for (const line of lab.pytorch.trimEnd().split("\n")) c.out(`  ${line}`);
        const next = currentLab(after);
        if (next) c.out(`\n${c.t("verify.nextLab", { id: next.lab.id, title: next.lab.title[c.lang] })}`);
      }
    });
}
