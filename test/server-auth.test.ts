// Multi-user mode, accounts: registration, sessions in httpOnly cookies stored in PostgreSQL, CSRF, login
// rate-limiting, password change, account deletion with the learner's data, export, and per-learner isolation.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { authDb } from "../src/server/auth/db.ts";
import { Client, describePg, type MultiUserFixture, multiUserFixture } from "./server-helpers.ts";

describePg("multi-user accounts", () => {
  let f: MultiUserFixture;
  beforeAll(async () => {
    f = await multiUserFixture();
  });
  afterAll(async () => {
    await f?.cleanup();
  });

  it("registering signs in with an httpOnly SameSite session cookie; the first account is the admin", async () => {
    const a = new Client(f.app);
    const r = await a.call<{ user: { role: string; email: string }; csrfToken: string }>("POST", "/api/auth/register", { email: " Ada@Example.org ", password: "correct horse battery" });
    expect(r.status).toBe(201);
    expect(r.body.user).toMatchObject({ email: "ada@example.org", role: "admin" });
    const cookies = r.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith("llmpath_session="))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(cookies.find((c) => c.startsWith("llmpath_csrf="))).toMatch(/SameSite=Strict/);
    expect(r.body.csrfToken).toBe(a.csrf);
    const me = await a.call<{ user: { email: string } }>("GET", "/api/auth/me");
    expect(me.body.user.email).toBe("ada@example.org");
    // only the hash of the token is stored
    const token = a.cookies.get("llmpath_session")!;
    const rows = await authDb(f.store).selectFrom("user_sessions").select("id").execute();
    expect(rows.some((x) => x.id === token)).toBe(false);
    expect((await new Client(f.app).register("bob@example.org")).role).toBe("learner");
  });

  it("refuses a taken email, a bad email and a short password", async () => {
    const c = new Client(f.app);
    expect((await c.call("POST", "/api/auth/register", { email: "ADA@example.org", password: "correct horse battery" })).body).toEqual({ error: { code: "email_taken" } });
    expect((await c.call("POST", "/api/auth/register", { email: "nope", password: "correct horse battery" })).status).toBe(422);
    expect((await c.call("POST", "/api/auth/register", { email: "x@example.org", password: "short" })).body).toMatchObject({ error: { code: "password_too_short", min: 10 } });
  });

  it("per-learner routes need a session, and each learner sees only their own data", async () => {
    const anon = new Client(f.app);
    expect((await anon.call("GET", "/api/settings")).body).toEqual({ error: { code: "login_required" } });
    const a = new Client(f.app);
    const b = new Client(f.app);
    await a.register("carol@example.org");
    await b.register("dan@example.org");
    expect((await a.call("PUT", "/api/settings", { lang: "zh", hoursPerWeek: 7 })).status).toBe(200);
    expect((await a.call("POST", "/api/experiments", { name: "carol-run", metrics: { loss: [{ step: 0, value: 1 }] } })).status).toBe(201);
    expect((await a.call<{ lang: string }>("GET", "/api/settings")).body.lang).toBe("zh");
    expect((await b.call<{ lang: string; hoursPerWeek: number }>("GET", "/api/settings")).body).toMatchObject({ lang: "en" });
    expect((await b.call<{ runs: unknown[] }>("GET", "/api/experiments")).body.runs).toEqual([]);
    expect((await a.call<{ runs: { name: string }[] }>("GET", "/api/experiments")).body.runs.map((r) => r.name)).toEqual(["carol-run"]);
    const exp = await b.call<{ settings: unknown[]; experiments: unknown[]; user: { email: string } }>("GET", "/api/auth/export");
    expect(exp.body.user.email).toBe("dan@example.org");
    expect(exp.body.experiments).toEqual([]);
    expect((await a.call<{ experiments: { name: string }[] }>("GET", "/api/auth/export")).body.experiments.map((r) => r.name)).toEqual(["carol-run"]);
  });

  it("state-changing requests need the CSRF token; sign-up and sign-in need same-origin JSON", async () => {
    const a = new Client(f.app);
    await a.register("erin@example.org");
    a.sendCsrf = false;
    expect((await a.call("PUT", "/api/settings", { lang: "zh" })).body).toMatchObject({ error: { code: "csrf_failed" } });
    expect((await a.call("PUT", "/api/settings", { lang: "zh" }, { "x-csrf-token": "forged-token-value" })).status).toBe(403);
    a.sendCsrf = true;
    expect((await a.call("PUT", "/api/settings", { lang: "zh" })).status).toBe(200);
    const anon = new Client(f.app);
    const form = await anon.call("POST", "/api/auth/login", "email=erin%40example.org&password=x", { "content-type": "application/x-www-form-urlencoded" });
    expect(form.body).toMatchObject({ error: { code: "csrf_failed" } });
    const cross = await anon.call("POST", "/api/auth/login", { email: "erin@example.org", password: "correct horse battery" }, { origin: "https://evil.example" });
    expect(cross.status).toBe(403);
    expect(await anon.login("erin@example.org")).toBe(200);
  });

  it("locks an email out after 5 failed logins for 15 minutes, counted in the database (all servers agree)", async () => {
    const c = new Client(f.app);
    await c.register("frank@example.org");
    for (let i = 0; i < 5; i++) expect(await c.login("frank@example.org", "wrong password!")).toBe(401);
    const blocked = await c.call<{ error: { code: string; retryAfterSeconds: number } }>("POST", "/api/auth/login", { email: "frank@example.org", password: "correct horse battery" });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("too_many_attempts");
    expect(blocked.body.error.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(blocked.body.error.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    const other = await f.secondApp();
    expect(await new Client(other.app).login("frank@example.org")).toBe(429);
    f.clock.now = new Date(f.clock.now.getTime() + 16 * 60_000);
    expect(await new Client(f.app).login("frank@example.org")).toBe(200);
    // a success clears the failures: the next wrong password is an ordinary 401
    expect(await new Client(f.app).login("frank@example.org", "wrong password!")).toBe(401);
  });

  it("sessions live in PostgreSQL: another server accepts the cookie; logout and expiry end it", async () => {
    const a = new Client(f.app);
    await a.register("gina@example.org");
    const other = await f.secondApp();
    const onOther = new Client(other.app);
    onOther.cookies = new Map(a.cookies);
    onOther.csrf = a.csrf;
    expect((await onOther.call<{ user: { email: string } }>("GET", "/api/auth/me")).body.user.email).toBe("gina@example.org");
    expect((await onOther.call("PUT", "/api/settings", { lang: "zh" })).status).toBe(200);
    expect((await a.call<{ lang: string }>("GET", "/api/settings")).body.lang).toBe("zh");
    const saved = new Map(a.cookies);
    expect((await a.call("POST", "/api/auth/logout", {})).status).toBe(200);
    onOther.cookies = saved;
    expect((await onOther.call("GET", "/api/settings")).status).toBe(401);
    const b = new Client(f.app);
    await b.register("hal@example.org");
    f.clock.now = new Date(f.clock.now.getTime() + 31 * 86_400_000);
    expect((await b.call("GET", "/api/settings")).status).toBe(401);
  });

  it("changing the password needs the current one, signs out other sessions and keeps this one", async () => {
    const a = new Client(f.app);
    await a.register("ivy@example.org");
    const elsewhere = new Client(f.app);
    expect(await elsewhere.login("ivy@example.org")).toBe(200);
    expect((await a.call("PUT", "/api/auth/password", { current: "not my password", next: "a brand new secret" })).status).toBe(403);
    expect((await a.call("PUT", "/api/auth/password", { current: "correct horse battery", next: "short" })).status).toBe(422);
    expect((await a.call("PUT", "/api/auth/password", { current: "correct horse battery", next: "a brand new secret" })).status).toBe(200);
    expect((await a.call("GET", "/api/settings")).status).toBe(200);
    expect((await elsewhere.call("GET", "/api/settings")).status).toBe(401);
    expect(await new Client(f.app).login("ivy@example.org")).toBe(401);
    expect(await new Client(f.app).login("ivy@example.org", "a brand new secret")).toBe(200);
  });

  it("deleting the account needs the password and removes the learner's data, sessions and memberships", async () => {
    const a = new Client(f.app);
    await a.register("jay@example.org");
    await a.call("PUT", "/api/settings", { lang: "zh" });
    await a.call("POST", "/api/experiments", { name: "jay-run", metrics: { loss: [{ step: 0, value: 1 }] } });
    const me = await authDb(f.store).selectFrom("users").select(["id", "learner_id"]).where("email", "=", "jay@example.org").executeTakeFirstOrThrow();
    expect((await a.call("DELETE", "/api/auth/account", { password: "wrong password!" })).status).toBe(403);
    expect((await a.call("DELETE", "/api/auth/account", { password: "correct horse battery" })).body).toEqual({ deleted: true });
    const db = authDb(f.store);
    const count = async (table: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where learner_id = ${me.learner_id}`.execute(db)).rows[0]!.n;
    expect(await count("settings")).toBe(0);
    expect(await count("experiment_runs")).toBe(0);
    expect(await db.selectFrom("user_sessions").select("id").where("user_id", "=", me.id).execute()).toEqual([]);
    expect(await db.selectFrom("learners").select("id").where("id", "=", me.learner_id).execute()).toEqual([]);
    expect(await new Client(f.app).login("jay@example.org")).toBe(401);
  });
});
