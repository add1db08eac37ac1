// The lab commands in-process on the fixture curriculum: init, labs, verify, hint, solution (one data dir per file).
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../src/store/index.ts";
import { freshDataDir } from "../src/store/testing/pglite-template.ts";
import { tempDir } from "./cli-helpers.ts";
import { cli, contentCopy } from "./labs-helpers.ts";

let content: string;
let dataDir: string;
let cleanup: () => void;
let ws: string;
const run = (...args: string[]) => cli(args, { content, dataDir });
const solution = (lab: string) => readFileSync(join(content, "labs", "basics", lab, "solution.ts"), "utf8");
const wsFile = (lab: string) => join(ws, "basics", lab, `${lab}.ts`);

interface LabsJson {
  current: string | null;
  modules: { id: string; state: string; labs: { id: string; status: string; attempts: number }[] }[];
}
const status = async () => {
  const r = await run("labs", "--json");
  expect(r.code).toBe(0);
  const j = JSON.parse(r.out) as LabsJson;
  return { current: j.current, of: (id: string) => j.modules.flatMap((m) => m.labs).find((l) => l.id === id)?.status };
};

beforeAll(async () => {
  content = contentCopy();
  ({ dir: dataDir, cleanup } = await freshDataDir());
  ws = join(tempDir("llmpath-ws-"), "ws");
});
afterAll(() => {
  cleanup?.();
  rmSync(content, { recursive: true, force: true });
});

describe("llmpath init", () => {
  it("writes starters, READMEs, visible tests, package.json, tsconfig with paths, type declarations and a marker", async () => {
    const r = await run("init", ws);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/3 lab\(s\) added/);
    expect(readFileSync(wsFile("dot-product"), "utf8")).toBe(readFileSync(join(content, "labs/basics/dot-product/starter.ts"), "utf8"));
    for (const f of ["README.en.md", "README.zh.md", "lab.test.ts"]) expect(existsSync(join(ws, "basics/dot-product", f))).toBe(true);
    expect(readFileSync(join(ws, "basics/dot-product/lab.test.ts"), "utf8")).toMatch(/from "\.\/dot-product\.ts"/);
    const tsconfig = JSON.parse(readFileSync(join(ws, "tsconfig.json"), "utf8")) as { compilerOptions: { paths: Record<string, string[]> } };
    for (const [name, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
      expect(["llmpath/tensor", "llmpath/testing"]).toContain(name);
      expect(existsSync(join(ws, target!)), `${name} → ${target}`).toBe(true);
    }
    expect(readFileSync(join(ws, ".llmpath/types/tensor/index.d.ts"), "utf8")).toMatch(/linalg/);
    expect(JSON.parse(readFileSync(join(ws, ".llmpath/workspace.json"), "utf8"))).toMatchObject({ llmpath: "workspace", version: 1 });
    expect(JSON.parse(readFileSync(join(ws, "package.json"), "utf8"))).toMatchObject({ private: true, type: "module" });
  });

  it("run again, keeps the learner's files and adds a lab that is missing", async () => {
    writeFileSync(wsFile("dot-product"), "// my work\n");
    rmSync(join(ws, "basics", "row-sums"), { recursive: true });
    const r = await run("init", ws, "--json");
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as { created: string[]; skipped: string[]; labsAdded: string[] };
    expect(report.labsAdded).toEqual(["row-sums"]);
    expect(report.skipped).toContain(join("basics", "dot-product", "dot-product.ts"));
    expect(report.skipped).toContain("tsconfig.json");
    expect(report.created).toContain(join("basics", "row-sums", "row-sums.ts"));
    expect(readFileSync(wsFile("dot-product"), "utf8")).toBe("// my work\n");
  });
});

