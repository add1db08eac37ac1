// `llmpath watch` driven as a child process: grade, re-grade on save, move on after a pass, log the time on Ctrl+C / q.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../src/store/index.ts";
import { freshDataDir } from "../src/store/testing/pglite-template.ts";
import { BIN, cleanEnv, tempDir } from "./cli-helpers.ts";
import { cli, contentCopy } from "./labs-helpers.ts";

let content: string;
let dataDir: string;
let cleanup: () => void;
let ws: string;
const wsFile = (lab: string) => join(ws, "basics", lab, `${lab}.ts`);
const solution = (lab: string) => readFileSync(join(content, "labs", "basics", lab, "solution.ts"), "utf8");

beforeAll(async () => {
  content = contentCopy();
  ({ dir: dataDir, cleanup } = await freshDataDir());
  ws = join(tempDir("llmpath-ws-"), "ws");
  expect((await cli(["init", ws], { content, dataDir })).code).toBe(0);
});
afterAll(() => {
  cleanup?.();
  rmSync(content, { recursive: true, force: true });
});

class Watch {
  readonly child: ChildProcessWithoutNullStreams;
  out = "";
  private waiters: (() => void)[] = [];
  readonly exited: Promise<number | null>;

  constructor() {
    const args = [BIN, "watch", "--workspace", ws, "--lang", "en", "--content-dir", content, "--data-dir", dataDir];
    this.child = spawn(process.execPath, args, { env: cleanEnv(), stdio: ["pipe", "pipe", "pipe"] });
    const onData = (s: string) => {
      this.out += s;
      for (const w of this.waiters.splice(0)) w();
    };
    this.child.stdout.setEncoding("utf8").on("data", onData);
    this.child.stderr.setEncoding("utf8").on("data", onData);
    this.exited = new Promise((r) => this.child.on("close", (code) => r(code)));
  }

  /** Resolves once the output after `from` matches `re`; fails the test with the output so far after 60 s. */
  async waitFor(re: RegExp, from = 0): Promise<number> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const m = re.exec(this.out.slice(from));
      if (m) return from + m.index + m[0].length;
      if (Date.now() > deadline || this.child.exitCode !== null) throw new Error(`watch output never matched ${re}:\n${this.out}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 500);
      });
    }
  }
}

describe("llmpath watch", () => {
  it("re-grades on save, shows the first failure and the module's progress, moves on after a pass, logs lab time on SIGINT", async () => {
    const w = new Watch();
    let at = await w.waitFor(/Waiting for you to save/);
    expect(w.out).toMatch(/llmpath watch — dot-product: Dot product/);
    expect(w.out).toMatch(/vectors: [░█]+ 0\/2 labs/);
    expect(w.out).toMatch(/First failure: dot of two short vectors[\s\S]*TODO: implement dot/);

    writeFileSync(wsFile("dot-product"), solution("dot-product").replace("a.mul(b).sum()", "a.mul(b).sum().add(0.5)"));
    at = await w.waitFor(/Waiting for you to save/, at);
    expect(w.out.slice(0, at)).toMatch(/expected: 32\s+received: 32\.5\s+tolerance:/);

    writeFileSync(wsFile("dot-product"), solution("dot-product"));
    at = await w.waitFor(/Moving on to row-sums/, at);
    expect(w.out).toMatch(/✓ dot-product: all 2 tests passed/);
    expect(w.out).toMatch(/PyTorch equivalent:\n {2}# PyTorch equivalent of dot-product/);
    at = await w.waitFor(/llmpath watch — row-sums[\s\S]*vectors: [░█]+ 1\/2 labs[\s\S]*Waiting for you to save/, at);

    w.child.kill("SIGINT");
    expect(await w.exited).toBe(0);
    expect(w.out.slice(at)).toMatch(/Left watch mode after \d+ min; logged as lab study time/);

    const store = await openStore({ dataDir });
    try {
      const learner = (await store.ensureLearner("local")).id;
      const attempts = await store.listLabAttempts(learner);
      expect(attempts.map((a) => `${a.labId}:${a.verdict}`)).toEqual(["dot-product:fail", "dot-product:fail", "dot-product:pass", "row-sums:fail"]);
      const sessions = (await store.listStudySessions(learner)).filter((s) => s.kind === "lab");
      expect(sessions.map((s) => s.moduleId)).toEqual(["vectors"]);
      expect(sessions[0]!.minutes).toBeGreaterThanOrEqual(1);
    } finally {
      await store.close();
    }
  });

  it("h shows the next hint of the current lab and q leaves; other commands can use the store meanwhile", async () => {
    const w = new Watch();
    const at = await w.waitFor(/Waiting for you to save/);
    expect(w.out).toMatch(/llmpath watch — row-sums/);
    const labs = await cli(["labs", "--json"], { content, dataDir });
    expect(labs.code, labs.err).toBe(0);
    w.child.stdin.write("h\n");
    await w.waitFor(/Hint 1\/2 for row-sums: First hint for row-sums\./, at);
    w.child.stdin.write("q\n");
    expect(await w.exited).toBe(0);
    expect(w.out).toMatch(/Left watch mode/);
  });
});
