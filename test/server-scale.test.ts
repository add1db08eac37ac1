// Scale-out: two `llmpath serve` processes and one `llmpath worker` against one PostgreSQL. A session created on one
// server works on the other, and an attempt submitted through one is graded by the worker.
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { llmpathAsync } from "./cli-helpers.ts";
import { CONTENT, Client, describePg, dropSchema, freshSchemaName, schemaUrl, PG_URL } from "./server-helpers.ts";

const SOLUTION = readFileSync(join(CONTENT, "labs/foundations/svd-compression/solution.ts"), "utf8");

/** Starts a CLI process and resolves once its output matches `ready` (rejects when it exits first). */
function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = llmpathAsync(args, { env });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) resolve({ child, match: m });
    });
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    child.once("exit", (code) => reject(new Error(`llmpath ${args[0]} exited with ${code}: ${err}${out}`)));
  });
}

const httpApp = (base: string) => ({ request: (path: string, init?: RequestInit) => fetch(new URL(path, base), init) });

describePg("two servers and a worker on one PostgreSQL", () => {
  const schema = freshSchemaName();
  const children: ChildProcess[] = [];
  const bases: string[] = [];
  beforeAll(async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`create schema ${schema}`);
    await client.end();
    const env = { LLMPATH_QUEUE_SCHEMA: `${schema}_boss` };
    const content = ["--content-dir", CONTENT, "--lang", "en"];
    const db = ["--database-url", schemaUrl(schema)];
    // the first server migrates; then the other server and the worker start together
    const first = await start([...content, "serve", ...db, "--port", "0"], env, /(http:\/\/127\.0\.0\.1:\d+\/)/);
    children.push(first.child);
    const [second, worker] = await Promise.all([start([...content, "serve", ...db, "--port", "0"], env, /(http:\/\/127\.0\.0\.1:\d+\/)/), start([...content, "worker", ...db], env, /Grading worker/)]);
    children.push(second.child, worker.child);
    bases.push(first.match[1]!, second.match[1]!);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(
      children.map((c) => new Promise<void>((resolve) => {
        if (c.exitCode !== null) return resolve();
        c.once("exit", () => resolve());
        c.kill("SIGTERM");
      })),
    );
    await dropSchema(schema);
    await dropSchema(`${schema}_boss`);
  });

  it("a session made on server 1 works on server 2, and an attempt sent to server 2 is graded by the worker", async () => {
    const one = new Client(httpApp(bases[0]!));
    await one.register("scale@example.org");
    const two = new Client(httpApp(bases[1]!));
    two.cookies = new Map(one.cookies);
    two.csrf = one.csrf;
    expect((await two.call<{ user: { email: string } }>("GET", "/api/auth/me")).body.user.email).toBe("scale@example.org");
    const r = await two.call<{ verdict: string; attemptId: number }>("POST", "/api/labs/svd-compression/attempts", { code: SOLUTION });
    expect(r.status).toBe(200);
    expect(r.body.verdict).toBe("pass");
    const onOne = await one.call<{ status: string; attempts: number }>("GET", "/api/labs/svd-compression");
    expect(onOne.body).toMatchObject({ status: "passed", attempts: 1 });
  });
});