describe("llmpath labs, verify, hint, solution", () => {
  it("labs lists statuses; the second module's lab is locked", async () => {
    const s = await status();
    expect(s.current).toBe("dot-product");
    expect([s.of("dot-product"), s.of("row-sums"), s.of("trace")]).toEqual(["not_started", "not_started", "locked"]);
    const text = await run("labs");
    expect(text.out).toMatch(/trace — Trace .*\[locked\]/);
    expect(text.out).toMatch(/locked: first finish vectors/);
  });

  it("verify of a wrong answer exits 1 with index, expected, received and tolerance, and records the attempt", async () => {
    writeFileSync(wsFile("dot-product"), solution("dot-product").replace("a.mul(b).sum()", "a.mul(b).sum().add(0.5)"));
    const r = await run("verify", "--workspace", ws);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/First failure: dot of two short vectors/);
    expect(r.out).toMatch(/expected: 32/);
    expect(r.out).toMatch(/received: 32\.5/);
    expect(r.out).toMatch(/tolerance: .*atol/);
    expect(r.out).toMatch(/✗ dot-product: 2 of 2 tests did not pass/);
    expect((await status()).of("dot-product")).toBe("attempted");
  });

  it("editing the workspace's visible test does not change the verdict", async () => {
    writeFileSync(join(ws, "basics/dot-product/lab.test.ts"), 'import { test } from "llmpath/testing";\ntest("always", () => {});\n');
    const r = await run("verify", "dot-product", "--workspace", ws, "--json");
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as { verdict: string; result: { tests: { name: string }[] } };
    expect(j.verdict).toBe("fail");
    expect(j.result.tests.map((t) => t.name)).toEqual(["dot of two short vectors", "dot with negative and fractional entries"]);
  });

  it("hint shows one more hint each time, recorded, then says none are left", async () => {
    const a = await run("hint", "dot-product");
    const b = await run("hint");
    const c = await run("hint", "dot-product", "--json");
    expect(a.out).toBe("Hint 1/2 for dot-product: First hint for dot-product.");
    expect(b.out).toBe("Hint 2/2 for dot-product: Second hint for dot-product.");
    expect(JSON.parse(c.out)).toMatchObject({ lab: "dot-product", kind: "none", total: 2 });
    const zh = await cli(["hint", "row-sums"], { content, dataDir, lang: "zh" });
    expect(zh.out).toBe("row-sums 的提示 1/2：row-sums 的第一条提示。");
  });

  it("solution is refused before a pass, shown with --reveal; both reveals are recorded", async () => {
    const refused = await run("solution", "row-sums");
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/shown after you pass it.*--reveal/);
    const shown = await run("solution", "row-sums", "--reveal");
    expect(shown.code).toBe(0);
    expect(shown.out).toContain("return x.sum(1);");
    const store = await openStore({ dataDir });
    try {
      const learner = await store.ensureLearner("local");
      const events = await store.listLabEvents(learner.id);
      expect(events.filter((e) => e.kind === "hint").map((e) => [e.labId, e.detail.index])).toEqual([["dot-product", 0], ["dot-product", 1], ["row-sums", 0]]);
      expect(events.filter((e) => e.kind === "solution")).toMatchObject([{ labId: "row-sums", detail: { passed: false, revealed: true } }]);
    } finally {
      await store.close();
    }
  });

  it("verify of the right answer exits 0, records a pass with the code hash, shows the PyTorch equivalent and the next lab", async () => {
    writeFileSync(wsFile("dot-product"), solution("dot-product"));
    const r = await run("verify", "--workspace", ws);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/✓ dot-product: all 2 tests passed/);
    expect(r.out).toMatch(/PyTorch equivalent:\n {2}# PyTorch equivalent of dot-product\n {2}torch\.dot\(a, b\)/);
    expect(r.out).toMatch(/Next lab: row-sums/);
    const s = await status();
    expect(s.of("dot-product")).toBe("passed");
    expect(s.current).toBe("row-sums");
    const store = await openStore({ dataDir });
    try {
      const attempts = await store.listLabAttempts((await store.ensureLearner("local")).id, "dot-product");
      expect(attempts.map((a) => a.verdict)).toEqual(["fail", "fail", "pass"]);
      const { createHash } = await import("node:crypto");
      expect(attempts[2]!.codeHash).toBe(createHash("sha256").update(solution("dot-product")).digest("hex"));
      expect(attempts[2]!.durationMs).toBeGreaterThan(0);
      expect(attempts[2]!.result).toMatchObject({ status: "pass", verdict: "pass" });
    } finally {
      await store.close();
    }
    expect((await run("solution", "dot-product")).code).toBe(0);
  });

  it("names unknown labs and missing workspaces clearly, without a stack trace", async () => {
    const unknown = await run("verify", "dot-prodcut", "--workspace", ws);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/Unknown lab "dot-prodcut"/);
    const none = await run("verify", "--workspace", tempDir());
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/No llmpath workspace found .*llmpath init/);
    expect(none.err + unknown.err).not.toMatch(/\n\s+at /);
  });
});
