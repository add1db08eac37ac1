// Exclusive lock file for a PGlite data directory: one process at a time; a dead holder's lock is taken over.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describeFsError, unwritable } from "./data-dir.ts";
import { StoreError, errorCode } from "./errors.ts";

export const LOCK_FILE = "llmpath.lock";
const GUARD_FILE = "llmpath.lock.takeover";

interface LockInfo {
  pid: number;
  host: string;
  bootId: string | null;
  token: string;
  since: string;
}

export interface DirLock {
  readonly path: string;
  readonly pid: number;
  release(): void;
}

function bootId(): string | null {
  try {
    return fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return null;
  }
}

function readLock(file: string): LockInfo | null | "missing" {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if (errorCode(e) === "ENOENT") return "missing";
    throw e;
  }
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid === "number" && typeof v.host === "string" && typeof v.token === "string") {
      return { pid: v.pid, host: v.host, bootId: v.bootId ?? null, token: v.token, since: String(v.since ?? "") };
    }
  } catch {
    // fall through: unreadable content
  }
  return null;
}

/** Whether the process named in a lock may still be running (and so still holds the lock). */
function holderAlive(info: LockInfo): boolean {
  if (info.host !== os.hostname()) return true; // another machine: we cannot tell, so assume it is alive
  const boot = bootId();
  if (info.bootId !== null && boot !== null && info.bootId !== boot) return false; // written before a reboot
  try {
    process.kill(info.pid, 0);
    return true;
  } catch (e) {
    return errorCode(e) === "EPERM"; // exists but belongs to another user
  }
}

function tryCreate(file: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, "wx", 0o644);
  } catch (e) {
    if (errorCode(e) === "EEXIST") return false;
    throw e;
  }
  try {
    fs.writeSync(fd, JSON.stringify(info));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

function lockedError(dir: string, holder: LockInfo | null): StoreError {
  const who =
    holder === null
      ? "another process (its lock file is unreadable)"
      : holder.pid === process.pid && holder.host === os.hostname()
        ? `this same process (pid ${holder.pid}) — close the other store first`
        : `process ${holder.pid}${holder.host !== os.hostname() ? ` on host ${holder.host}` : ""}`;
  return new StoreError(
    "locked",
    `The data directory ${dir} is in use by ${who}; stop that llmpath process, or use another --data-dir.`,
    { path: dir, pid: holder?.pid ?? null, host: holder?.host ?? null },
  );
}

/**
 * Removes a stale lock whose content is still exactly `stale`. A short-lived guard file (also O_EXCL)
 * makes sure two processes that both saw the same stale lock cannot both remove a fresh one.
 */
function removeStale(dir: string, file: string, stale: LockInfo): void {
  const guard = path.join(dir, GUARD_FILE);
  const me: LockInfo = { pid: process.pid, host: os.hostname(), bootId: bootId(), token: randomToken(), since: new Date().toISOString() };
  if (!tryCreate(guard, me)) {
    const g = readLock(guard);
    // a guard left by a process killed within the takeover window: clear it and let the caller retry
    if (g !== "missing" && (g === null || !holderAlive(g))) fs.rmSync(guard, { force: true });
    return;
  }
  try {
    const now = readLock(file);
    if (now !== "missing" && now !== null && now.token === stale.token) fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(guard, { force: true });
  }
}

function randomToken(): string {
  return `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** Takes the exclusive lock on `dir` (which must exist) or throws StoreError `locked` / `data_dir_unwritable`. */
export function acquireDirLock(dir: string): DirLock {
  const file = path.join(dir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, host: os.hostname(), bootId: bootId(), token: randomToken(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      if (tryCreate(file, info)) return makeHandle(dir, file, info);
    } catch (e) {
      throw unwritable(dir, `cannot create the lock file ${file} (${describeFsError(e)})`, e);
    }
    const holder = readLock(file);
    if (holder === "missing") continue; // released between our attempt and the read
    if (holder === null) {
      // half-written by a process killed between create and write: stale if old enough to be abandoned
      const st = fs.statSync(file, { throwIfNoEntry: false });
      if (st === undefined) continue;
      if (Date.now() - st.mtimeMs < 2000) throw lockedError(dir, null);
      fs.rmSync(file, { force: true });
      continue;
    }
    if (holderAlive(holder)) throw lockedError(dir, holder);
    removeStale(dir, file, holder);
  }
  const last = readLock(file);
  throw lockedError(dir, last === "missing" ? null : last);
}

function makeHandle(dir: string, file: string, info: LockInfo): DirLock {
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.off("exit", release);
    const now = readLock(file);
    if (now !== "missing" && now !== null && now.token === info.token) fs.rmSync(file, { force: true });
  };
  process.on("exit", release);
  return { path: dir, pid: info.pid, release };
}
