// `llmpath hint [lab]`: one more hint each time (recorded), from gentle to specific; says when none are left.
import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { nextHint } from "../labs/hints.ts";
import { labState, pickLab } from "../labs/lookup.ts";

export function register(program: Command, ctx: () => CliContext): void {
  program
    .command("hint [lab]")
    .description("show the next hint of a lab (default: the current lab); each call reveals one more")
    .option("--json", "print JSON")
    .action(async (labId: string | undefined, opts: { json?: boolean }) => {
      const c = ctx();
      const store = await c.store();
      const lab = pickLab(c, labId === undefined ? await labState(c, store) : [], labId);
      const hint = await nextHint(store, await c.learnerId(), lab, c.lang);
      if (opts.json) return c.json({ lab: lab.id, ...hint });
      if (hint.kind === "none") return c.out(c.t("hint.none", { lab: lab.id, total: hint.total }));
      c.out(c.t("hint.show", { lab: lab.id, n: hint.n, total: hint.total, text: hint.text }));
    });
}
