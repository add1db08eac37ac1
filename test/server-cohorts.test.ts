// Cohorts and the instructor dashboard: join by invite code, per-learner progress/hours/traps, per-lab pass rates
// and the most common failing test; instructors see only their cohorts, learners only themselves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCurriculumWithProblems } from "../src/curriculum/index.ts";
import { labRows } from "../src/server/auth/dashboard.ts";
import { authDb } from "../src/server/auth/db.ts";
import { CONTENT, Client, describePg, type MultiUserFixture, multiUserFixture } from "./server-helpers.ts";

const result = (tests: [string, "pass" | "fail" | "error"][]) => ({ tests: tests.map(([name, status]) => ({ name, status, file: "hidden.test.ts" })) });

describe("labRows (pure)", () => {
  it("counts learners, not attempts, for pass rates; a failing test counts once per attempt", () => {
    const rows = labRows([
      [
        { labId: "a", verdict: "fail", result: result([["t1", "fail"], ["t2", "pass"]]) },
        { labId: "a", verdict: "fail", result: result([["t1", "fail"]]) },
        { labId: "a", verdict: "pass", result: result([["t1", "pass"]]) },
      ],
      [{ labId: "a", verdict: "fail", result: result([["t2", "error"], ["t2", "error"]]) }],
      [{ labId: "b", verdict: "timeout", result: { tests: [] } }],
    ]);
    expect(rows).toEqual([
      { labId: "a", attempted: 2, passed: 1, passRate: 0.5, mostCommonFailingTest: { name: "t1", count: 2 } },
      { labId: "b", attempted: 1, passed: 0, passRate: 0, mostCommonFailingTest: null },
    ]);
  });
});

