// Converting snake_case database rows into the camelCase row objects the store returns.
import type { Selectable } from "kysely";
import type {
  LabAttemptRow,
  LabAttemptsTable,
  LabEventRow,
  LabEventsTable,
  Learner,
  LearnersTable,
  ModuleStatusRow,
  ModuleStatusTable,
  OverrideRow,
  PrerequisiteOverridesTable,
  StudySessionRow,
  StudySessionsTable,
} from "./schema.ts";

export function toLearner(r: Selectable<LearnersTable>): Learner {
  return { id: r.id, handle: r.handle, displayName: r.display_name, createdAt: r.created_at };
}

export function toModuleStatus(r: Selectable<ModuleStatusTable>): ModuleStatusRow {
  return {
    learnerId: r.learner_id,
    moduleId: r.module_id,
    status: r.status,
    origin: r.origin,
    reason: r.reason,
    startedAt: r.started_at,
    doneAt: r.done_at,
    updatedAt: r.updated_at,
  };
}

export function toOverride(r: Selectable<PrerequisiteOverridesTable>): OverrideRow {
  return { id: r.id, learnerId: r.learner_id, moduleId: r.module_id, missing: r.missing, reason: r.reason, createdAt: r.created_at };
}

export function toStudySession(r: Selectable<StudySessionsTable>): StudySessionRow {
  return {
    id: r.id,
    learnerId: r.learner_id,
    moduleId: r.module_id,
    kind: r.kind,
    minutes: r.minutes,
    startedAt: r.started_at,
    note: r.note,
    createdAt: r.created_at,
  };
}

export function toLabAttempt(r: Selectable<LabAttemptsTable>): LabAttemptRow {
  return {
    id: r.id,
    learnerId: r.learner_id,
    labId: r.lab_id,
    codeHash: r.code_hash,
    verdict: r.verdict,
    durationMs: r.duration_ms,
    result: r.result,
    createdAt: r.created_at,
  };
}

export function toLabEvent(r: Selectable<LabEventsTable>): LabEventRow {
  return { id: r.id, learnerId: r.learner_id, labId: r.lab_id, kind: r.kind, detail: r.detail, createdAt: r.created_at };
}
