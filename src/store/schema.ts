// The database as TypeScript sees it: Kysely table types (snake_case) and the camelCase row types the store returns.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type TimestampDefault = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: read back as parsed JSON; written as JSON text (see `jsonb()` in json.ts). */
type Json<T = unknown> = ColumnType<T, string, string>;

export type ModuleStatus = "in_progress" | "done" | "skipped";
export type StatusOrigin = "self" | "credited" | "override";
export type StudyKind = "reading" | "lab" | "review" | "project";
export type LabVerdict = "pass" | "fail" | "error" | "timeout" | "memory";
export type LabEventKind = "hint" | "solution";

export const MODULE_STATUSES: readonly ModuleStatus[] = ["in_progress", "done", "skipped"];
export const STATUS_ORIGINS: readonly StatusOrigin[] = ["self", "credited", "override"];
export const STUDY_KINDS: readonly StudyKind[] = ["reading", "lab", "review", "project"];
export const LAB_VERDICTS: readonly LabVerdict[] = ["pass", "fail", "error", "timeout", "memory"];
export const LAB_EVENT_KINDS: readonly LabEventKind[] = ["hint", "solution"];

export interface LearnersTable {
  id: Generated<number>;
  handle: string;
  display_name: string | null;
  created_at: TimestampDefault;
}

export interface ModuleStatusTable {
  learner_id: number;
  module_id: string;
  status: ModuleStatus;
  origin: StatusOrigin;
  reason: string | null;
  started_at: Timestamp | null;
  done_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface PrerequisiteOverridesTable {
  id: Generated<number>;
  learner_id: number;
  module_id: string;
  missing: Json<string[]>;
  reason: string;
  created_at: TimestampDefault;
}

export interface StudySessionsTable {
  id: Generated<number>;
  learner_id: number;
  module_id: string | null;
  kind: StudyKind;
  minutes: number;
  started_at: Timestamp;
  note: string | null;
  created_at: TimestampDefault;
}

export interface LabAttemptsTable {
  id: Generated<number>;
  learner_id: number;
  lab_id: string;
  code_hash: string;
  verdict: LabVerdict;
  duration_ms: number;
  result: Json;
  created_at: TimestampDefault;
}

export interface LabEventsTable {
  id: Generated<number>;
  learner_id: number;
  lab_id: string;
  kind: LabEventKind;
  detail: Json<Record<string, unknown>>;
  created_at: TimestampDefault;
}

export interface SettingsTable {
  learner_id: number;
  key: string;
  value: Json;
  updated_at: TimestampDefault;
}

export interface MigrationsTable {
  id: number;
  name: string;
  applied_at: TimestampDefault;
}

export interface Database {
  learners: LearnersTable;
  module_status: ModuleStatusTable;
  prerequisite_overrides: PrerequisiteOverridesTable;
  study_sessions: StudySessionsTable;
  lab_attempts: LabAttemptsTable;
  lab_events: LabEventsTable;
  settings: SettingsTable;
  llmpath_migrations: MigrationsTable;
}

export interface Learner {
  id: number;
  handle: string;
  displayName: string | null;
  createdAt: Date;
}

export interface ModuleStatusRow {
  learnerId: number;
  moduleId: string;
  status: ModuleStatus;
  origin: StatusOrigin;
  reason: string | null;
  startedAt: Date | null;
  doneAt: Date | null;
  updatedAt: Date;
}

export interface OverrideRow {
  id: number;
  learnerId: number;
  moduleId: string;
  missing: string[];
  reason: string;
  createdAt: Date;
}

export interface StudySessionRow {
  id: number;
  learnerId: number;
  moduleId: string | null;
  kind: StudyKind;
  minutes: number;
  startedAt: Date;
  note: string | null;
  createdAt: Date;
}

export interface LabAttemptRow {
  id: number;
  learnerId: number;
  labId: string;
  codeHash: string;
  verdict: LabVerdict;
  durationMs: number;
  result: unknown;
  createdAt: Date;
}

export interface LabEventRow {
  id: number;
  learnerId: number;
  labId: string;
  kind: LabEventKind;
  detail: Record<string, unknown>;
  createdAt: Date;
}
