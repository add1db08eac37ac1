// Opening the embedded store: PGlite in <dataDir>/pgdata, guarded by an exclusive lock file, migrated on open.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PGliteDialect } from "kysely";
import { ensureWritableDir } from "./data-dir.ts";
import { StoreError, errorMessage, isStoreError } from "./errors.ts";
import { KyselyStore } from "./kysely-store.ts";
import { acquireDirLock } from "./lock.ts";
import { migrate } from "./migrate.ts";
import type { Database } from "./schema.ts";
import type { Store } from "./store-types.ts";

// Durability: PGlite writes through Node's fs synchronously, so a committed transaction is in the OS before the
// query returns and survives kill -9 (crash.test.ts). It cannot survive power loss the way a server can: PGlite
// starts postgres with -F (fsync off) and its WebAssembly file system has no fsync to call. Use PostgreSQL for that.

export const PGDATA = "pgdata";
const PGDATA_INIT = "pgdata.init";

function corrupt(dataDir: string, pgdata: string, why: string, cause?: unknown): StoreError {
  return new StoreError(
    "corrupt",
    `The database in ${pgdata} cannot be opened (${why}); move that folder aside to start fresh or restore it from a backup, or use another --data-dir.`,
    { path: dataDir, pgdata },
    { cause },
  );
}

let wasmModule: Promise<WebAssembly.Module | undefined> | undefined;

/** PGlite's WebAssembly compiled once per process (~0.3 s saved on every later open); undefined → PGlite loads it itself. */
function compiledWasm(): Promise<WebAssembly.Module | undefined> {
  wasmModule ??= (async () => {
    try {
      const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
      return await WebAssembly.compile(await fs.promises.readFile(path.join(path.dirname(entry), "pglite.wasm")));
    } catch {
      return undefined;
    }
  })();
  return wasmModule;
}

/** Starts PGlite on `dir`, turning any failure into a `corrupt` StoreError. */
async function startPglite(dataDir: string, dir: string): Promise<PGlite> {
  let pg: PGlite | undefined;
  try {
    pg = new PGlite({ dataDir: dir, pgliteWasmModule: await compiledWasm() });
    await pg.waitReady;
    return pg;
  } catch (e) {
    if (pg !== undefined && !pg.closed) await pg.close().catch(() => {});
    throw corrupt(dataDir, dir, errorMessage(e), e);
  }
}

/**
 * Creates the database cluster in a side folder and renames it into place only once complete,
 * so a process killed during the slow first run (seconds) never leaves a half-made pgdata behind.
 */
async function initCluster(dataDir: string, pgdata: string): Promise<void> {
  const tmp = path.join(dataDir, PGDATA_INIT);
  fs.rmSync(tmp, { recursive: true, force: true }); // leftover of a killed first run; we hold the lock
  const pg = await startPglite(dataDir, tmp);
  await pg.close();
  fs.renameSync(tmp, pgdata);
}

function inspectPgdata(dataDir: string, pgdata: string): "missing" | "ok" {
  const st = fs.statSync(pgdata, { throwIfNoEntry: false });
  if (st === undefined) return "missing";
  if (!st.isDirectory()) throw corrupt(dataDir, pgdata, "it is a file, not a directory");
  if (!fs.existsSync(path.join(pgdata, "PG_VERSION"))) {
    if (fs.readdirSync(pgdata).length === 0) {
      fs.rmdirSync(pgdata);
      return "missing";
    }
    throw corrupt(dataDir, pgdata, "it has no PG_VERSION file, so it is not a PostgreSQL data directory");
  }
  return "ok";
}

export async function openPglite(dataDir: string): Promise<Store> {
  ensureWritableDir(dataDir);
  const lock = acquireDirLock(dataDir);
  let pg: PGlite | undefined;
  try {
    const pgdata = path.join(dataDir, PGDATA);
    if (inspectPgdata(dataDir, pgdata) === "missing") await initCluster(dataDir, pgdata);
    pg = await startPglite(dataDir, pgdata);
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite: pg }) });
    try {
      await migrate(db, { where: dataDir, useAdvisoryLock: false });
    } catch (e) {
      if (isStoreError(e)) throw e;
      throw corrupt(dataDir, pgdata, `migrating the schema failed: ${errorMessage(e)}`, e);
    }
    return new KyselyStore("pglite", db, dataDir, async () => {
      try {
        await db.destroy();
      } finally {
        lock.release();
      }
    });
  } catch (e) {
    if (pg !== undefined && !pg.closed) await pg.close().catch(() => {});
    lock.release();
    throw e;
  }
}
