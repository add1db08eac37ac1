// `llmpath init [dir]`: creates (or completes) a lab workspace — starters, READMEs, visible tests, tsconfig, types.
import { existsSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Command } from "commander";
import { UserError } from "../errors.ts";
import type { CliContext } from "../context.ts";
import { labsInOrder } from "../labs/lookup.ts";
import { scaffoldWorkspace } from "../labs/scaffold.ts";
import { generateTypes } from "../labs/types.ts";
import { DEFAULT_WORKSPACE, learnerFile, META_DIR } from "../labs/workspace.ts";

const SHOW_SKIPPED = 6;

/** A path relative to cwd when it is inside cwd, else absolute. */
function shown(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel === "" ? "." : rel.startsWith("..") ? p : rel;
}

export function register(program: Command, ctx: () => CliContext): void {
  program
    .command("init [dir]")
    .description(`create a lab workspace (default ./${DEFAULT_WORKSPACE}); running it again adds new labs and never overwrites your files`)
    .option("--json", "print JSON")
    .action(async (dir: string | undefined, opts: { json?: boolean }) => {
      const c = ctx();
      const root = resolve(process.cwd(), dir ?? DEFAULT_WORKSPACE);
      if (existsSync(root) && !statSync(root).isDirectory()) throw new UserError(c.t("init.notDir", { root }));
      const labs = labsInOrder(c);
      const report = scaffoldWorkspace(root, labs);
      const typesDir = join(root, META_DIR, "types");
      const types = await generateTypes(typesDir);
      if (opts.json) return c.json({ ...report, types: types.ok ? { dir: typesDir, files: types.files } : { error: types.why } });
      c.out(c.t("init.done", { root, created: report.created.length, labs: report.labsAdded.length }));
      if (report.skipped.length) {
        const shown = report.skipped.slice(0, SHOW_SKIPPED).join(", ");
        const more = report.skipped.length > SHOW_SKIPPED ? `, … (+${report.skipped.length - SHOW_SKIPPED})` : "";
        c.out(c.t("init.skipped", { count: report.skipped.length, list: shown + more }));
      }
      if (types.ok) c.out(c.t("init.types", { dir: shown(typesDir), files: types.files }));
      else c.io.err(c.t("init.noTypes", { why: types.why }));
      const first = labs[0];
      if (first) c.out(c.t("init.next", { root: shown(root), file: relative(root, learnerFile(root, first)) }));
    });
}
