// The store's public entry: open a Store on PGlite (single user) or PostgreSQL (server), plus its types and errors.
import { resolveDataDir } from "./data-dir.ts";
import { openPglite } from "./open-pglite.ts";
import { openPostgres } from "./open-postgres.ts";
import type { Store, StoreOptions } from "./store-types.ts";

export { resolveDataDir } from "./data-dir.ts";
export { StoreError, isStoreError, type StoreErrorCode } from "./errors.ts";
export type { NewLabAttempt, NewStudySession, Store, StoreOptions } from "./store-types.ts";
export * from "./schema.ts";
export { MIGRATIONS } from "./migrations.ts";

/**
 * Opens the store: PostgreSQL when `databaseUrl` is given (callers pass `DATABASE_URL` in themselves),
 * otherwise PGlite in `resolveDataDir(...)`. Migrations run automatically. Always `close()` it.
 */
export async function openStore(opts: StoreOptions = {}): Promise<Store> {
  if (opts.databaseUrl !== undefined && opts.databaseUrl !== "") return await openPostgres(opts.databaseUrl, { schema: opts.schema });
  return await openPglite(resolveDataDir({ dataDir: opts.dataDir, env: opts.env }));
}
