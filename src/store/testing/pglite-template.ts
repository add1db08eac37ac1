// Test helper: a migrated PGlite database built once (cached under node_modules/.cache) and copied per test file.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isStoreError } from "../errors.ts";
import { type DirLock, acquireDirLock } from "../lock.ts";
import { MIGRATIONS } from "../migrations.ts";
import { PGDATA, openPglite } from "../open-pglite.ts";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

function pgliteVersion(): string {
  const pkg = path.join(repoRoot, "node_modules", "@electric-sql", "pglite", "package.json");
  return (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version: string }).version;
}

/** The template's folder; its name changes whenever the migrations or the PGlite version change. */
export function templateDir(): string {
  const key = createHash("sha256").update(JSON.stringify(MIGRATIONS)).update(pgliteVersion()).digest("hex").slice(0, 16);
  return path.join(repoRoot, "node_modules", ".cache", "llmpath-test", `pglite-${key}`);
}

const ready = (dir: string) => fs.existsSync(path.join(dir, PGDATA, "PG_VERSION"));

/**
 * Builds the template if missing. Test workers that start together take turns on the cache folder's lock
 * (a dead builder's lock is taken over), so only the first one pays the ~5 s build; the rest wait and copy.
 */
export async function ensureTemplate(): Promise<string> {
  const dir = templateDir();
  if (ready(dir)) return dir;
  const cache = path.dirname(dir);
  fs.mkdirSync(cache, { recursive: true });
  let lock: DirLock | undefined;
  while (lock === undefined) {
    try {
      lock = acquireDirLock(cache);
    } catch (e) {
      if (!(isStoreError(e) && e.code === "locked")) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (!ready(dir)) {
      const tmp = `${dir}.build-${process.pid}`;
      fs.rmSync(tmp, { recursive: true, force: true });
      const store = await openPglite(tmp);
      await store.close();
      fs.renameSync(tmp, dir);
    }
  } finally {
    lock.release();
  }
  return dir;
}

/** A private data directory holding a copy of the migrated template; remove it with `cleanup()`. */
export async function freshDataDir(): Promise<{ dir: string; cleanup: () => void }> {
  const template = await ensureTemplate();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llmpath-store-"));
  fs.cpSync(path.join(template, PGDATA), path.join(dir, PGDATA), { recursive: true });
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
