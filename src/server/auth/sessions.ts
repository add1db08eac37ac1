// Sessions live in PostgreSQL (any server process can check any session): the cookie holds a random token, the
// table only its SHA-256, so a database leak does not leak usable sessions.
import type { Store } from "../../store/index.ts";
import { authDb, type User, toUser } from "./db.ts";
import { newToken, tokenHash } from "./tokens.ts";

export const SESSION_DAYS = 30;
const DAY = 86_400_000;

export interface Session {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(store: Store, userId: number, now: Date, days = SESSION_DAYS): Promise<Session> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(now.getTime() + days * DAY);
  await authDb(store).insertInto("user_sessions").values({ id: tokenHash(token), user_id: userId, csrf_token: csrfToken, created_at: now, expires_at: expiresAt }).execute();
  return { token, csrfToken, expiresAt };
}

/** The account behind a session cookie, or null when the token is unknown or expired. */
export async function sessionUser(store: Store, token: string, now: Date): Promise<{ user: User; csrfToken: string; sessionId: string } | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const id = tokenHash(token);
  const row = await authDb(store)
    .selectFrom("user_sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["u.id", "u.learner_id", "u.email", "u.role", "u.created_at", "s.csrf_token", "s.expires_at"])
    .where("s.id", "=", id)
    .executeTakeFirst();
  if (!row || row.expires_at.getTime() <= now.getTime()) return null;
  return { user: toUser(row), csrfToken: row.csrf_token, sessionId: id };
}

export async function deleteSession(store: Store, sessionId: string): Promise<void> {
  await authDb(store).deleteFrom("user_sessions").where("id", "=", sessionId).execute();
}

/** Signs the account out everywhere except (optionally) one session: after a password change. */
export async function deleteOtherSessions(store: Store, userId: number, keepSessionId?: string): Promise<void> {
  let q = authDb(store).deleteFrom("user_sessions").where("user_id", "=", userId);
  if (keepSessionId) q = q.where("id", "!=", keepSessionId);
  await q.execute();
}

export async function purgeExpiredSessions(store: Store, now: Date): Promise<number> {
  const r = await authDb(store).deleteFrom("user_sessions").where("expires_at", "<=", now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
