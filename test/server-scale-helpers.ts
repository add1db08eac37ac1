// Shared by the process-level multi-user tests (scale, failure, browser): a fresh PostgreSQL schema, `llmpath serve`
// and `llmpath worker` child processes that resolve once ready, and an HTTP client app for the Client helper.
import type { ChildProcess } from "node:child_process";
import pg from "pg";
import { llmpathAsync } from "./cli-helpers.ts";
import { CONTENT, dropSchema, freshSchemaName, PG_URL, schemaUrl } from "./server-helpers.ts";

export interface Cluster {
  schema: string;
  /** Environment for every child (pg-boss's own schema next to ours). */
  env: Record<string, string>;
  serve(extra?: string[]): Promise<Proc>;
  worker(extra?: string[]): Promise<Proc>;
  stopAll(): Promise<void>;
}

export interface Proc {
  child: ChildProcess;
  /** The server's base URL (serve only). */
  url: string;
  /** Everything written so far (stdout + stderr). */
  output(): string;
  /** SIGTERM (or `signal`) and wait for the exit; SIGKILL when it has not exited after 15 s. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts a CLI process and resolves once its stdout matches `ready` (rejects when it exits first or in `ms`). */
export function startCli(args: string[], env: Record<string, string>, ready: RegExp, ms = 90_000): Promise<Proc & { match: RegExpExecArray }> {
  const child = llmpathAsync(args, { env });
  let out = "";
  const stop = (signal: NodeJS.Signals = "SIGTERM") =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill("SIGKILL"), 15_000);
      child.once("exit", () => {
        clearTimeout(force);
        resolve();
      });
      child.kill(signal);
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop("SIGKILL");
      reject(new Error(`llmpath ${args.join(" ")} was not ready after ${ms} ms:\n${out}`));
    }, ms);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, match: m, url: m[1] ?? "", output: () => out, stop });
      }
    });
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`llmpath ${args[0]} exited with ${code ?? signal}: ${out}`));
    });
  });
}

const LISTENING = /(http:\/\/127\.0\.0\.1:\d+\/)/;

/** A fresh schema and helpers to start servers and workers on it; `stopAll` ends them and drops the schemas. */
export async function startCluster(env: Record<string, string> = {}): Promise<Cluster> {
  const schema = freshSchemaName();
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  const procs: Proc[] = [];
  const fullEnv = { LLMPATH_QUEUE_SCHEMA: `${schema}_boss`, ...env };
  const common = ["--content-dir", CONTENT, "--lang", "en"];
  const db = ["--database-url", schemaUrl(schema)];
  const track = <T extends Proc>(p: T): T => {
    procs.push(p);
    return p;
  };
  return {
    schema,
    env: fullEnv,
    serve: async (extra = []) => track(await startCli([...common, "serve", ...db, "--port", "0", ...extra], fullEnv, LISTENING)),
    worker: async (extra = []) => track(await startCli([...common, "worker", ...db, ...extra], fullEnv, /Grading worker/)),
    stopAll: async () => {
      await Promise.all(procs.map((p) => p.stop()));
      await dropSchema(schema);
      await dropSchema(`${schema}_boss`);
    },
  };
}

/** The Client helper's app over real HTTP (keep-alive fetch). */
export const httpApp = (base: string) => ({ request: (path: string, init?: RequestInit) => fetch(new URL(path, base), init) });
