// `llmpath watch [lab]`: rustlings-style — grades the current lab on every save, moves on after a pass; q or Ctrl+C quits.
import { existsSync } from "node:fs";
import { relative } from "node:path";
import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { UserError } from "../errors.ts";
import { BriefStore } from "../labs/brief-store.ts";
import { labsByModule } from "../labs/lab-status.ts";
import { pickLab, requireWorkspace } from "../labs/lookup.ts";
import { WatchSession } from "../labs/watch-session.ts";
import { learnerFile } from "../labs/workspace.ts";

/** Keys while watching: q / Ctrl+C / Ctrl+D quit, h shows the next hint. Works on a TTY (raw mode) and on piped lines. */
function listenKeys(onQuit: () => void, onHint: () => void): () => void {
  const stdin = process.stdin;
  const raw = stdin.isTTY === true;
  const onData = (chunk: Buffer | string) => {
    const text = chunk.toString().toLowerCase();
    // q, Ctrl+C (ETX, 3) and Ctrl+D (EOT, 4) quit: in raw mode Ctrl+C arrives as a byte, not as SIGINT.
    if (text.includes("q") || [...text].some((ch) => ch.charCodeAt(0) === 3 || ch.charCodeAt(0) === 4)) onQuit();
    else if (text.includes("h")) onHint();
  };
  if (raw) stdin.setRawMode(true);
  stdin.on("data", onData);
  stdin.on("error", () => undefined);
  stdin.resume();
  return () => {
    stdin.off("data", onData);
    if (raw) stdin.setRawMode(false);
    stdin.pause();
    stdin.unref?.();
  };
}

export function register(program: Command, ctx: () => CliContext): void {
  program
    .command("watch [lab]")
    .description("grade the current lab on every save; after a pass, show the PyTorch equivalent and move on (q or Ctrl+C to quit)")
    .option("--workspace <dir>", "the workspace made by `llmpath init` (default: found from the current folder)")
    .action(async (labId: string | undefined, opts: { workspace?: string }) => {
      const c = ctx();
      const ws = requireWorkspace(c, opts.workspace);
      const store = new BriefStore(c);
      const known = await store.use(async (s, learnerId) => {
        const [facts, attempts] = await Promise.all([s.listModuleStatus(learnerId), s.listLabAttempts(learnerId)]);
        return {
          facts: facts.map((f) => ({ moduleId: f.moduleId, status: f.status, origin: f.origin })),
          attempts: attempts.map((a) => ({ labId: a.labId, verdict: a.verdict as string })),
        };
      });
      const lab = pickLab(c, labsByModule(c.curriculum(), known.facts, known.attempts), labId);
      const file = learnerFile(ws.root, lab);
      if (!existsSync(file)) throw new UserError(c.t("workspace.noFile", { lab: lab.id, file, root: relative(process.cwd(), ws.root) || "." }));

      const session = new WatchSession(c, ws, store, known);
      const quit = () => void session.stop();
      process.on("SIGINT", quit);
      process.on("SIGTERM", quit);
      const unlisten = listenKeys(quit, () => void session.hint().catch((e: unknown) => c.out(c.t("watch.storeBusy", { why: (e as Error).message }))));
      try {
        await session.start(lab);
        await session.done;
      } finally {
        process.off("SIGINT", quit);
        process.off("SIGTERM", quit);
        unlisten();
      }
    });
}
