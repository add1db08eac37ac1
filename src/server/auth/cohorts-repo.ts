// Cohorts and memberships: create (the creator instructs it), join by invite code, who may see which cohort.
import type { Store } from "../../store/index.ts";
import { authDb, type CohortRole, type User } from "./db.ts";
import { inviteCode } from "./tokens.ts";

export interface Cohort {
  id: number;
  name: string;
  inviteCode: string;
  createdAt: Date;
}

export interface Membership extends Cohort {
  role: CohortRole;
}

export async function createCohort(store: Store, creator: User, name: string): Promise<Cohort> {
  return await authDb(store).transaction().execute(async (tx) => {
    const row = await tx.insertInto("cohorts").values({ name, invite_code: inviteCode(), created_by: creator.id }).returning(["id", "name", "invite_code", "created_at"]).executeTakeFirstOrThrow();
    await tx.insertInto("cohort_members").values({ cohort_id: row.id, user_id: creator.id, role: "instructor" }).execute();
    return { id: row.id, name: row.name, inviteCode: row.invite_code, createdAt: row.created_at };
  });
}

/** Joins the cohort with this invite code as a learner (idempotent); null when no cohort has the code. */
export async function joinCohort(store: Store, user: User, code: string): Promise<Membership | null> {
  const db = authDb(store);
  const c = await db.selectFrom("cohorts").select(["id", "name", "invite_code", "created_at"]).where("invite_code", "=", code.trim().toUpperCase()).executeTakeFirst();
  if (!c) return null;
  await db.insertInto("cohort_members").values({ cohort_id: c.id, user_id: user.id, role: "learner" }).onConflict((oc) => oc.columns(["cohort_id", "user_id"]).doNothing()).execute();
  const m = await db.selectFrom("cohort_members").select("role").where("cohort_id", "=", c.id).where("user_id", "=", user.id).executeTakeFirstOrThrow();
  return { id: c.id, name: c.name, inviteCode: c.invite_code, createdAt: c.created_at, role: m.role };
}

export async function myCohorts(store: Store, user: User): Promise<Membership[]> {
  const rows = await authDb(store)
    .selectFrom("cohort_members as m")
    .innerJoin("cohorts as c", "c.id", "m.cohort_id")
    .select(["c.id", "c.name", "c.invite_code", "c.created_at", "m.role"])
    .where("m.user_id", "=", user.id)
    .orderBy("c.id")
    .execute();
  // only instructors see the invite code (learners could otherwise pass it on to anyone)
  return rows.map((r) => ({ id: r.id, name: r.name, inviteCode: r.role === "instructor" ? r.invite_code : "", createdAt: r.created_at, role: r.role }));
}

export async function getCohort(store: Store, id: number): Promise<Cohort | null> {
  const r = await authDb(store).selectFrom("cohorts").select(["id", "name", "invite_code", "created_at"]).where("id", "=", id).executeTakeFirst();
  return r ? { id: r.id, name: r.name, inviteCode: r.invite_code, createdAt: r.created_at } : null;
}

/** Admins see every cohort; instructors only cohorts they instruct; learners none (they see only their own data). */
export async function mayInstruct(store: Store, user: User, cohortId: number): Promise<boolean> {
  if (user.role === "admin") return true;
  const m = await authDb(store).selectFrom("cohort_members").select("role").where("cohort_id", "=", cohortId).where("user_id", "=", user.id).executeTakeFirst();
  return m?.role === "instructor";
}

/** Adds an existing account as an instructor of a cohort (admin action). */
export async function addInstructor(store: Store, cohortId: number, userId: number): Promise<void> {
  await authDb(store)
    .insertInto("cohort_members")
    .values({ cohort_id: cohortId, user_id: userId, role: "instructor" })
    .onConflict((oc) => oc.columns(["cohort_id", "user_id"]).doUpdateSet({ role: "instructor" }))
    .execute();
}

export async function cohortLearners(store: Store, cohortId: number): Promise<{ userId: number; learnerId: number; email: string; joinedAt: Date }[]> {
  const rows = await authDb(store)
    .selectFrom("cohort_members as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.learner_id", "u.email", "m.joined_at"])
    .where("m.cohort_id", "=", cohortId)
    .where("m.role", "=", "learner")
    .orderBy("u.email")
    .execute();
  return rows.map((r) => ({ userId: r.id, learnerId: r.learner_id, email: r.email, joinedAt: r.joined_at }));
}
