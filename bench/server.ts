// Server benchmark (multi-user mode, PostgreSQL): requests/s and p99 latency of the instructor dashboard endpoint
// beside a bare hono route measured in the same run (their ratio is the app's own overhead), and grading throughput
// (submissions/s) with 2 `llmpath worker` processes.
// Usage: npm run bench:server -- [--database-url postgres://…] [--learners 30] [--seconds 10] [--connections 10] [--jobs 40]
// The database: --database-url, else $LLMPATH_TEST_DATABASE_URL, else $DATABASE_URL (a fresh schema is made and dropped).
// Load comes from autocannon (in this process) with --connections keep-alive connections.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const self = fileURLToPath(import.meta.url);
const BIN = path.join(repoRoot, "bin", "llmpath.js");
const LAB = "einsum-drills";
const LAB_DIR = path.join(repoRoot, "content", "labs", "foundations", LAB);

/** Child mode: a bare hono app with one JSON route, on the same node adapter the server uses. */
async function bare(): Promise<void> {
  const { Hono } = await import("hono");
  const { serve } = await import("@hono/node-server");
  const app = new Hono();
  app.get("/bare", (c) => c.json({ ok: true }));
  serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => console.log(`listening on http://127.0.0.1:${info.port}/`));
}

function startChild(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) resolve({ child, match: m });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}:\n${out}`)));
  });
}

const stopChild = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });

interface Call {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

function request(agent: http.Agent, base: URL, call: Call): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: base.hostname, port: base.port, method: call.method, path: call.path, headers: { ...(payload ? { "content-type": "application/json" } : {}), ...call.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/** A signed-in browser stand-in over keep-alive HTTP: session cookie + CSRF header. */
class Session {
  cookie = "";
  csrf = "";
  constructor(
    readonly agent: http.Agent,
    readonly base: URL,
  ) {}
  async call<T>(method: string, p: string, body?: unknown): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && method !== "GET") headers["x-csrf-token"] = this.csrf;
    const r = await request(this.agent, this.base, { method, path: p, headers, body });
    const set = r.headers["set-cookie"] ?? [];
    if (set.length) {
      const jar = new Map(this.cookie ? this.cookie.split("; ").map((kv) => kv.split("=", 2) as [string, string]) : []);
      for (const line of set) {
        const [pair] = line.split(";");
        const i = pair!.indexOf("=");
        jar.set(pair!.slice(0, i), pair!.slice(i + 1));
      }
      this.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
      this.csrf = jar.get("llmpath_csrf") ?? this.csrf;
    }
    return { status: r.status, body: (r.body ? JSON.parse(r.body) : null) as T };
  }
  async register(email: string): Promise<{ id: number }> {
    const r = await this.call<{ user: { id: number } }>("POST", "/api/auth/register", { email, password: "correct horse battery" });
    if (r.status !== 201) throw new Error(`register ${email}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.user;
  }
}

