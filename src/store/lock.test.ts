// The data-directory lock: exclusive while the holder lives, taken over once it is dead.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LOCK_FILE, acquireDirLock } from "./lock.ts";

function bootId(): string | null {
  try {
    return fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return null;
  }
}

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

function writeLock(dir: string, fields: Record<string, unknown>): void {
  const info = { pid: process.ppid, host: os.hostname(), bootId: bootId(), token: "someone-else", since: new Date().toISOString(), ...fields };
  fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify(info));
}

function lockError(dir: string): { code: string; message: string; details: Record<string, unknown> } {
  try {
    acquireDirLock(dir).release();
  } catch (e) {
    return e as { code: string; message: string; details: Record<string, unknown> };
  }
  throw new Error("expected acquireDirLock to fail");
}

describe("data directory lock", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "llmpath-lock-"));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes our pid into the lock file and removes it on release", () => {
    const lock = acquireDirLock(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), "utf8")).pid).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    acquireDirLock(dir).release(); // can be taken again
  });

  it("refuses a second holder in the same process", () => {
    const lock = acquireDirLock(dir);
    try {
      const e = lockError(dir);
      expect(e.code).toBe("locked");
      expect(e.message).toContain(dir);
      expect(e.details.pid).toBe(process.pid);
    } finally {
      lock.release();
    }
  });

  it("refuses while another live process holds it, naming the directory and that pid", () => {
    writeLock(dir, { pid: process.ppid });
    const e = lockError(dir);
    expect(e.code).toBe("locked");
    expect(e.message).toContain(dir);
    expect(e.message).toContain(String(process.ppid));
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(true);
  });

  it("takes over the lock of a dead process", () => {
    const pid = deadPid();
    writeLock(dir, { pid });
    const lock = acquireDirLock(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it.skipIf(bootId() === null)("takes over a lock written before a reboot even if its pid is alive now", () => {
    writeLock(dir, { pid: process.ppid, bootId: "00000000-0000-0000-0000-000000000000" });
    acquireDirLock(dir).release();
  });

  it("treats an unreadable lock as held while fresh and as abandoned once old", () => {
    fs.writeFileSync(path.join(dir, LOCK_FILE), "");
    expect(lockError(dir).code).toBe("locked");
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(dir, LOCK_FILE), old, old);
    acquireDirLock(dir).release();
  });

  it("release leaves alone a lock that is no longer ours", () => {
    const lock = acquireDirLock(dir);
    writeLock(dir, { pid: process.ppid, token: "new-owner" });
    lock.release();
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), "utf8")).token).toBe("new-owner");
  });
});
