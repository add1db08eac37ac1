// Opening the multi-user store: a pg pool against a PostgreSQL server, checked and migrated on open.
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { StoreError, errorCode, errorMessage, isStoreError } from "./errors.ts";
import { KyselyStore } from "./kysely-store.ts";
import { migrate } from "./migrate.ts";
import type { Database } from "./schema.ts";
import type { Store } from "./store-types.ts";

export interface PgTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

const URL_HINT = "it should look like postgres://user:password@host:5432/database";

/** Parses a postgres:// URL without ever echoing it (it may hold a password). */
export function parseDatabaseUrl(url: string): PgTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new StoreError("connection", `The database URL is not a valid URL; ${URL_HINT}.`, { reason: "invalid_url" });
  }
  if (u.protocol !== "postgres:" && u.protocol !== "postgresql:") {
    throw new StoreError("connection", `The database URL uses "${u.protocol}" but llmpath needs PostgreSQL; ${URL_HINT}.`, { reason: "invalid_url" });
  }
  const user = decodeURIComponent(u.username) || process.env.USER || "postgres";
  const host = u.hostname || "localhost";
  return {
    host: host.startsWith("[") ? host.slice(1, -1) : host,
    port: u.port === "" ? 5432 : Number(u.port),
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || user,
    user,
    password: decodeURIComponent(u.password),
  };
}

function why(e: unknown): string {
  switch (errorCode(e)) {
    case "ECONNREFUSED":
      return "nothing is listening there (is the server running?)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "the host name does not resolve";
    case "ETIMEDOUT":
      return "the connection timed out";
    case "28P01":
    case "28000":
      return "authentication failed (check the user and password)";
    case "3D000":
      return "that database does not exist (create it with createdb)";
    default:
      return errorMessage(e);
  }
}

export function connectionError(t: PgTarget, e: unknown): StoreError {
  let reason = why(e);
  if (t.password !== "") reason = reason.split(t.password).join("***");
  return new StoreError(
    "connection",
    `Cannot connect to PostgreSQL at ${t.host}:${t.port} (database "${t.database}", user "${t.user}"): ${reason}; check DATABASE_URL / --database-url.`,
    { host: t.host, port: t.port, database: t.database, user: t.user, reason: errorCode(e) ?? "unknown" },
    { cause: e },
  );
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openPostgres(url: string, opts: { schema?: string } = {}): Promise<Store> {
  const target = parseDatabaseUrl(url);
  if (opts.schema !== undefined && !SCHEMA_NAME.test(opts.schema)) {
    throw new StoreError("invalid", `Schema name ${JSON.stringify(opts.schema)} is not allowed; use lowercase letters, digits and _ only.`, { schema: opts.schema });
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 10_000,
    options: opts.schema === undefined ? undefined : `-c search_path=${opts.schema}`,
  });
  pool.on("error", () => {
    // an idle client lost its connection (server restart): the pool drops it and the next query reconnects
  });
  const where = `${target.host}:${target.port}/${target.database}`;
  try {
    const client = await pool.connect().catch((e: unknown) => {
      throw connectionError(target, e);
    });
    try {
      if (opts.schema !== undefined) {
        // `create schema if not exists` is not safe against itself: two sessions can both see the name free and the
        // second fails on pg_namespace's unique index. A transaction-scoped advisory lock on the name serialises them.
        await client.query("begin");
        try {
          await client.query("select pg_advisory_xact_lock(hashtext($1))", [`llmpath schema ${opts.schema}`]);
          await client.query(`create schema if not exists ${opts.schema}`);
          await client.query("commit");
        } catch (e) {
          await client.query("rollback").catch(() => {});
          throw e;
        }
      }
    } finally {
      client.release();
    }
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    await migrate(db, { where, useAdvisoryLock: true });
    await sql`select 1`.execute(db);
    return new KyselyStore("postgres", db, where, () => db.destroy());
  } catch (e) {
    await pool.end().catch(() => {});
    if (isStoreError(e)) throw e;
    throw connectionError(target, e);
  }
}
