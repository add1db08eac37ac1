// Accounts: register (each account owns one learner), authenticate, change password, delete (with all learner data).
import { sql } from "kysely";
import type { Store } from "../../store/index.ts";
import { authDb, type Role, type User, toUser } from "./db.ts";
import { dummyHash, hashPassword, verifyPassword } from "./password.ts";
import { newToken } from "./tokens.ts";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Lower-cased, trimmed email, or null when it does not look like one. */
export function normaliseEmail(v: unknown): string | null {
  if (typeof v !== "string") return null;
  const e = v.trim().toLowerCase();
  return e.length <= 254 && EMAIL.test(e) ? e : null;
}

export class AccountError extends Error {
  constructor(readonly code: "email_taken" | "bad_credentials") {
    super(code);
  }
}

/** Creates the account and its learner in one transaction. The very first account becomes the admin. */
export async function registerAccount(store: Store, email: string, password: string): Promise<User> {
  const passwordHash = await hashPassword(password);
  const db = authDb(store);
  return await db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${0x6c6c7573})`.execute(tx); // "llus": serialises "who is first"
    if (await tx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst()) throw new AccountError("email_taken");
    const first = !(await tx.selectFrom("users").select("id").limit(1).executeTakeFirst());
    const learner = await tx.insertInto("learners").values({ handle: `user-${newToken(12)}`, display_name: email.split("@")[0]! }).returning("id").executeTakeFirstOrThrow();
    const role: Role = first ? "admin" : "learner";
    const row = await tx
      .insertInto("users")
      .values({ learner_id: learner.id, email, password_hash: passwordHash, role })
      .returning(["id", "learner_id", "email", "role", "created_at"])
      .executeTakeFirstOrThrow();
    return toUser(row);
  });
}

/** The account for these credentials; verifies against a dummy hash when the email is unknown (same timing). */
export async function authenticate(store: Store, email: string, password: string): Promise<User | null> {
  const row = await authDb(store).selectFrom("users").select(["id", "learner_id", "email", "role", "created_at", "password_hash"]).where("email", "=", email).executeTakeFirst();
  const ok = await verifyPassword(row?.password_hash ?? (await dummyHash()), password);
  return row && ok ? toUser(row) : null;
}

export async function checkPassword(store: Store, userId: number, password: string): Promise<boolean> {
  const row = await authDb(store).selectFrom("users").select("password_hash").where("id", "=", userId).executeTakeFirst();
  return row ? await verifyPassword(row.password_hash, password) : false;
}

export async function setPassword(store: Store, userId: number, password: string, now: Date): Promise<void> {
  const passwordHash = await hashPassword(password);
  await authDb(store).updateTable("users").set({ password_hash: passwordHash, password_changed_at: now }).where("id", "=", userId).execute();
}

/** Deletes the learner; the foreign keys cascade to the account, its sessions, memberships and every learner table. */
export async function deleteAccount(store: Store, user: User): Promise<void> {
  await authDb(store).deleteFrom("learners").where("id", "=", user.learnerId).execute();
}

export async function setRole(store: Store, userId: number, role: Role): Promise<User | null> {
  const row = await authDb(store).updateTable("users").set({ role }).where("id", "=", userId).returning(["id", "learner_id", "email", "role", "created_at"]).executeTakeFirst();
  return row ? toUser(row) : null;
}

export async function listUsers(store: Store): Promise<User[]> {
  const rows = await authDb(store).selectFrom("users").select(["id", "learner_id", "email", "role", "created_at"]).orderBy("id").execute();
  return rows.map(toUser);
}
