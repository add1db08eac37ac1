// The Store implementation shared by both drivers: validated inputs, one transaction per write, camelCase rows out.
import type { Kysely } from "kysely";
import { StoreError, errorCode } from "./errors.ts";
import { jsonb } from "./json.ts";
import { toLabAttempt, toLabEvent, toLearner, toModuleStatus, toOverride, toStudySession } from "./rows.ts";
import {
  type Database,
  LAB_EVENT_KINDS,
  LAB_VERDICTS,
  type LabEventKind,
  type Learner,
  MODULE_STATUSES,
  type ModuleStatus,
  type ModuleStatusRow,
  STATUS_ORIGINS,
  STUDY_KINDS,
  type StatusOrigin,
} from "./schema.ts";
import type { NewLabAttempt, NewStudySession, Store } from "./store-types.ts";
import * as v from "./validate.ts";

const ID_MAX = 200;
const HANDLE_MAX = 64;

/** Maps constraint violations that slip past validation to StoreErrors; everything else passes through. */
async function guard<T>(where: string, learnerId: number | null, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const code = errorCode(e);
    if (code === "23503" && learnerId !== null) {
      throw new StoreError("not_found", `${where}: learner ${learnerId} does not exist; create it with ensureLearner first.`, { where, learnerId }, { cause: e });
    }
    if (code === "23514" || code === "22P05" || code === "22021") {
      throw new StoreError("invalid", `${where}: the database rejected the value (${e instanceof Error ? e.message : code}); fix the input.`, { where }, { cause: e });
    }
    throw e;
  }
}

export class KyselyStore implements Store {
  readonly kind: "pglite" | "postgres";
  readonly db: Kysely<Database>;
  readonly location: string;
  #onClose: () => Promise<void>;
  #closed: Promise<void> | null = null;

  constructor(kind: "pglite" | "postgres", db: Kysely<Database>, location: string, onClose: () => Promise<void>) {
    this.kind = kind;
    this.db = db;
    this.location = location;
    this.#onClose = onClose;
  }

  close(): Promise<void> {
    this.#closed ??= this.#onClose();
    return this.#closed;
  }

  async ensureLearner(handle = "local"): Promise<Learner> {
    const h = v.text("ensureLearner", "handle", handle, { max: HANDLE_MAX });
    if (h.trim() !== h) throw new StoreError("invalid", `ensureLearner: handle ${JSON.stringify(h)} has leading or trailing spaces; trim it.`, { field: "handle" });
    const find = () => this.db.selectFrom("learners").selectAll().where("handle", "=", h).executeTakeFirst();
    const existing = await find();
    if (existing) return toLearner(existing);
    const inserted = await this.db
      .insertInto("learners")
      .values({ handle: h })
      .onConflict((oc) => oc.column("handle").doNothing())
      .returningAll()
      .executeTakeFirst();
    const row = inserted ?? (await find()); // another process created it between our select and insert
    if (!row) throw new Error(`ensureLearner: learner "${h}" vanished right after it was created`);
    return toLearner(row);
  }

  async listModuleStatus(learnerId: number): Promise<ModuleStatusRow[]> {
    v.id("listModuleStatus", "learnerId", learnerId);
    const rows = await this.db.selectFrom("module_status").selectAll().where("learner_id", "=", learnerId).orderBy("module_id").execute();
    return rows.map(toModuleStatus);
  }

