// Accounts API (multi-user mode): register, log in (rate-limited), log out, who am I, change password,
// delete the account with all its learner data, and export one's own data as JSON.
import type { Context, Hono } from "hono";
import { AccountError, authenticate, checkPassword, deleteAccount, normaliseEmail, registerAccount, setPassword } from "../auth/accounts.ts";
import { clearSessionCookies, setSessionCookies } from "../auth/cookies.ts";
import type { User } from "../auth/db.ts";
import { exportLearnerData } from "../auth/export.ts";
import { deny } from "../auth/middleware.ts";
import { passwordProblem } from "../auth/password.ts";
import { loginBlockedFor, recordLogin } from "../auth/rate-limit.ts";
import { currentAuth } from "../auth/request-auth.ts";
import { createSession, deleteOtherSessions, deleteSession } from "../auth/sessions.ts";
import { type AppDeps, apiError, jsonBody, nowOf } from "../deps.ts";

export const publicUser = (u: User) => ({ id: u.id, email: u.email, role: u.role, createdAt: u.createdAt.toISOString() });

function clientIp(deps: AppDeps, c: Context): string {
  if (deps.multiUser?.clientIp) return deps.multiUser.clientIp(c);
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? "unknown";
}

export function authRoutes(app: Hono, deps: AppDeps): void {
  const secure = deps.multiUser?.secureCookies ?? false;
  const days = deps.multiUser?.sessionDays;
  const signIn = async (c: Context, user: User, status: 200 | 201) => {
    const s = await createSession(deps.store, user.id, nowOf(deps), days);
    setSessionCookies(c, s, secure);
    return c.json({ user: publicUser(user), csrfToken: s.csrfToken }, status);
  };

  app.post("/api/auth/register", async (c) => {
    const b = await jsonBody(c);
    const email = normaliseEmail(b?.email);
    if (!email) return apiError(c, 422, "email_invalid");
    const problem = passwordProblem(b?.password);
    if (problem) return apiError(c, 422, problem.code, problem);
    try {
      return await signIn(c, await registerAccount(deps.store, email, b!.password as string), 201);
    } catch (e) {
      if (e instanceof AccountError) return apiError(c, 409, e.code);
      throw e;
    }
  });

  app.post("/api/auth/login", async (c) => {
    const b = await jsonBody(c);
    const email = normaliseEmail(b?.email);
    if (!email || typeof b?.password !== "string") return apiError(c, 422, "credentials_missing");
    const ip = clientIp(deps, c);
    const wait = await loginBlockedFor(deps.store, email, ip, nowOf(deps));
    if (wait > 0) return c.json({ error: { code: "too_many_attempts", retryAfterSeconds: wait } }, 429, { "retry-after": String(wait) });
    const user = await authenticate(deps.store, email, b.password);
    await recordLogin(deps.store, email, ip, user !== null, nowOf(deps));
    if (!user) return deny(c, 401, "bad_credentials");
    return await signIn(c, user, 200);
  });

  app.post("/api/auth/logout", async (c) => {
    const { sessionId } = currentAuth();
    if (sessionId) await deleteSession(deps.store, sessionId);
    clearSessionCookies(c, secure);
    return c.json({ ok: true });
  });

  app.get("/api/auth/me", (c) => {
    const { user, csrfToken } = currentAuth();
    return c.json({ mode: "multi-user", user: user ? publicUser(user) : null, csrfToken });
  });

  app.put("/api/auth/password", async (c) => {
    const { user, sessionId } = currentAuth();
    const b = await jsonBody(c);
    if (typeof b?.current !== "string") return apiError(c, 422, "password_missing");
    const problem = passwordProblem(b.next);
    if (problem) return apiError(c, 422, problem.code, problem);
    if (!(await checkPassword(deps.store, user!.id, b.current))) return deny(c, 403, "bad_credentials");
    await setPassword(deps.store, user!.id, b.next as string, nowOf(deps));
    await deleteOtherSessions(deps.store, user!.id, sessionId ?? undefined);
    return c.json({ ok: true });
  });

  app.delete("/api/auth/account", async (c) => {
    const { user } = currentAuth();
    const b = await jsonBody(c);
    if (typeof b?.password !== "string") return apiError(c, 422, "password_missing");
    if (!(await checkPassword(deps.store, user!.id, b.password))) return deny(c, 403, "bad_credentials");
    await deleteAccount(deps.store, user!);
    clearSessionCookies(c, secure);
    return c.json({ deleted: true });
  });

  app.get("/api/auth/export", async (c) => {
    const { user } = currentAuth();
    const data = await exportLearnerData(deps.store, user!.learnerId);
    return c.json({ user: publicUser(user!), exportedAt: nowOf(deps).toISOString(), ...data }, 200, { "content-disposition": 'attachment; filename="llmpath-export.json"' });
  });
}
