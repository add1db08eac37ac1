// The Done-when, with the real `llmpath` binary and the real svd-compression lab: init, verify pass/fail,
// and a workspace whose visible test was edited still gets the lab's own verdict.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONTENT_DIR } from "../src/curriculum/index.ts";
import { openStore } from "../src/store/index.ts";
import { freshDataDir } from "../src/store/testing/pglite-template.ts";
import { tempDir } from "./cli-helpers.ts";
import { cliProcess } from "./labs-helpers.ts";

const LAB_DIR = join(DEFAULT_CONTENT_DIR, "labs", "foundations", "svd-compression");
const SOLUTION = readFileSync(join(LAB_DIR, "solution.ts"), "utf8");
/** The classic slip: forgetting to scale by the singular values. */
const WRONG = SOLUTION.replace("return f.U.mul(f.S).matmul(f.Vh);", "return f.U.matmul(f.Vh);");

let dir: string;
let content: string;
let dataDir: string;
let cleanup: () => void;
const ws = () => join(dir, "ws");
const file = () => join(ws(), "foundations", "svd-compression", "svd-compression.ts");
const global = () => ["--lang", "en", "--data-dir", dataDir, "--content-dir", content];
const verify = () => cliProcess(["verify", "svd-compression", ...global()], { cwd: ws() });

/** content/ with only this two labs, so labs other people are still writing cannot break this test. */
function contentWithTwoLabs(root: string): string {
  const out = join(root, "content");
  cpSync(join(DEFAULT_CONTENT_DIR, "roadmap.yaml"), join(out, "roadmap.yaml"));
  cpSync(join(DEFAULT_CONTENT_DIR, "modules"), join(out, "modules"), { recursive: true });
  mkdirSync(join(out, "labs", "foundations"), { recursive: true });
  for (const lab of ["einsum-drills", "svd-compression"]) cpSync(join(DEFAULT_CONTENT_DIR, "labs", "foundations", lab), join(out, "labs", "foundations", lab), { recursive: true });
  return out;
}

beforeAll(async () => {
  dir = tempDir("llmpath-e2e-");
  content = contentWithTwoLabs(dir);
  ({ dir: dataDir, cleanup } = await freshDataDir());
});
afterAll(() => {
  cleanup?.();
  rmSync(dir, { recursive: true, force: true });
});

describe("llmpath init ws → verify svd-compression", () => {
  it("init makes the workspace with the lab's starter", async () => {
    expect(WRONG).not.toBe(SOLUTION);
    const r = await cliProcess(["init", "ws", ...global()], { cwd: dir });
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(file(), "utf8")).toBe(readFileSync(join(LAB_DIR, "starter.ts"), "utf8"));
  });

  it("a correct solution exits 0 and records a pass", async () => {
    writeFileSync(file(), SOLUTION);
    const r = await verify();
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/✓ svd-compression: all \d+ tests passed/);
    expect(r.out).toMatch(/PyTorch equivalent:/);
    const store = await openStore({ dataDir });
    try {
      const attempts = await store.listLabAttempts((await store.ensureLearner("local")).id, "svd-compression");
      expect(attempts.map((a) => a.verdict)).toEqual(["pass"]);
    } finally {
      await store.close();
    }
  });

  it("an incorrect one exits 1 with the index, expected, received and tolerance", async () => {
    writeFileSync(file(), WRONG);
    const r = await verify();
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/First failure: /);
    expect(r.out).toMatch(/at index \[\d+(, \d+)*\]/);
    expect(r.out).toMatch(/expected: /);
    expect(r.out).toMatch(/received: /);
    expect(r.out).toMatch(/tolerance: .*atol/);
  });

  it("editing the workspace's visible test does not change the verdict", async () => {
    writeFileSync(join(ws(), "foundations", "svd-compression", "lab.test.ts"), 'import { test } from "llmpath/testing";\ntest("nothing", () => {});\n');
    const r = await verify();
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ svd-compression: \d+ of \d+ tests did not pass/);
  });
});
