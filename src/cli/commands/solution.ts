// `llmpath solution <lab>`: the reference solution, shown after a pass or with --reveal; either way it is recorded.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { UserError } from "../errors.ts";
import { resolveLab } from "../labs/lookup.ts";

export function register(program: Command, ctx: () => CliContext): void {
  program
    .command("solution <lab>")
    .description("show a lab's reference solution: after you pass it, or earlier with --reveal (recorded)")
    .option("--reveal", "show it even though you have not passed the lab yet")
    .option("--json", "print JSON")
    .action(async (labId: string, opts: { reveal?: boolean; json?: boolean }) => {
      const c = ctx();
      const lab = resolveLab(c, labId);
      const store = await c.store();
      const learnerId = await c.learnerId();
      const passed = (await store.listLabAttempts(learnerId, lab.id)).some((a) => a.verdict === "pass");
      if (!passed && !opts.reveal) throw new UserError(c.t("solution.locked", { lab: lab.id }));
      const file = join(lab.dir, "solution.ts");
      const source = readFileSync(file, "utf8");
      await store.recordLabEvent(learnerId, lab.id, "solution", { passed, revealed: !passed });
      if (opts.json) return c.json({ lab: lab.id, passed, source });
      c.out(c.t("solution.header", { lab: lab.id, file: `${lab.stage}/${lab.id}/solution.ts` }));
      c.out("");
      for (const line of source.trimEnd().split("\n")) c.out(line);
    });
}
