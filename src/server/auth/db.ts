// The account tables of migration 4 as Kysely sees them, and a typed handle on the store's database that includes them.
import type { ColumnType, Generated, Kysely } from "kysely";
import type { Database, Store } from "../../store/index.ts";

type Stamp = ColumnType<Date, Date | string, Date | string>;
type StampDefault = ColumnType<Date, Date | string | undefined, Date | string>;

export type Role = "learner" | "instructor" | "admin";
export const ROLES: readonly Role[] = ["learner", "instructor", "admin"];
export type CohortRole = "learner" | "instructor";

export interface UsersTable {
  id: Generated<number>;
  learner_id: number;
  email: string;
  password_hash: string;
  role: Role;
  created_at: StampDefault;
  password_changed_at: StampDefault;
}

export interface UserSessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: Stamp;
  expires_at: Stamp;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  email: string;
  ip: string;
  ok: boolean;
  created_at: Stamp;
}

export interface CohortsTable {
  id: Generated<number>;
  name: string;
  invite_code: string;
  created_by: number | null;
  created_at: StampDefault;
}

export interface CohortMembersTable {
  cohort_id: number;
  user_id: number;
  role: CohortRole;
  joined_at: StampDefault;
}

type JobState = "queued" | "running" | "done" | "failed";

export interface GradingJobsTable {
  id: string;
  learner_id: number;
  lab_id: string;
  code: string;
  state: ColumnType<JobState, JobState | undefined, JobState>;
  attempt_id: number | null;
  runs: ColumnType<number, number | undefined, number>;
  created_at: StampDefault;
  finished_at: Date | null;
}

export interface AuthDatabase extends Database {
  grading_jobs: GradingJobsTable;
  users: UsersTable;
  user_sessions: UserSessionsTable;
  login_attempts: LoginAttemptsTable;
  cohorts: CohortsTable;
  cohort_members: CohortMembersTable;
}

/** The store's Kysely instance, typed with the account tables (they exist once migration 4 has run). */
export const authDb = (store: Store): Kysely<AuthDatabase> => store.db as unknown as Kysely<AuthDatabase>;

/** A signed-in account as the routes see it. */
export interface User {
  id: number;
  learnerId: number;
  email: string;
  role: Role;
  createdAt: Date;
}

export const toUser = (r: { id: number; learner_id: number; email: string; role: Role; created_at: Date }): User => ({
  id: r.id,
  learnerId: r.learner_id,
  email: r.email,
  role: r.role,
  createdAt: r.created_at,
});
