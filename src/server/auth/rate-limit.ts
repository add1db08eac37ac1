// Login rate-limiting, stored in the database so every server process counts the same failures:
// at most 5 failed logins per email and 30 per client address in 15 minutes.
import type { Store } from "../../store/index.ts";
import { authDb } from "./db.ts";

export const WINDOW_MS = 15 * 60_000;
export const MAX_FAILS_PER_EMAIL = 5;
export const MAX_FAILS_PER_IP = 30;

/** Seconds until another attempt is allowed, or 0 when allowed now. */
export async function loginBlockedFor(store: Store, email: string, ip: string, now: Date): Promise<number> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const db = authDb(store);
  const failures = (column: "email" | "ip", value: string) =>
    db.selectFrom("login_attempts").select("created_at").where(column, "=", value).where("ok", "=", false).where("created_at", ">", since).orderBy("created_at", "desc").execute();
  const [byEmail, byIp] = await Promise.all([failures("email", email), failures("ip", ip)]);
  let until = 0;
  for (const [rows, max] of [[byEmail, MAX_FAILS_PER_EMAIL], [byIp, MAX_FAILS_PER_IP]] as const) {
    // blocked until the oldest failure that keeps the count at the limit leaves the window
    if (rows.length >= max) until = Math.max(until, rows[max - 1]!.created_at.getTime() + WINDOW_MS);
  }
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

export async function recordLogin(store: Store, email: string, ip: string, ok: boolean, now: Date): Promise<void> {
  const db = authDb(store);
  await db.insertInto("login_attempts").values({ email, ip, ok, created_at: now }).execute();
  // a success clears the account's failures, so a learner who remembers the password is not punished later
  if (ok) await db.deleteFrom("login_attempts").where("email", "=", email).where("ok", "=", false).execute();
}
