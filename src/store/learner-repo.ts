// Storage for the learner core (review, placement, journal, plan, running session): functions over a Store's db,
// each write one transaction. Tables come from learner-migrations.ts.
import type { ColumnType, Generated, Kysely, Transaction } from "kysely";
import { jsonb } from "./json.ts";
import type { Database } from "./schema.ts";
import type { Store } from "./store-types.ts";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type TimestampDefault = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export type LearnerTables = {
  review_cards: { learner_id: number; module_id: string; card_id: string; state: Json<Record<string, unknown>>; due: Timestamp; reps: number; updated_at: TimestampDefault };
  review_logs: {
    id: Generated<number>;
    learner_id: number;
    module_id: string;
    card_id: string;
    rating: "again" | "hard" | "good" | "easy";
    answer: string | null;
    correct: boolean | null;
    due_before: Timestamp | null;
    due_after: Timestamp;
    reviewed_at: Timestamp;
    created_at: TimestampDefault;
  };
  placement_results: {
    id: Generated<number>;
    learner_id: number;
    module_id: string;
    correct: number;
    total: number;
    score: number;
    passed: boolean;
    answers: Json<unknown[]>;
    created_at: TimestampDefault;
  };
  journal_papers: {
    id: Generated<number>;
    learner_id: number;
    title: string;
    venue: string | null;
    year: number | null;
    oral: boolean;
    link: string | null;
    tags: Json<string[]>;
    bibkey: string | null;
    notes: Json<Record<string, string>>;
    created_at: TimestampDefault;
    updated_at: TimestampDefault;
  };
  journal_contributions: {
    id: Generated<number>;
    learner_id: number;
    project: string;
    kind: string;
    link: string | null;
    status: string;
    note: string | null;
    created_at: TimestampDefault;
    updated_at: TimestampDefault;
  };
};

export type LearnerDb = Kysely<Database & LearnerTables>;
export const learnerDb = (store: Store): LearnerDb => store.db.withTables<LearnerTables>();

/** `settings` keys used by the learner core. */
export const PLAN_KEY = "learner.plan";
export const SESSION_KEY = "learner.session";

// --- plan and running session (settings) ---------------------------------------------------------------------

export async function getJsonSetting<T>(store: Store, learnerId: number, key: string, isValid: (v: unknown) => v is T): Promise<T | undefined> {
  const v = await store.getSetting(learnerId, key);
  return v !== undefined && isValid(v) ? v : undefined;
}

export interface ActiveSession {
  moduleId: string | null;
  kind: "reading" | "lab" | "review" | "project";
  startedAt: string;
  note: string | null;
}

export const isActiveSession = (v: unknown): v is ActiveSession =>
  typeof v === "object" && v !== null && typeof (v as ActiveSession).startedAt === "string" && typeof (v as ActiveSession).kind === "string";

/** Ends the running session: stores it as a study session and clears it, in one transaction. */
export async function stopSession(store: Store, learnerId: number, s: ActiveSession, minutes: number): Promise<void> {
  await store.db.transaction().execute(async (tx) => {
    await tx
      .insertInto("study_sessions")
      .values({ learner_id: learnerId, module_id: s.moduleId, kind: s.kind, minutes, started_at: new Date(s.startedAt), note: s.note })
      .execute();
    await tx.deleteFrom("settings").where("learner_id", "=", learnerId).where("key", "=", SESSION_KEY).execute();
  });
}

export async function clearSetting(store: Store, learnerId: number, key: string): Promise<void> {
  await store.db.deleteFrom("settings").where("learner_id", "=", learnerId).where("key", "=", key).execute();
}

// --- review ----------------------------------------------------------------------------------------------------

export async function listCardStates(store: Store, learnerId: number): Promise<Map<string, Record<string, unknown>>> {
  const rows = await learnerDb(store).selectFrom("review_cards").select(["module_id", "card_id", "state"]).where("learner_id", "=", learnerId).execute();
  return new Map(rows.map((r) => [`${r.module_id}::${r.card_id}`, r.state]));
}

