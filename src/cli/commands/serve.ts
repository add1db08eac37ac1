// `llmpath serve` (what `npm start` runs): the local app, single user with the embedded database by default;
// with --database-url (or DATABASE_URL) the multi-user server: accounts, sessions and cohorts in PostgreSQL.
import { serve } from "@hono/node-server";
import type { Command } from "commander";
import "../../server/auth/messages.ts";
import { createApp } from "../../server/app.ts";
import { openStore, StoreError } from "../../store/index.ts";
import type { CliContext } from "../context.ts";
import { UsageError, UserError } from "../errors.ts";

export const DEFAULT_PORT = 4321;

interface ServeOptions {
  port?: string;
  host: string;
  databaseUrl?: string;
  secureCookies?: boolean;
  queue?: boolean;
}

export function register(program: Command, ctx: () => CliContext): void {
  program
    .command("serve")
    .description("run the web app (what `npm start` does); with --database-url, the multi-user server for a cohort")
    .option("--port <n>", `port (default: $PORT or ${DEFAULT_PORT})`)
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--database-url <url>", "PostgreSQL (postgres://…; default: $DATABASE_URL): turns on multi-user mode with accounts")
    .option("--secure-cookies", "mark session cookies Secure (when served over HTTPS)")
    .option("--no-queue", "multi-user mode: grade attempts in this process instead of queueing them for `llmpath worker`")
    .action(async (opts: ServeOptions) => {
      const c = ctx();
      const raw = opts.port ?? c.io.env.PORT ?? String(DEFAULT_PORT);
      const port = Number(raw);
      if (!/^\d+$/.test(raw) || port < 0 || port > 65535) throw new UsageError(c.t("serve.badPort", { port: raw }));
      const curriculum = c.curriculum();
      const databaseUrl = opts.databaseUrl ?? c.io.env.DATABASE_URL;
      let app: ReturnType<typeof createApp>;
      let close = async () => {};
      if (databaseUrl) {
        const store = await openStore({ databaseUrl }).catch((e: unknown) => {
          throw e instanceof StoreError ? new UserError(e.message) : e;
        });
        const grading = opts.queue === false ? undefined : await (await import("../../server/grading/queue.ts")).openGradingQueue(store, databaseUrl);
        close = async () => {
          await grading?.stop();
          await store.close();
        };
        app = createApp({ curriculum, store, learnerId: 0, lang: c.lang, multiUser: { secureCookies: opts.secureCookies === true, grading } });
        c.out(c.t("serve.multiUser", { where: store.location }));
      } else {
        const store = await c.store();
        app = createApp({ curriculum, store, learnerId: await c.learnerId(), lang: c.lang });
      }
      await new Promise<void>((resolve, reject) => {
        const server = serve({ fetch: app.fetch, port, hostname: opts.host }, (info) => {
          c.out(c.t("serve.listening", { url: `http://${opts.host}:${info.port}/` }));
        });
        server.on("error", (e: NodeJS.ErrnoException) =>
          reject(e.code === "EADDRINUSE" ? new UserError(c.t("serve.portInUse", { port, host: opts.host })) : e),
        );
        const stop = () => server.close(() => resolve());
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await close();
    });
}
