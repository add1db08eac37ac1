// Migration 5: grading jobs of multi-user mode — what was submitted, its state, and the attempt it produced (set
// exactly once, so a job that a dead worker's successor re-runs is stored once).
import type { Migration } from "./migrations.ts";

export const GRADING_JOBS_MIGRATION: Migration = {
  id: 5,
  name: "grading-jobs",
  statements: [
    `create table grading_jobs (
      id text primary key,
      learner_id integer not null references learners(id) on delete cascade,
      lab_id text not null,
      code text not null,
      state text not null default 'queued' check (state in ('queued', 'running', 'done', 'failed')),
      attempt_id integer references lab_attempts(id) on delete set null,
      runs integer not null default 0 check (runs >= 0),
      created_at timestamptz not null default now(),
      finished_at timestamptz
    )`,
    "create index grading_jobs_learner on grading_jobs (learner_id, created_at)",
  ],
};
