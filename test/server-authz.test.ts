// Authorisation, table-driven: every route of the multi-user app × every kind of caller (anonymous, learner,
// instructor of the cohort, instructor of another cohort, admin). A route missing from the table fails the suite.
import { afterAll, beforeAll, expect, it } from "vitest";
import { Client, describePg, type MultiUserFixture, multiUserFixture } from "./server-helpers.ts";

type Caller = "anonymous" | "learner" | "instructor" | "otherInstructor" | "admin";
const CALLERS: readonly Caller[] = ["anonymous", "learner", "instructor", "otherInstructor", "admin"];
/** Who may call a route (everyone else gets 401 when signed out, 403 when signed in). */
type Policy = "public" | "signedIn" | "staff" | "cohortStaff" | "admin";
const ALLOWED: Record<Policy, readonly Caller[]> = {
  public: CALLERS,
  signedIn: ["learner", "instructor", "otherInstructor", "admin"],
  staff: ["instructor", "otherInstructor", "admin"],
  cohortStaff: ["instructor", "admin"],
  admin: ["admin"],
};

interface Row {
  route: string; // "METHOD /path/:param" exactly as registered
  policy: Policy;
  /** The concrete path (":id" filled in) and a cheap body (invalid input is fine: authorisation comes first). */
  path?: (ids: { cohort: number; user: number }) => string;
  body?: unknown;
}

const LAB = "svd-compression";
const TABLE: Row[] = [
  // accounts
  { route: "POST /api/auth/register", policy: "public", body: { email: "not-an-email", password: "x" } },
  { route: "POST /api/auth/login", policy: "public", body: {} },
  { route: "GET /api/auth/me", policy: "public" },
  { route: "PUT /api/auth/password", policy: "signedIn", body: {} },
  { route: "DELETE /api/auth/account", policy: "signedIn", body: {} },
  { route: "GET /api/auth/export", policy: "signedIn" },
  // cohorts, instructor, admin
  { route: "GET /api/cohorts", policy: "signedIn" },
  { route: "POST /api/cohorts", policy: "staff", body: {} },
  { route: "POST /api/cohorts/join", policy: "signedIn", body: {} },
  { route: "GET /api/cohorts/:id/dashboard", policy: "cohortStaff", path: (i) => `/api/cohorts/${i.cohort}/dashboard` },
  { route: "GET /api/admin/users", policy: "admin" },
  { route: "PUT /api/admin/users/:id/role", policy: "admin", path: (i) => `/api/admin/users/${i.user}/role`, body: { role: "bogus" } },
  { route: "POST /api/admin/cohorts/:id/instructors", policy: "admin", path: (i) => `/api/admin/cohorts/${i.cohort}/instructors`, body: {} },
  // the learner's own data
  { route: "GET /api/roadmap", policy: "signedIn" },
  { route: "GET /api/modules/:id", policy: "signedIn", path: () => "/api/modules/linear-algebra" },
  { route: "GET /api/labs", policy: "signedIn" },
  { route: "GET /api/labs/:id", policy: "signedIn", path: () => `/api/labs/${LAB}` },
  { route: "POST /api/labs/:id/bundle", policy: "signedIn", path: () => `/api/labs/${LAB}/bundle`, body: {} },
  { route: "POST /api/labs/:id/attempts", policy: "signedIn", path: () => `/api/labs/${LAB}/attempts`, body: {} },
  { route: "GET /api/labs/:id/attempts/:job", policy: "signedIn", path: () => `/api/labs/${LAB}/attempts/00000000-0000-0000-0000-000000000000` },
  { route: "POST /api/labs/:id/hints", policy: "signedIn", path: () => `/api/labs/${LAB}/hints`, body: {} },
  { route: "POST /api/labs/:id/solution", policy: "signedIn", path: () => `/api/labs/${LAB}/solution`, body: {} },
  { route: "GET /api/plan", policy: "signedIn" },
  { route: "GET /api/plan.ics", policy: "signedIn" },
  { route: "GET /api/progress", policy: "signedIn" },
  { route: "GET /api/review", policy: "signedIn" },
  { route: "POST /api/review", policy: "signedIn", body: {} },
  { route: "GET /api/journal", policy: "signedIn" },
  { route: "POST /api/journal/papers", policy: "signedIn", body: {} },
  { route: "POST /api/journal/contributions", policy: "signedIn", body: {} },
  { route: "PUT /api/journal/contributions/:id", policy: "signedIn", path: () => "/api/journal/contributions/999999", body: {} },
  { route: "GET /api/settings", policy: "signedIn" },
  { route: "PUT /api/settings", policy: "signedIn", body: {} },
  { route: "GET /api/experiments", policy: "signedIn" },
  { route: "POST /api/experiments", policy: "signedIn", body: {} },
  { route: "GET /api/openapi.json", policy: "public" },
  // pages and assets (the app shell draws the login page itself)
  { route: "GET /healthz", policy: "public" },
  { route: "GET /assets/*", policy: "public", path: () => "/assets/nope.js" },
  ...["/", "/modules/:id", "/labs/:id", "/plan", "/progress", "/review", "/journal", "/experiments", "/settings", "/login", "/cohorts", "/cohorts/:id"].map(
    (p): Row => ({ route: `GET ${p}`, policy: "public", path: () => p.replace(":id", "1") }),
  ),
  // last: it ends the caller's session
  { route: "POST /api/auth/logout", policy: "signedIn", body: {} },
];

