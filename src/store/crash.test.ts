// Durability of the PGlite store: SIGKILL mid-write keeps every committed row, drops uncommitted ones, and frees the lock.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "./index.ts";
import { expectStoreError } from "./store.suite.ts";
import { freshDataDir } from "./testing/pglite-template.ts";

const CHILD = fileURLToPath(new URL("./testing/crash-child.ts", import.meta.url));

/** Starts the child and resolves once a stdout line satisfies `until`; rejects with its stderr if it exits first. */
function startChild(dir: string, mode: string, until: (line: string) => boolean): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, dir, mode], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  let buf = "";
  child.stderr!.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split("\n");
      buf = lines.pop()!;
      if (lines.some(until)) resolve(child);
    });
    child.on("exit", (code, signal) => reject(new Error(`crash child exited early (code ${code}, signal ${signal}): ${stderr}`)));
  });
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.on("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

async function notes(dir: string): Promise<string[]> {
  const store = await openStore({ dataDir: dir });
  try {
    const learner = await store.ensureLearner("crash");
    return (await store.listStudySessions(learner.id)).map((s) => s.note ?? "");
  } finally {
    await store.close();
  }
}

describe("PGlite store survives kill -9", () => {
  const cleanups: Array<() => void> = [];
  const children: ChildProcess[] = [];
  let loopDir: string;
  let txDir: string;
  let last = -1; // the highest commit the loop child has acknowledged; keeps rising until the kill
  let loopChild: ChildProcess;
  let txChild: ChildProcess;

  // both children start at once so their (slow) start-ups overlap
  beforeAll(async () => {
    const [a, b] = await Promise.all([freshDataDir(), freshDataDir()]);
    cleanups.push(a.cleanup, b.cleanup);
    loopDir = a.dir;
    txDir = b.dir;
    [loopChild, txChild] = await Promise.all([
      startChild(loopDir, "commit-loop", (line) => {
        const m = /^committed (\d+)$/.exec(line);
        if (m) last = Number(m[1]);
        return last >= 40;
      }),
      startChild(txDir, "open-tx", (line) => line === "in-tx"),
    ]);
    children.push(loopChild, txChild);
  });
  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    for (const c of cleanups) c();
  });

  it("killed while committing in a loop: every acknowledged commit is there, with no gaps, and the store works", async () => {
    await kill9(loopChild);
    const store = await openStore({ dataDir: loopDir }); // also takes over the dead child's lock
    try {
      const learner = await store.ensureLearner("crash");
      const got = (await store.listStudySessions(learner.id)).map((s) => s.note);
      expect(got.length).toBeGreaterThanOrEqual(last + 1);
      expect(got).toEqual(Array.from({ length: got.length }, (_, i) => `c${i}`));
      await store.addStudySession({ learnerId: learner.id, moduleId: null, kind: "reading", minutes: 5, startedAt: new Date() });
      expect(await store.listStudySessions(learner.id)).toHaveLength(got.length + 1);
    } finally {
      await store.close();
    }
  });

  it("while the child holds the store a second opener gets `locked` with its pid; after kill -9 the open transaction is gone", async () => {
    try {
      await expectStoreError(openStore({ dataDir: txDir }), "locked", txDir, String(txChild.pid));
    } finally {
      await kill9(txChild);
    }
    expect(await notes(txDir)).toEqual(["c0", "c1", "c2"]);
  });
});
