// Failure: a worker killed with SIGKILL while it holds a grading job (the job is re-run by another worker and stored
// once), and a web process restarted during load (sessions live in PostgreSQL, so every client stays signed in).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CONTENT, Client, describePg, schemaUrl } from "./server-helpers.ts";
import { type Cluster, httpApp, type Proc, startCluster } from "./server-scale-helpers.ts";

const LAB = "einsum-drills";
const SOLUTION = readFileSync(join(CONTENT, "labs/foundations", LAB, "solution.ts"), "utf8");
/** Correct, but busy for 3 s while its module loads: long enough to be killed mid-grading (the lab allows 10 s). */
const SLOW_SOLUTION = `const __start = Date.now();\nwhile (Date.now() - __start < 3000) {}\n${SOLUTION}`;
/** The queue gives up on a silent worker after 6 s and looks for such jobs every second (defaults: 120 s each). */
const QUEUE_ENV = { LLMPATH_GRADE_EXPIRE_SECONDS: "6", LLMPATH_QUEUE_MAINTENANCE_SECONDS: "1" };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The pid of the process that grades: `llmpath worker` re-runs itself with --no-node-snapshot and that child says it. */
function gradingPid(worker: Proc): number {
  const m = /Grading worker \S*:(\d+) is consuming/.exec(worker.output());
  if (!m) throw new Error(`no pid in the worker's output:\n${worker.output()}`);
  return Number(m[1]);
}

describePg("failures: a worker killed mid-job, a web process restarted under load", () => {
  let cluster: Cluster;
  const servers: Proc[] = [];
  let db: pg.Client;
  beforeAll(async () => {
    cluster = await startCluster(QUEUE_ENV);
    servers.push(await cluster.serve());
    servers.push(await cluster.serve());
    db = new pg.Client({ connectionString: schemaUrl(cluster.schema) });
    await db.connect();
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    await cluster?.stopAll();
  });

  const job = async (id: string) =>
    (await db.query<{ state: string; runs: number; attempt_id: number | null }>("select state, runs, attempt_id from grading_jobs where id = $1", [id])).rows[0];

  it("kill -9 of a worker holding a job: another worker re-runs it and it is stored exactly once", { timeout: 120_000 }, async () => {
    const first = await cluster.worker();
    const ann = new Client(httpApp(servers[0]!.url));
    await ann.register("killed@example.org");
    const r = await ann.call<{ jobId: string; poll: string }>("POST", `/api/labs/${LAB}/attempts?wait=0`, { code: SLOW_SOLUTION });
    expect(r.status).toBe(202);
    const id = r.body.jobId;
    while ((await job(id))?.state !== "running") await sleep(100);
    process.kill(gradingPid(first), "SIGKILL");
    await first.stop(); // the wrapper process ends with its child
    // the kill came before the verdict was stored: nothing is stored yet
    expect(await job(id)).toMatchObject({ state: "running", runs: 1, attempt_id: null });

    await cluster.worker();
    while ((await job(id))?.state !== "done") await sleep(250);
    const done = await job(id);
    expect(done).toMatchObject({ state: "done", runs: 2 });
    const stored = await db.query<{ id: number; verdict: string }>(
      "select a.id, a.verdict from lab_attempts a join users u on u.learner_id = a.learner_id where u.email = $1",
      ["killed@example.org"],
    );
    expect(stored.rows).toEqual([{ id: done!.attempt_id, verdict: "pass" }]);
    // and the page sees it through the other server
    const two = new Client(httpApp(servers[1]!.url));
    two.cookies = new Map(ann.cookies);
    expect((await two.call<{ state: string; verdict: string }>("GET", r.body.poll)).body).toMatchObject({ state: "done", verdict: "pass" });
  });

  it("restarting a web process during load: every session keeps working on both servers", { timeout: 120_000 }, async () => {
    const USERS = 20;
    const clients = await Promise.all(
      Array.from({ length: USERS }, async (_, i) => {
        const c = new Client(httpApp(servers[i % 2]!.url));
        await c.register(`restart${i}@example.org`);
        return c;
      }),
    );
    const port = new URL(servers[1]!.url).port;
    const bases = () => servers.map((s) => s.url);
    type Phase = "before" | "down" | "after";
    let phase = "before" as Phase;
    const seen: Record<Phase, number[]> = { before: [0, 0], down: [0, 0], after: [0, 0] };
    const problems: string[] = [];
    let running = true;
    // each user keeps asking both servers who they are
    const load = clients.map(async (c, i) => {
      const cookie = [...c.cookies].map(([n, v]) => `${n}=${v}`).join("; ");
      let s = 0;
      const ask = () => fetch(new URL("/api/auth/me", bases()[s]), { headers: { cookie } });
      for (let k = 0; running; k++) {
        s = k % 2;
        const at = phase;
        try {
          // a connection the stopped process dropped is retried once, as a browser does
          const res = await ask().catch(() => sleep(20).then(ask));
          const body = (await res.json()) as { user: { email: string } | null };
          if (res.status !== 200 || body.user?.email !== `restart${i}@example.org`) problems.push(`server ${s + 1} (${at}): ${res.status} ${JSON.stringify(body)}`);
          else seen[at]![s]!++;
        } catch (e) {
          // only the restarting server may refuse connections, and only while it is down
          if (s === 0 || (at !== "down" && phase !== "down")) problems.push(`server ${s + 1} (${at}): ${(e as Error).message}`);
          await sleep(50);
        }
      }
    });
    while (seen.before[1]! < 100 && problems.length === 0) await sleep(50);
    phase = "down";
    await servers[1]!.stop();
    servers[1] = await cluster.serve(["--port", port]);
    phase = "after";
    while (seen.after[1]! < 100 && problems.length === 0) await sleep(50);
    running = false;
    await Promise.all(load);
    expect(problems).toEqual([]);
    // state-changing requests (session cookie + CSRF token) also work on the restarted process
    const statuses = await Promise.all(
      clients.map(async (c) => {
        const again = new Client(httpApp(servers[1]!.url));
        again.cookies = new Map(c.cookies);
        again.csrf = c.csrf;
        return (await again.call("PUT", "/api/settings", { hoursPerWeek: 12 })).status;
      }),
    );
    expect(statuses).toEqual(clients.map(() => 200));
  });
});
