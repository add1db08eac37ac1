// Runs the shared store suite on a real PostgreSQL server (LLMPATH_TEST_DATABASE_URL), each run in a fresh schema.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { MIGRATIONS, openStore } from "./index.ts";
import { expectStoreError, registerStoreSuite } from "./store.suite.ts";

const url = process.env.LLMPATH_TEST_DATABASE_URL;

function freshSchemaName(): string {
  return `llmpath_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

if (url === undefined || url === "") {
  describe("store on postgres", () => {
    it.skip("needs a server: run `LLMPATH_TEST_DATABASE_URL=$(scripts/pg-test-cluster.sh start) npx vitest run src/store`, then `scripts/pg-test-cluster.sh stop`", () => {});
  });
} else {
  registerStoreSuite("postgres", async () => {
    const schema = freshSchemaName();
    const store = await openStore({ databaseUrl: url, schema });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await dropSchema(schema);
      },
    };
  });

  describe("postgres multi-process mode", () => {
    it("several stores opening a new schema at once migrate it exactly once and see each other's writes", async () => {
      const schema = freshSchemaName();
      try {
        const stores = await Promise.all([1, 2, 3].map(() => openStore({ databaseUrl: url, schema })));
        try {
          const rows = await stores[0]!.db.selectFrom("llmpath_migrations").select("id").orderBy("id").execute();
          expect(rows.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
          const a = await stores[1]!.ensureLearner("shared");
          await stores[1]!.setSetting(a.id, "theme", { dark: true });
          const b = await stores[2]!.ensureLearner("shared");
          expect(b.id).toBe(a.id);
          expect(await stores[2]!.getSetting(b.id, "theme")).toEqual({ dark: true });
        } finally {
          await Promise.all(stores.map((s) => s.close()));
        }
      } finally {
        await dropSchema(schema);
      }
    });

    it("a database that does not exist is a connection error naming it", async () => {
      const u = new URL(url);
      u.pathname = "/no_such_db_llmpath";
      await expectStoreError(openStore({ databaseUrl: u.toString() }), "connection", "no_such_db_llmpath", `${u.hostname}:${u.port}`);
    });
  });
}
