// Opening PGlite data directories: reopen keeps data, and broken or foreign databases are refused clearly.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "./index.ts";
import { LOCK_FILE } from "./lock.ts";
import { migrate } from "./migrate.ts";
import { MIGRATIONS } from "./migrations.ts";
import { PGDATA } from "./open-pglite.ts";
import { expectStoreError } from "./store.suite.ts";
import { freshDataDir } from "./testing/pglite-template.ts";

describe("opening a PGlite data directory", () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(async () => {
    ({ dir, cleanup } = await freshDataDir());
  });
  afterAll(() => cleanup());

  it("keeps data across close and reopen, and releases the lock on close", async () => {
    const s1 = await openStore({ dataDir: dir });
    expect(s1.kind).toBe("pglite");
    expect(s1.location).toBe(dir);
    const me = await s1.ensureLearner();
    await s1.setModuleStatus(me.id, "math.vectors", "done", { at: new Date("2025-01-01T00:00:00Z") });
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(true);
    await s1.close();
    await s1.close(); // idempotent
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    const s2 = await openStore({ dataDir: dir });
    try {
      expect((await s2.ensureLearner()).id).toBe(me.id);
      expect(await s2.listModuleStatus(me.id)).toMatchObject([{ moduleId: "math.vectors", status: "done" }]);
    } finally {
      await s2.close();
    }
  });

  it("applies a new appended migration once, and refuses a list with gaps", async () => {
    const s = await openStore({ dataDir: dir });
    try {
      const extra = [...MIGRATIONS, { id: MIGRATIONS.length + 1, name: "test_extra", statements: ["create table test_extra (x integer)"] }];
      expect(await migrate(s.db, { where: dir, useAdvisoryLock: false, list: extra })).toEqual({ applied: [MIGRATIONS.length + 1] });
      expect(await migrate(s.db, { where: dir, useAdvisoryLock: false, list: extra })).toEqual({ applied: [] });
      const gap = [...MIGRATIONS, { id: MIGRATIONS.length + 5, name: "gap", statements: [] }];
      await expect(migrate(s.db, { where: dir, useAdvisoryLock: false, list: gap })).rejects.toThrow(/expected/);
    } finally {
      await s.close();
    }
  });

  it("refuses a database written by a newer llmpath (unknown migration), saying to upgrade", async () => {
    // the previous test left migration MIGRATIONS.length + 1, which this llmpath does not know
    await expectStoreError(openStore({ dataDir: dir }), "corrupt", dir, "newer llmpath", "upgrade");
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false); // a failed open releases the lock
  });

  it("refuses a pgdata folder that is not a PostgreSQL data directory, and leaves it untouched", async () => {
    const bad = fs.mkdtempSync(path.join(path.dirname(dir), "llmpath-notpg-"));
    try {
      fs.mkdirSync(path.join(bad, PGDATA));
      fs.writeFileSync(path.join(bad, PGDATA, "notes.txt"), "my notes");
      await expectStoreError(openStore({ dataDir: bad }), "corrupt", path.join(bad, PGDATA), "PG_VERSION", "move that folder aside");
      expect(fs.readFileSync(path.join(bad, PGDATA, "notes.txt"), "utf8")).toBe("my notes");
    } finally {
      fs.rmSync(bad, { recursive: true, force: true });
    }
  });

  it("reports a damaged database (missing pg_control) as corrupt instead of crashing", async () => {
    const { dir: broken, cleanup: rm } = await freshDataDir();
    try {
      fs.rmSync(path.join(broken, PGDATA, "global", "pg_control"));
      await expectStoreError(openStore({ dataDir: broken }), "corrupt", path.join(broken, PGDATA));
    } finally {
      rm();
    }
  });
});
