// Runs the pending migrations in one transaction and records each in llmpath_migrations.
import { type Kysely, sql } from "kysely";
import { StoreError } from "./errors.ts";
import { MIGRATIONS, type Migration } from "./migrations.ts";
import type { Database } from "./schema.ts";

/** Advisory-lock key so that several servers starting at once migrate one after another (PostgreSQL only). */
const MIGRATION_LOCK_KEY = 0x6c6c6d70; // "llmp"

export interface MigrateResult {
  applied: number[];
}

function checkList(list: readonly Migration[]): void {
  list.forEach((m, i) => {
    if (m.id !== i + 1) throw new Error(`migrations.ts: migration "${m.name}" has id ${m.id}, expected ${i + 1} (ids run 1, 2, 3, ... with no gaps)`);
  });
}

/**
 * Brings the schema up to date. `where` names the database in error messages (a path or host:port).
 * Refuses a database that has migrations this version of llmpath does not know (it is newer).
 */
export async function migrate(db: Kysely<Database>, opts: { where: string; useAdvisoryLock: boolean; list?: readonly Migration[] }): Promise<MigrateResult> {
  const list = opts.list ?? MIGRATIONS;
  checkList(list);
  return await db.transaction().execute(async (tx) => {
    if (opts.useAdvisoryLock) await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(tx);
    await sql`create table if not exists llmpath_migrations (
      id integer primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`.execute(tx);
    const done = await tx.selectFrom("llmpath_migrations").select(["id", "name"]).orderBy("id").execute();
    for (const row of done) {
      const known = list[row.id - 1];
      if (known === undefined) {
        throw new StoreError(
          "corrupt",
          `The database at ${opts.where} has migration ${row.id} ("${row.name}") that this llmpath does not know; it was written by a newer llmpath — upgrade llmpath to use it.`,
          { where: opts.where, migration: row.id },
        );
      }
      if (known.name !== row.name) {
        throw new StoreError(
          "corrupt",
          `The database at ${opts.where} records migration ${row.id} as "${row.name}" but this llmpath calls it "${known.name}"; the database belongs to a different build — restore a backup or use another data directory.`,
          { where: opts.where, migration: row.id },
        );
      }
    }
    const applied: number[] = [];
    for (const m of list.slice(done.length)) {
      for (const statement of m.statements) await sql.raw(statement).execute(tx);
      await tx.insertInto("llmpath_migrations").values({ id: m.id, name: m.name }).execute();
      applied.push(m.id);
    }
    return { applied };
  });
}