/** autocannon against `call` with `connections` keep-alive connections for `seconds`, after a 2 s warm-up run. */
async function load(base: URL, call: Call, connections: number, seconds: number): Promise<{ rps: number; p50: number; p99: number; requests: number; errors: number }> {
  const opts = { url: new URL(call.path, base).toString(), method: call.method as "GET", headers: call.headers, connections };
  await autocannon({ ...opts, duration: 2 });
  const r = await autocannon({ ...opts, duration: seconds });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, requests: r["2xx"], errors: r.errors + r.timeouts + r.non2xx };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      bare: { type: "boolean", default: false },
      "database-url": { type: "string" },
      learners: { type: "string", default: "30" },
      seconds: { type: "string", default: "10" },
      connections: { type: "string", default: "10" },
      jobs: { type: "string", default: "40" },
    },
  });
  if (values.bare) return await bare();
  const url = values["database-url"] ?? process.env.LLMPATH_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) {
    console.error("bench:server needs PostgreSQL: pass --database-url postgres://… (or set LLMPATH_TEST_DATABASE_URL), e.g.\n  LLMPATH_TEST_DATABASE_URL=$(scripts/pg-test-cluster.sh start) npm run bench:server; scripts/pg-test-cluster.sh stop");
    process.exitCode = 2;
    return;
  }
  const learners = Number(values.learners);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const jobs = Number(values.jobs);
  const schema = `llmpath_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const schemaUrl = new URL(url);
  schemaUrl.searchParams.set("options", `-c search_path=${schema}`);
  const env = { LLMPATH_QUEUE_SCHEMA: `${schema}_boss` };
  const children: ChildProcess[] = [];
  try {
    const server = await startChild([BIN, "--lang", "en", "serve", "--database-url", schemaUrl.toString(), "--port", "0"], env, /(http:\/\/127\.0\.0\.1:\d+\/)/);
    children.push(server.child);
    const bareServer = await startChild(["--import", "tsx", self, "--bare"], {}, /(http:\/\/127\.0\.0\.1:\d+\/)/);
    children.push(bareServer.child);
    const base = new URL(server.match[1]!);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

    // a cohort of `learners`, each with study hours and lab attempts, so the dashboard aggregates real rows
    const head = new Session(agent, base);
    await head.register("admin@bench.example"); // the first account is the admin
    const teacher = new Session(agent, base);
    const teacherUser = await teacher.register("teacher@bench.example");
    await head.call("PUT", `/api/admin/users/${teacherUser.id}/role`, { role: "instructor" });
    const cohort = (await teacher.call<{ cohort: { id: number; inviteCode: string } }>("POST", "/api/cohorts", { name: "Bench cohort" })).body.cohort;
    const sessions: Session[] = [];
    for (let i = 0; i < learners; i += 8) {
      await Promise.all(
        Array.from({ length: Math.min(8, learners - i) }, async (_, k) => {
          const s = new Session(agent, base);
          await s.register(`learner${i + k}@bench.example`);
          await s.call("POST", "/api/cohorts/join", { code: cohort.inviteCode });
          sessions.push(s);
        }),
      );
    }
    const db = new pg.Client({ connectionString: schemaUrl.toString() });
    await db.connect();
    const ids = (await db.query<{ learner_id: number }>("select learner_id from users where email like 'learner%'")).rows.map((r) => r.learner_id);
    const labs = ["einsum-drills", "svd-compression", "gradcheck", "cross-entropy-perplexity"];
    for (const [n, id] of ids.entries()) {
      for (let d = 0; d < 10; d++) {
        await db.query("insert into study_sessions (learner_id, module_id, kind, minutes, started_at) values ($1, null, 'lab', $2, now() - make_interval(days => $3::int))", [id, 30 + (n % 5) * 10, d]);
      }
      for (const [k, lab] of labs.entries()) {
        const pass = (n + k) % 3 !== 0;
        const result = { tests: [{ name: "shape", status: "pass" }, { name: `edge case ${k}`, status: pass ? "pass" : "fail" }] };
        await db.query("insert into lab_attempts (learner_id, lab_id, code_hash, verdict, duration_ms, result) values ($1, $2, 'bench', $3, 100, $4)", [id, lab, pass ? "pass" : "fail", JSON.stringify(result)]);
      }
    }
    const check = await teacher.call<{ learners: unknown[]; labs: unknown[] }>("GET", `/api/cohorts/${cohort.id}/dashboard`);
    if (check.status !== 200 || check.body.learners.length !== learners) throw new Error(`dashboard answered HTTP ${check.status} with ${JSON.stringify(check.body).slice(0, 200)}`);

    console.log(`load: ${connections} keep-alive connections, ${seconds} s each after a 2 s warm-up (autocannon)`);
    const dash = await load(base, { method: "GET", path: `/api/cohorts/${cohort.id}/dashboard`, headers: { cookie: teacher.cookie } }, connections, seconds);
    const plain = await load(new URL(bareServer.match[1]!), { method: "GET", path: "/bare" }, connections, seconds);
    // autocannon's latency histogram counts whole milliseconds: 0 means under 1 ms
    const ms = (x: number) => (x >= 1 ? `${x.toFixed(0)} ms` : "< 1 ms").padStart(7);
    const row = (name: string, r: typeof dash) => console.log(`  ${name.padEnd(52)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${ms(r.p50)}   p99 ${ms(r.p99)}   (${r.requests} ok, ${r.errors} errors)`);
    row(`GET /api/cohorts/:id/dashboard (${learners} learners)`, dash);
    row("bare hono route GET /bare", plain);
    console.log(`  the dashboard serves ${(dash.rps / plain.rps).toFixed(3)}× the bare route's requests/s (p99 ${plain.p99 >= 1 ? `${(dash.p99 / plain.p99).toFixed(1)}×` : `over ${dash.p99.toFixed(0)}×`} as long)`);

    // grading throughput: 2 workers idle and ready, then `jobs` submissions at once
    const workers = await Promise.all([0, 1].map(() => startChild([BIN, "--lang", "en", "worker", "--database-url", schemaUrl.toString()], env, /Grading worker/)));
    children.push(...workers.map((w) => w.child));
    const solution = readFileSync(path.join(LAB_DIR, "solution.ts"), "utf8");
    const t0 = performance.now();
    const replies = await Promise.all(Array.from({ length: jobs }, (_, j) => sessions[j % sessions.length]!.call<{ jobId: string }>("POST", `/api/labs/${LAB}/attempts?wait=0`, { code: solution })));
    const jobIds = replies.map((r) => r.body.jobId);
    for (;;) {
      const { rows } = await db.query<{ n: string }>("select count(*) as n from grading_jobs where id = any($1) and state in ('queued', 'running')", [jobIds]);
      if (Number(rows[0]!.n) === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const secs = (performance.now() - t0) / 1000;
    const verdicts = (await db.query<{ verdict: string; n: string }>("select a.verdict, count(*) as n from grading_jobs j join lab_attempts a on a.id = j.attempt_id where j.id = any($1) group by a.verdict", [jobIds])).rows;
    console.log(`  grading ${LAB} with 2 workers: ${jobs} submissions in ${secs.toFixed(1)} s = ${(jobs / secs).toFixed(2)} submissions/s (verdicts: ${verdicts.map((v) => `${v.verdict} ${v.n}`).join(", ")})`);
    await db.end();
    agent.destroy();
  } finally {
    await Promise.all(children.map(stopChild));
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.query(`drop schema if exists ${schema}_boss cascade`);
    await admin.end();
  }
}

await main();
