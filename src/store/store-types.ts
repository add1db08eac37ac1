// The Store interface: everything the CLI, server and learner code may ask of the database.
import type { Kysely } from "kysely";
import type {
  Database,
  LabAttemptRow,
  LabEventKind,
  LabEventRow,
  LabVerdict,
  Learner,
  ModuleStatus,
  ModuleStatusRow,
  OverrideRow,
  StatusOrigin,
  StudyKind,
  StudySessionRow,
} from "./schema.ts";

export interface StoreOptions {
  /** PGlite data directory (default: see resolveDataDir). Ignored when databaseUrl is set. */
  dataDir?: string;
  /** postgres://user@host:port/db — use a PostgreSQL server instead of PGlite. */
  databaseUrl?: string;
  /** PostgreSQL only: keep every table in this schema (created if missing); used by tests. */
  schema?: string;
  /** Environment used to resolve the data directory (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface NewStudySession {
  learnerId: number;
  moduleId: string | null;
  kind: StudyKind;
  minutes: number;
  startedAt: Date;
  note?: string;
}

export interface NewLabAttempt {
  learnerId: number;
  labId: string;
  codeHash: string;
  verdict: LabVerdict;
  durationMs: number;
  result: unknown;
}

export interface Store {
  readonly kind: "pglite" | "postgres";
  readonly db: Kysely<Database>;
  /** Where the data lives: the PGlite directory, or host:port/database for PostgreSQL. */
  readonly location: string;
  close(): Promise<void>;
  ensureLearner(handle?: string): Promise<Learner>;
  listModuleStatus(learnerId: number): Promise<ModuleStatusRow[]>;
  setModuleStatus(
    learnerId: number,
    moduleId: string,
    status: ModuleStatus,
    opts?: { origin?: StatusOrigin; reason?: string; at?: Date },
  ): Promise<ModuleStatusRow>;
  recordOverride(learnerId: number, moduleId: string, missing: string[], reason: string): Promise<void>;
  listOverrides(learnerId: number): Promise<OverrideRow[]>;
  addStudySession(s: NewStudySession): Promise<StudySessionRow>;
  listStudySessions(learnerId: number, opts?: { since?: Date }): Promise<StudySessionRow[]>;
  addLabAttempt(a: NewLabAttempt): Promise<LabAttemptRow>;
  listLabAttempts(learnerId: number, labId?: string): Promise<LabAttemptRow[]>;
  recordLabEvent(learnerId: number, labId: string, kind: LabEventKind, detail: Record<string, unknown>): Promise<void>;
  listLabEvents(learnerId: number, labId?: string): Promise<LabEventRow[]>;
  getSetting(learnerId: number, key: string): Promise<unknown | undefined>;
  setSetting(learnerId: number, key: string, value: unknown): Promise<void>;
  deleteSetting(learnerId: number, key: string): Promise<boolean>;
}
