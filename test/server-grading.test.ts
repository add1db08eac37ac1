// Multi-user grading through the pg-boss queue: the web API enqueues, a worker grades in the sandbox and stores the
// attempt exactly once (also when a job is run twice, as after a worker died); only the owner can read a job.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { authDb } from "../src/server/auth/db.ts";
import { gradeJob, startGradingWorker } from "../src/server/grading/worker.ts";
import { CONTENT, Client, describePg, type MultiUserFixture, multiUserFixture, PG_URL } from "./server-helpers.ts";

const LAB = "svd-compression";
const SOLUTION = readFileSync(join(CONTENT, `labs/foundations/${LAB}/solution.ts`), "utf8");
const STARTER = readFileSync(join(CONTENT, `labs/foundations/${LAB}/starter.ts`), "utf8");

describePg("grading queue and worker", () => {
  let f: MultiUserFixture;
  let ann: Client;
  let ben: Client;
  beforeAll(async () => {
    f = await multiUserFixture({}, { grading: true });
    const worker = await startGradingWorker({ store: f.store, curriculum: f.curriculum, databaseUrl: PG_URL, bossSchema: `${f.schema}_boss` });
    f.onCleanup(worker.stop);
    ann = new Client(f.app);
    ben = new Client(f.app);
    await ann.register("ann@example.org");
    await ben.register("ben@example.org");
  });
  afterAll(async () => {
    await f?.cleanup();
  });

  it("a submission is queued, graded by the worker in the sandbox, and the POST returns the verdict", async () => {
    const r = await ann.call<{ verdict: string; attemptId: number; result: { tests: unknown[] } }>("POST", `/api/labs/${LAB}/attempts`, { code: SOLUTION });
    expect(r.status).toBe(200);
    expect(r.body.verdict).toBe("pass");
    expect(r.body.result.tests.length).toBeGreaterThan(3);
    const labs = await ann.call<{ modules: { labs: { id: string; status: string }[] }[] }>("GET", "/api/labs");
    expect(labs.body.modules.flatMap((m) => m.labs).find((l) => l.id === LAB)?.status).toBe("passed");
  });

  it("with ?wait=0 the POST answers 202 and the page polls the job; other learners cannot see it", async () => {
    const r = await ben.call<{ jobId: string; poll: string }>("POST", `/api/labs/${LAB}/attempts?wait=0`, { code: STARTER });
    expect(r.status).toBe(202);
    let job: { state: string; verdict: string | null } = { state: "queued", verdict: null };
    for (let i = 0; i < 150 && job.state !== "done"; i++) {
      job = (await ben.call<typeof job>("GET", r.body.poll)).body;
      if (job.state !== "done") await new Promise((res) => setTimeout(res, 200));
    }
    expect(job).toMatchObject({ state: "done", verdict: "fail" });
    expect((await ann.call("GET", r.body.poll)).status).toBe(404);
    expect((await ann.call<{ runs: unknown }>("GET", `/api/labs/${LAB}`)).body).toMatchObject({ status: "passed" }); // ben's failure did not touch ann
  });

  it("a job run twice at once (a retry after a worker died) is stored exactly once", async () => {
    const learner = (await authDb(f.store).selectFrom("users").select("learner_id").where("email", "=", "ben@example.org").executeTakeFirstOrThrow()).learner_id;
    const id = "11111111-2222-3333-4444-555555555555";
    // inserted directly, not sent to the queue, so only the two runs below grade it
    await authDb(f.store).insertInto("grading_jobs").values({ id, learner_id: learner, lab_id: LAB, code: SOLUTION, state: "running" }).execute();
    const outcomes = await Promise.all([gradeJob(f.store, f.curriculum, id), gradeJob(f.store, f.curriculum, id)]);
    expect(outcomes.sort()).toEqual(["already", "graded"]);
    expect(await gradeJob(f.store, f.curriculum, id)).toBe("already");
    expect(await gradeJob(f.store, f.curriculum, "no-such-job")).toBe("missing");
    const rows = await authDb(f.store).selectFrom("grading_jobs").select(["attempt_id", "runs", "state"]).where("id", "=", id).execute();
    expect(rows).toEqual([expect.objectContaining({ state: "done", runs: 2 })]);
    const attempts = await f.store.listLabAttempts(learner, LAB);
    expect(attempts.filter((a) => a.id === rows[0]!.attempt_id)).toHaveLength(1);
    expect(attempts.filter((a) => a.verdict === "pass")).toHaveLength(1);
  });
});