describePg("cohorts and the instructor dashboard", () => {
  let f: MultiUserFixture;
  const admin = () => new Client(f.app);
  let teacher: Client;
  let ann: Client;
  let ben: Client;
  let cohort: { id: number; inviteCode: string };

  beforeAll(async () => {
    f = await multiUserFixture();
    await admin().register("root@example.org");
    const boss = new Client(f.app);
    await boss.login("root@example.org");
    teacher = new Client(f.app);
    const t = await teacher.register("teacher@example.org");
    await boss.call("PUT", `/api/admin/users/${t.id}/role`, { role: "instructor" });
    ann = new Client(f.app);
    ben = new Client(f.app);
    await ann.register("ann@example.org");
    await ben.register("ben@example.org");
  });
  afterAll(async () => {
    await f?.cleanup();
  });

  it("an instructor creates a cohort; learners join with the invite code (any case); unknown codes are 404", async () => {
    const r = await teacher.call<{ cohort: { id: number; inviteCode: string } }>("POST", "/api/cohorts", { name: "Autumn 2026" });
    expect(r.status).toBe(201);
    cohort = r.body.cohort;
    expect(cohort.inviteCode).toMatch(/^[A-Z2-9]{10}$/);
    expect((await ann.call("POST", "/api/cohorts/join", { code: cohort.inviteCode.toLowerCase() })).body).toEqual({ cohort: { id: cohort.id, name: "Autumn 2026", role: "learner" } });
    expect((await ben.call("POST", "/api/cohorts/join", { code: ` ${cohort.inviteCode} ` })).status).toBe(200);
    expect((await ben.call("POST", "/api/cohorts/join", { code: "NOSUCHCODE" })).status).toBe(404);
    const mine = await ann.call<{ cohorts: { id: number; inviteCode: string; role: string }[] }>("GET", "/api/cohorts");
    expect(mine.body.cohorts).toEqual([expect.objectContaining({ id: cohort.id, role: "learner", inviteCode: "" })]);
    expect((await ann.call("POST", "/api/cohorts", { name: "mine" })).status).toBe(403);
  });

  it("the dashboard shows each learner's progress, hours and traps, and each lab's pass rate and most common failing test", async () => {
    const users = await authDb(f.store).selectFrom("users").select(["email", "learner_id"]).execute();
    const lid = (email: string) => users.find((u) => u.email === email)!.learner_id;
    const advanced = loadCurriculumWithProblems(CONTENT).curriculum.stages[2]!.modules[0]!; // a stage-3 module
    const now = f.clock.now;
    await f.store.addStudySession({ learnerId: lid("ann@example.org"), moduleId: advanced, kind: "reading", minutes: 180, startedAt: new Date(now.getTime() - 86_400_000) });
    await f.store.setModuleStatus(lid("ann@example.org"), "linear-algebra", "done");
    const add = (email: string, labId: string, verdict: "pass" | "fail", tests: [string, "pass" | "fail" | "error"][]) =>
      f.store.addLabAttempt({ learnerId: lid(email), labId, codeHash: "h", verdict, durationMs: 5, result: result(tests) });
    await add("ann@example.org", "svd-compression", "fail", [["reconstruction error", "fail"], ["shapes", "pass"]]);
    await add("ann@example.org", "svd-compression", "pass", [["reconstruction error", "pass"], ["shapes", "pass"]]);
    await add("ben@example.org", "svd-compression", "fail", [["reconstruction error", "fail"], ["shapes", "error"]]);
    await add("teacher@example.org", "svd-compression", "fail", [["shapes", "fail"]]); // instructors are not counted

    const d = await teacher.call<{
      cohort: { id: number };
      learners: { email: string; hours: number; modulesDone: number; labsPassed: number; traps: { code: string }[]; lastActive: string | null }[];
      labs: unknown[];
    }>("GET", `/api/cohorts/${cohort.id}/dashboard`);
    expect(d.status).toBe(200);
    expect(d.body.learners.map((l) => l.email)).toEqual(["ann@example.org", "ben@example.org"]);
    const [a, b] = d.body.learners;
    expect(a).toMatchObject({ hours: 3, modulesDone: 1, labsPassed: 1 });
    expect(a!.traps.map((t) => t.code)).toContain("framework_first");
    expect(b).toMatchObject({ hours: 0, modulesDone: 0, labsPassed: 0, traps: [] });
    expect(d.body.labs).toEqual([{ labId: "svd-compression", attempted: 2, passed: 1, passRate: 0.5, mostCommonFailingTest: { name: "reconstruction error", count: 2 } }]);
  });

  it("learners cannot read a dashboard, not even their own cohort's; another instructor cannot read this cohort's; the admin can", async () => {
    expect((await ann.call("GET", `/api/cohorts/${cohort.id}/dashboard`)).status).toBe(403);
    const other = new Client(f.app);
    const o = await other.register("other-teacher@example.org");
    const boss = new Client(f.app);
    await boss.login("root@example.org");
    await boss.call("PUT", `/api/admin/users/${o.id}/role`, { role: "instructor" });
    await other.call("POST", "/api/cohorts", { name: "Other" });
    expect((await other.call("GET", `/api/cohorts/${cohort.id}/dashboard`)).status).toBe(403);
    expect((await other.call("GET", "/api/cohorts/999999/dashboard")).status).toBe(403);
    expect((await boss.call("GET", `/api/cohorts/${cohort.id}/dashboard`)).status).toBe(200);
    expect((await boss.call("GET", "/api/cohorts/999999/dashboard")).status).toBe(404);
    // the admin can make the other instructor co-teach this cohort
    expect((await boss.call("POST", `/api/admin/cohorts/${cohort.id}/instructors`, { userId: o.id })).status).toBe(200);
    expect((await other.call("GET", `/api/cohorts/${cohort.id}/dashboard`)).status).toBe(200);
  });

  it("an admin cannot demote themselves (there must always be one) and roles are validated", async () => {
    const boss = new Client(f.app);
    await boss.login("root@example.org");
    const me = await boss.call<{ user: { id: number } }>("GET", "/api/auth/me");
    expect((await boss.call("PUT", `/api/admin/users/${me.body.user.id}/role`, { role: "learner" })).status).toBe(409);
    expect((await boss.call("PUT", `/api/admin/users/${me.body.user.id}/role`, { role: "root" })).status).toBe(422);
    expect((await boss.call("PUT", "/api/admin/users/999999/role", { role: "learner" })).status).toBe(404);
  });
});
