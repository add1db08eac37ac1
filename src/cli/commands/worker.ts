// `llmpath worker`: a grading process for multi-user mode. Takes jobs from the PostgreSQL queue (pg-boss), grades
// them in the isolated-vm sandbox, stores the attempts. Run as many as the load needs, on any machine.
import { spawn } from "node:child_process";
import { hostname } from "node:os";
import type { Command } from "commander";
import "../../server/auth/messages.ts";
import { openStore, StoreError } from "../../store/index.ts";
import type { CliContext } from "../context.ts";
import { UsageError, UserError } from "../errors.ts";

/** isolated-vm 5 on Node 20 needs V8's startup snapshot off; the worker re-runs itself with the flag when missing. */
const SNAPSHOT_FLAG = "--no-node-snapshot";

function rerunWithFlag(): Promise<number> {
  const child = spawn(process.execPath, [SNAPSHOT_FLAG, ...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit" });
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1))));
}

export function register(program: Command, ctx: () => CliContext): void {
  program
    .command("worker")
    .description("grade lab attempts for a multi-user server (needs PostgreSQL: --database-url or $DATABASE_URL)")
    .option("--database-url <url>", "PostgreSQL (postgres://…; default: $DATABASE_URL)")
    .option("--concurrency <n>", "attempts graded at once by this process", "1")
    .action(async (opts: { databaseUrl?: string; concurrency: string }) => {
      const c = ctx();
      const databaseUrl = opts.databaseUrl ?? c.io.env.DATABASE_URL;
      if (!databaseUrl) throw new UsageError(c.t("worker.needsDatabase"));
      const concurrency = Number(opts.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError(`--concurrency must be a whole number from 1 to 64, not "${opts.concurrency}"`);
      if (!process.execArgv.includes(SNAPSHOT_FLAG)) {
        c.exitCode = await rerunWithFlag();
        return;
      }
      const curriculum = c.curriculum();
      const store = await openStore({ databaseUrl }).catch((e: unknown) => {
        throw e instanceof StoreError ? new UserError(e.message) : e;
      });
      const { startGradingWorker } = await import("../../server/grading/worker.ts");
      const worker = await startGradingWorker({ store, curriculum, databaseUrl, concurrency });
      c.out(c.t("worker.started", { id: `${hostname()}:${process.pid}`, where: store.location, concurrency }));
      await new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      });
      await worker.stop();
      await store.close();
    });
}
