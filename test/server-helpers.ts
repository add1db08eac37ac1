// Helpers for the multi-user server tests: a fresh PostgreSQL schema per suite, the app in multi-user mode with a
// movable clock, and a tiny browser-like client (cookie jar + CSRF header).
import { join } from "node:path";
import pg from "pg";
import { describe, it } from "vitest";
import { type Curriculum, loadCurriculumWithProblems } from "../src/curriculum/index.ts";
import { createApp } from "../src/server/app.ts";
import type { MultiUserOptions } from "../src/server/auth/options.ts";
import { openGradingQueue } from "../src/server/grading/queue.ts";
import { openStore, type Store } from "../src/store/index.ts";
import { REPO } from "./cli-helpers.ts";

export const PG_URL = process.env.LLMPATH_TEST_DATABASE_URL ?? "";
export const CONTENT = process.env.LLMPATH_TEST_CONTENT_DIR ?? join(REPO, "content");
export const SKIP_MESSAGE =
  "needs PostgreSQL: run `LLMPATH_TEST_DATABASE_URL=$(scripts/pg-test-cluster.sh start) npx vitest run test/server-*.test.ts`, then `scripts/pg-test-cluster.sh stop`";

/** describe() when LLMPATH_TEST_DATABASE_URL is set; otherwise one skipped test that says how to run it. */
export function describePg(name: string, body: () => void): void {
  if (PG_URL === "") describe(name, () => it.skip(SKIP_MESSAGE, () => {}));
  else describe(name, body);
}

export const freshSchemaName = (): string => `llmpath_srv_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

/** The database URL that pins the search_path to `schema` (for child processes and pg-boss). */
export function schemaUrl(schema: string): string {
  const u = new URL(PG_URL);
  u.searchParams.set("options", `-c search_path=${schema}`);
  return u.toString();
}

export interface MultiUserFixture {
  schema: string;
  store: Store;
  app: ReturnType<typeof createApp>;
  clock: { now: Date };
  /** Another app (as if another server process) on its own connection pool to the same schema. */
  secondApp(): Promise<{ app: ReturnType<typeof createApp>; store: Store }>;
  curriculum: Curriculum;
  onCleanup(fn: () => Promise<void>): void;
  cleanup(): Promise<void>;
}

export async function multiUserFixture(opts: MultiUserOptions = {}, setup: { grading?: boolean } = {}): Promise<MultiUserFixture> {
  const schema = freshSchemaName();
  const stops: (() => Promise<void>)[] = [];
  // content problems (labs being written) are the curriculum suite's business, not the server's
  const { curriculum } = loadCurriculumWithProblems(CONTENT);
  const clock = { now: new Date() };
  const stores: Store[] = [];
  const make = async () => {
    const store = await openStore({ databaseUrl: PG_URL, schema });
    stores.push(store);
    let grading: MultiUserOptions["grading"];
    if (setup.grading) {
      const q = await openGradingQueue(store, PG_URL, { bossSchema: `${schema}_boss` });
      stops.push(q.stop);
      grading = q;
    }
    const app = createApp({ curriculum, store, learnerId: 0, lang: "en", now: () => clock.now, multiUser: { clientIp: () => "203.0.113.7", grading, ...opts } });
    return { app, store };
  };
  const first = await make();
  return {
    schema,
    ...first,
    clock,
    secondApp: make,
    curriculum,
    onCleanup: (fn) => stops.push(fn),
    cleanup: async () => {
      for (const stop of stops.reverse()) await stop();
      await Promise.all(stores.map((s) => s.close()));
      await dropSchema(schema);
      await dropSchema(`${schema}_boss`);
    },
  };
}

type App = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

/** A browser stand-in: keeps cookies, sends the CSRF token on state-changing requests. */
export class Client {
  cookies = new Map<string, string>();
  csrf = "";
  sendCsrf = true;
  constructor(public app: App) {}

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T; headers: Headers }> {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined) h["content-type"] ??= "application/json";
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    if (this.sendCsrf && this.csrf && method !== "GET") h["x-csrf-token"] = this.csrf;
    const res = await this.app.request(path, { method, headers: h, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const i = pair!.indexOf("=");
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
      if (name === "llmpath_csrf") this.csrf = value;
    }
    const type = res.headers.get("content-type") ?? "";
    return { status: res.status, body: (type.includes("json") ? await res.json() : await res.text()) as T, headers: res.headers };
  }

  async register(email: string, password = "correct horse battery"): Promise<{ id: number; role: string }> {
    const r = await this.call<{ user: { id: number; role: string } }>("POST", "/api/auth/register", { email, password });
    if (r.status !== 201) throw new Error(`register ${email}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.user;
  }

  async login(email: string, password = "correct horse battery"): Promise<number> {
    return (await this.call("POST", "/api/auth/login", { email, password })).status;
  }
}