  async setModuleStatus(
    learnerId: number,
    moduleId: string,
    status: ModuleStatus,
    opts: { origin?: StatusOrigin; reason?: string; at?: Date } = {},
  ): Promise<ModuleStatusRow> {
    const w = "setModuleStatus";
    v.id(w, "learnerId", learnerId);
    v.text(w, "moduleId", moduleId, { max: ID_MAX });
    v.oneOf(w, "status", status, MODULE_STATUSES);
    const origin = v.oneOf(w, "origin", opts.origin ?? "self", STATUS_ORIGINS);
    const reason = v.optionalText(w, "reason", opts.reason);
    const at = opts.at === undefined ? new Date() : v.date(w, "at", opts.at);
    if (status === "skipped" && (reason === null || reason.trim() === "")) {
      throw new StoreError("invalid", `${w}: marking ${moduleId} skipped needs a reason; pass { reason: "..." }.`, { field: "reason" });
    }
    const started = status === "skipped" ? null : at;
    const done = status === "done" ? at : null;
    const row = await guard(w, learnerId, () =>
      this.db
        .insertInto("module_status")
        .values({ learner_id: learnerId, module_id: moduleId, status, origin, reason, started_at: started, done_at: done, updated_at: at })
        .onConflict((oc) =>
          oc.columns(["learner_id", "module_id"]).doUpdateSet((eb) => ({
            status: eb.ref("excluded.status"),
            origin: eb.ref("excluded.origin"),
            // no new reason and the same origin (e.g. an override module finished): keep the old reason
            reason: eb
              .case()
              .when(eb.and([eb("excluded.reason", "is", null), eb("excluded.origin", "=", eb.ref("module_status.origin"))]))
              .then(eb.ref("module_status.reason"))
              .else(eb.ref("excluded.reason"))
              .end(),
            started_at: eb.fn.coalesce("module_status.started_at", "excluded.started_at"),
            done_at: eb.ref("excluded.done_at"),
            updated_at: eb.ref("excluded.updated_at"),
          })),
        )
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return toModuleStatus(row);
  }

  async recordOverride(learnerId: number, moduleId: string, missing: string[], reason: string): Promise<void> {
    const w = "recordOverride";
    v.id(w, "learnerId", learnerId);
    v.text(w, "moduleId", moduleId, { max: ID_MAX });
    const m = v.stringArray(w, "missing", missing);
    v.text(w, "reason", reason);
    await guard(w, learnerId, () =>
      this.db.insertInto("prerequisite_overrides").values({ learner_id: learnerId, module_id: moduleId, missing: jsonb(m, w), reason }).execute(),
    );
  }

  async listOverrides(learnerId: number) {
    v.id("listOverrides", "learnerId", learnerId);
    const rows = await this.db.selectFrom("prerequisite_overrides").selectAll().where("learner_id", "=", learnerId).orderBy("id").execute();
    return rows.map(toOverride);
  }

  async addStudySession(s: NewStudySession) {
    const w = "addStudySession";
    v.id(w, "learnerId", s.learnerId);
    const moduleId = s.moduleId === null ? null : v.text(w, "moduleId", s.moduleId, { max: ID_MAX });
    v.oneOf(w, "kind", s.kind, STUDY_KINDS);
    v.int(w, "minutes", s.minutes, 1, 24 * 60);
    v.date(w, "startedAt", s.startedAt);
    const note = v.optionalText(w, "note", s.note);
    const row = await guard(w, s.learnerId, () =>
      this.db
        .insertInto("study_sessions")
        .values({ learner_id: s.learnerId, module_id: moduleId, kind: s.kind, minutes: s.minutes, started_at: s.startedAt, note })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return toStudySession(row);
  }

  async listStudySessions(learnerId: number, opts: { since?: Date } = {}) {
    v.id("listStudySessions", "learnerId", learnerId);
    let q = this.db.selectFrom("study_sessions").selectAll().where("learner_id", "=", learnerId);
    if (opts.since !== undefined) q = q.where("started_at", ">=", v.date("listStudySessions", "since", opts.since));
    const rows = await q.orderBy("started_at").orderBy("id").execute();
    return rows.map(toStudySession);
  }

  async addLabAttempt(a: NewLabAttempt) {
    const w = "addLabAttempt";
    v.id(w, "learnerId", a.learnerId);
    v.text(w, "labId", a.labId, { max: ID_MAX });
    v.text(w, "codeHash", a.codeHash, { max: 200 });
    v.oneOf(w, "verdict", a.verdict, LAB_VERDICTS);
    v.int(w, "durationMs", a.durationMs, 0, 2_147_483_647);
    const result = jsonb(a.result, `${w} result`);
    const row = await guard(w, a.learnerId, () =>
      this.db
        .insertInto("lab_attempts")
        .values({ learner_id: a.learnerId, lab_id: a.labId, code_hash: a.codeHash, verdict: a.verdict, duration_ms: a.durationMs, result })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return toLabAttempt(row);
  }

  async listLabAttempts(learnerId: number, labId?: string) {
    v.id("listLabAttempts", "learnerId", learnerId);
    let q = this.db.selectFrom("lab_attempts").selectAll().where("learner_id", "=", learnerId);
    if (labId !== undefined) q = q.where("lab_id", "=", v.text("listLabAttempts", "labId", labId, { max: ID_MAX }));
    return (await q.orderBy("id").execute()).map(toLabAttempt);
  }

  async recordLabEvent(learnerId: number, labId: string, kind: LabEventKind, detail: Record<string, unknown>): Promise<void> {
    const w = "recordLabEvent";
    v.id(w, "learnerId", learnerId);
    v.text(w, "labId", labId, { max: ID_MAX });
    v.oneOf(w, "kind", kind, LAB_EVENT_KINDS);
    const d = jsonb(v.plainObject(w, "detail", detail), `${w} detail`);
    await guard(w, learnerId, () => this.db.insertInto("lab_events").values({ learner_id: learnerId, lab_id: labId, kind, detail: d }).execute());
  }

  async listLabEvents(learnerId: number, labId?: string) {
    v.id("listLabEvents", "learnerId", learnerId);
    let q = this.db.selectFrom("lab_events").selectAll().where("learner_id", "=", learnerId);
    if (labId !== undefined) q = q.where("lab_id", "=", v.text("listLabEvents", "labId", labId, { max: ID_MAX }));
    return (await q.orderBy("id").execute()).map(toLabEvent);
  }

  async getSetting(learnerId: number, key: string): Promise<unknown | undefined> {
    v.id("getSetting", "learnerId", learnerId);
    v.text("getSetting", "key", key, { max: ID_MAX });
    const row = await this.db.selectFrom("settings").select("value").where("learner_id", "=", learnerId).where("key", "=", key).executeTakeFirst();
    return row === undefined ? undefined : row.value;
  }

  async setSetting(learnerId: number, key: string, value: unknown): Promise<void> {
    const w = "setSetting";
    v.id(w, "learnerId", learnerId);
    v.text(w, "key", key, { max: ID_MAX });
    const j = jsonb(value, `${w} ${key}`);
    await guard(w, learnerId, () =>
      this.db
        .insertInto("settings")
        .values({ learner_id: learnerId, key, value: j, updated_at: new Date() })
        .onConflict((oc) => oc.columns(["learner_id", "key"]).doUpdateSet((eb) => ({ value: eb.ref("excluded.value"), updated_at: eb.ref("excluded.updated_at") })))
        .execute(),
    );
  }

  async deleteSetting(learnerId: number, key: string): Promise<boolean> {
    v.id("deleteSetting", "learnerId", learnerId);
    v.text("deleteSetting", "key", key, { max: ID_MAX });
    const r = await this.db.deleteFrom("settings").where("learner_id", "=", learnerId).where("key", "=", key).executeTakeFirst();
    return r.numDeletedRows > 0n;
  }
}
