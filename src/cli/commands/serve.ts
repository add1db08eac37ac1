// `llmpath serve` (what `npm start` runs): the local app on 127.0.0.1, single user, embedded database.
import { serve } from "@hono/node-server";
import type { Command } from "commander";
import { createApp } from "../../server/app.ts";
import type { CliContext } from "../context.ts";
import { UsageError, UserError } from "../errors.ts";

export const DEFAULT_PORT = 4321;

export function register(program: Command, ctx: () => CliContext): void {
  program
    .command("serve")
    .description("run the local web app (what `npm start` does)")
    .option("--port <n>", `port (default: $PORT or ${DEFAULT_PORT})`)
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .action(async (opts: { port?: string; host: string }) => {
      const c = ctx();
      const raw = opts.port ?? c.io.env.PORT ?? String(DEFAULT_PORT);
      const port = Number(raw);
      if (!/^\d+$/.test(raw) || port < 0 || port > 65535) throw new UsageError(c.t("serve.badPort", { port: raw }));
      const curriculum = c.curriculum();
      const store = await c.store();
      const app = createApp({ curriculum, store, learnerId: await c.learnerId(), lang: c.lang });
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
    });
}