export interface ReviewWrite {
  moduleId: string;
  cardId: string;
  state: { due: string; reps: number };
  rating: "again" | "hard" | "good" | "easy";
  answer: string | null;
  correct: boolean | null;
  dueBefore: string | null;
  reviewedAt: string;
}

/** Saves a card's new FSRS state and its log line together. */
export async function recordReview(store: Store, learnerId: number, r: ReviewWrite): Promise<void> {
  await learnerDb(store)
    .transaction()
    .execute(async (tx) => {
      await tx
        .insertInto("review_cards")
        .values({ learner_id: learnerId, module_id: r.moduleId, card_id: r.cardId, state: jsonb(r.state, "review state"), due: r.state.due, reps: r.state.reps, updated_at: r.reviewedAt })
        .onConflict((oc) =>
          oc.columns(["learner_id", "module_id", "card_id"]).doUpdateSet((eb) => ({ state: eb.ref("excluded.state"), due: eb.ref("excluded.due"), reps: eb.ref("excluded.reps"), updated_at: eb.ref("excluded.updated_at") })),
        )
        .execute();
      await tx
        .insertInto("review_logs")
        .values({ learner_id: learnerId, module_id: r.moduleId, card_id: r.cardId, rating: r.rating, answer: r.answer, correct: r.correct, due_before: r.dueBefore, due_after: r.state.due, reviewed_at: r.reviewedAt })
        .execute();
    });
}