describePg("authorisation of every route", () => {
  let f: MultiUserFixture;
  const clients = {} as Record<Caller, Client>;
  const ids = { cohort: 0, user: 0 };

  beforeAll(async () => {
    f = await multiUserFixture({}, { grading: true }); // with the queue: its job route is registered too
    for (const who of CALLERS) clients[who] = new Client(f.app);
    await clients.admin.register("admin@example.org"); // first account: admin
    const teacher = await clients.instructor.register("teacher@example.org");
    const other = await clients.otherInstructor.register("other@example.org");
    const learner = await clients.learner.register("learner@example.org");
    for (const u of [teacher, other]) expect((await clients.admin.call("PUT", `/api/admin/users/${u.id}/role`, { role: "instructor" })).status).toBe(200);
    const mine = await clients.instructor.call<{ cohort: { id: number; inviteCode: string } }>("POST", "/api/cohorts", { name: "Spring cohort" });
    await clients.otherInstructor.call("POST", "/api/cohorts", { name: "Other cohort" });
    expect((await clients.learner.call("POST", "/api/cohorts/join", { code: mine.body.cohort.inviteCode })).status).toBe(200);
    ids.cohort = mine.body.cohort.id;
    ids.user = learner.id;
  });
  afterAll(async () => {
    await f?.cleanup();
  });

  it("the table lists every route the app registers (a new route needs a row)", () => {
    const registered = new Set(f.app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`));
    const listed = new Set(TABLE.map((r) => r.route));
    expect([...registered].filter((r) => !listed.has(r)).sort()).toEqual([]);
    expect([...listed].filter((r) => !registered.has(r)).sort()).toEqual([]);
  });

  it("the OpenAPI description lists every API route, marking which need the session and the CSRF header", async () => {
    const doc = (await clients.anonymous.call<{ paths: Record<string, Record<string, { security: unknown[] }>> }>("GET", "/api/openapi.json")).body;
    for (const row of TABLE.filter((r) => r.route.includes(" /api/"))) {
      const [method, pattern] = row.route.split(" ") as [string, string];
      const op = doc.paths[pattern.replace(/:(\w+)/g, "{$1}")]?.[method.toLowerCase()];
      expect(op, row.route).toBeDefined();
      const want = row.policy === "public" ? [] : method === "GET" ? [{ session: [] }] : [{ session: [], csrf: [] }];
      expect(op!.security, row.route).toEqual(want);
    }
  });

  for (const row of TABLE) {
    it(`${row.route}: ${row.policy}`, async () => {
      const [method, pattern] = row.route.split(" ") as [string, string];
      const path = row.path ? row.path(ids) : pattern;
      const got: Record<string, number> = {};
      const want: Record<string, string> = {};
      for (const who of CALLERS) {
        const r = await clients[who].call<{ error?: { code: string } }>(method, path, row.body);
        const allowed = ALLOWED[row.policy].includes(who);
        got[who] = r.status;
        expect(r.status, `${who} → ${JSON.stringify(r.body).slice(0, 200)}`).toBeLessThan(500);
        want[who] = allowed ? "not 401/403" : who === "anonymous" ? "401" : "403";
        if (!allowed) expect(r.body.error?.code, `${who} → ${r.status}`).toBe(who === "anonymous" ? "login_required" : "forbidden");
      }
      const summary = Object.fromEntries(CALLERS.map((w) => [w, ALLOWED[row.policy].includes(w) ? got[w] !== 401 && got[w] !== 403 : got[w] === (w === "anonymous" ? 401 : 403)]));
      expect({ got, want, ok: summary }).toMatchObject({ ok: Object.fromEntries(CALLERS.map((w) => [w, true])) });
    });
  }
});