export async function countReviewLogs(store: Store, learnerId: number, since?: Date): Promise<number> {
  let q = learnerDb(store).selectFrom("review_logs").select((eb) => eb.fn.countAll<number>().as("n")).where("learner_id", "=", learnerId);
  if (since) q = q.where("reviewed_at", ">=", since);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

// --- placement -------------------------------------------------------------------------------------------------

export interface PlacementWrite {
  moduleId: string;
  correct: number;
  total: number;
  score: number;
  passed: boolean;
  answers: unknown[];
}

/** Stores a placement attempt; a pass also credits the module (status done, origin credited) in the same transaction. */
export async function recordPlacement(store: Store, learnerId: number, p: PlacementWrite, at = new Date()): Promise<void> {
  await learnerDb(store)
    .transaction()
    .execute(async (tx) => {
      await tx
        .insertInto("placement_results")
        .values({ learner_id: learnerId, module_id: p.moduleId, correct: p.correct, total: p.total, score: p.score, passed: p.passed, answers: jsonb(p.answers, "placement answers"), created_at: at })
        .execute();
      if (p.passed) await creditModule(tx, learnerId, p.moduleId, `placement ${p.correct}/${p.total}`, at);
    });
}

async function creditModule(tx: Transaction<Database & LearnerTables>, learnerId: number, moduleId: string, reason: string, at: Date): Promise<void> {
  await tx
    .insertInto("module_status")
    .values({ learner_id: learnerId, module_id: moduleId, status: "done", origin: "credited", reason, started_at: at, done_at: at, updated_at: at })
    .onConflict((oc) =>
      oc.columns(["learner_id", "module_id"]).doUpdateSet((eb) => ({
        status: eb.ref("excluded.status"),
        origin: eb.ref("excluded.origin"),
        reason: eb.ref("excluded.reason"),
        started_at: eb.fn.coalesce("module_status.started_at", "excluded.started_at"),
        done_at: eb.ref("excluded.done_at"),
        updated_at: eb.ref("excluded.updated_at"),
      })),
    )
    .execute();
}

export async function listPlacementResults(store: Store, learnerId: number) {
  return await learnerDb(store).selectFrom("placement_results").selectAll().where("learner_id", "=", learnerId).orderBy("id").execute();
}

// --- journal ---------------------------------------------------------------------------------------------------

export interface PaperWrite {
  title: string;
  venue: string | null;
  year: number | null;
  oral: boolean;
  link: string | null;
  tags: string[];
  bibkey: string | null;
  notes: Record<string, string>;
}

export interface PaperRow extends PaperWrite {
  id: number;
  createdAt: Date;
  updatedAt: Date;
}

const toPaper = (r: { id: number; title: string; venue: string | null; year: number | null; oral: boolean; link: string | null; tags: string[]; bibkey: string | null; notes: Record<string, string>; created_at: Date; updated_at: Date }): PaperRow => ({
  id: r.id,
  title: r.title,
  venue: r.venue,
  year: r.year,
  oral: r.oral,
  link: r.link,
  tags: r.tags,
  bibkey: r.bibkey,
  notes: r.notes,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Adds papers in one transaction; papers whose bibkey is already in the journal are skipped and returned. */
export async function addPapers(store: Store, learnerId: number, papers: PaperWrite[]): Promise<{ added: PaperRow[]; skipped: string[] }> {
  return await learnerDb(store)
    .transaction()
    .execute(async (tx) => {
      const keys = papers.map((p) => p.bibkey).filter((k): k is string => k !== null);
      const existing = keys.length
        ? new Set((await tx.selectFrom("journal_papers").select("bibkey").where("learner_id", "=", learnerId).where("bibkey", "in", keys).execute()).map((r) => r.bibkey))
        : new Set<string | null>();
      const added: PaperRow[] = [];
      const skipped: string[] = [];
      for (const p of papers) {
        if (p.bibkey !== null && existing.has(p.bibkey)) {
          skipped.push(p.bibkey);
          continue;
        }
        const row = await tx
          .insertInto("journal_papers")
          .values({ learner_id: learnerId, title: p.title, venue: p.venue, year: p.year, oral: p.oral, link: p.link, tags: jsonb(p.tags, "paper tags"), bibkey: p.bibkey, notes: jsonb(p.notes, "paper notes") })
          .returningAll()
          .executeTakeFirstOrThrow();
        added.push(toPaper(row));
      }
      return { added, skipped };
    });
}

export async function listPapers(store: Store, learnerId: number): Promise<PaperRow[]> {
  const rows = await learnerDb(store).selectFrom("journal_papers").selectAll().where("learner_id", "=", learnerId).orderBy("id").execute();
  return rows.map(toPaper);
}

export async function getPaper(store: Store, learnerId: number, id: number): Promise<PaperRow | undefined> {
  const row = await learnerDb(store).selectFrom("journal_papers").selectAll().where("learner_id", "=", learnerId).where("id", "=", id).executeTakeFirst();
  return row ? toPaper(row) : undefined;
}

export async function updatePaperNotes(store: Store, learnerId: number, id: number, notes: Record<string, string>): Promise<PaperRow | undefined> {
  const row = await learnerDb(store)
    .updateTable("journal_papers")
    .set({ notes: jsonb(notes, "paper notes"), updated_at: new Date() })
    .where("learner_id", "=", learnerId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  return row ? toPaper(row) : undefined;
}

export interface ContributionWrite {
  project: string;
  kind: string;
  link: string | null;
  status: string;
  note: string | null;
}
export interface ContributionRow extends ContributionWrite {
  id: number;
  createdAt: Date;
  updatedAt: Date;
}
const toContribution = (r: { id: number; project: string; kind: string; link: string | null; status: string; note: string | null; created_at: Date; updated_at: Date }): ContributionRow => ({
  id: r.id,
  project: r.project,
  kind: r.kind,
  link: r.link,
  status: r.status,
  note: r.note,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function addContribution(store: Store, learnerId: number, c: ContributionWrite): Promise<ContributionRow> {
  const row = await learnerDb(store)
    .insertInto("journal_contributions")
    .values({ learner_id: learnerId, ...c })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toContribution(row);
}

export async function listContributions(store: Store, learnerId: number): Promise<ContributionRow[]> {
  const rows = await learnerDb(store).selectFrom("journal_contributions").selectAll().where("learner_id", "=", learnerId).orderBy("id").execute();
  return rows.map(toContribution);
}

export async function setContributionStatus(store: Store, learnerId: number, id: number, status: string): Promise<ContributionRow | undefined> {
  const row = await learnerDb(store)
    .updateTable("journal_contributions")
    .set({ status, updated_at: new Date() })
    .where("learner_id", "=", learnerId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  return row ? toContribution(row) : undefined;
}
