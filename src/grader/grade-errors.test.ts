// grade() on unusual learner and lab code: exits, hangs, missing exports, forbidden imports, load errors.
import { afterAll, describe, expect, it } from "vitest";
import { grade } from "./grade.ts";
import { tempDir } from "./test-helpers.ts";

const cleanups: Array<() => void> = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

const labTest = `import { compute, later } from "learner";
import { expectClose, test } from "llmpath/testing";
test("compute", () => { expectClose(compute(2), 4); }, { taskId: "t1" });
test("later", async () => { expectClose(await later(3), 6); });
test("after", () => { expectClose(compute(1), 2); });
`;

/** A temporary lab with `labTest` as lab.test.ts and `learner` as the learner's file. */
async function run(learner: string, files: Record<string, string> = {}, include = ["lab.test.ts"]) {
  const dir = tempDir({ "lab/lab.test.ts": labTest, "ws/learner.ts": learner, ...files });
  cleanups.push(dir.cleanup);
  return grade({ labDir: dir.file("lab"), learnerFile: dir.file("ws/learner.ts"), include, timeLimitMs: 5000 });
}

const good = `export const compute = (x: number) => 2 * x;
export const later = async (x: number) => { await new Promise((r) => setTimeout(r, 5)); return 2 * x; };
`;

describe("grade on unusual code", () => {
  it("runs async tests", async () => {
    const result = await run(good);
    expect(result.verdict).toBe("pass");
    expect(result.tests.map((t) => t.status)).toEqual(["pass", "pass", "pass"]);
  });

  it("turns process.exit into an error of the running test", async () => {
    const result = await run(good.replace("(x: number) => 2 * x", "(x: number) => { process.exit(0); return x; }"));
    expect(result.verdict).toBe("fail");
    expect(result.tests[0]!.message).toMatch(/process\.exit\(0\) is not allowed/);
    expect(result.tests[1]!.status).toBe("pass");
  });

  it("names a test that waits on a promise that never settles", async () => {
    const result = await run(good.replace("await new Promise((r) => setTimeout(r, 5));", "await new Promise(() => {});"));
    expect(result.verdict).toBe("error");
    expect(result.message).toMatch(/"later" never finished/);
    expect(result.tests.map((t) => t.status)).toEqual(["pass", "error", "error"]);
  });

  it("attributes an error thrown from a timer callback to the running test", async () => {
    const result = await run(good.replace("await new Promise((r) => setTimeout(r, 5));", 'setTimeout(() => { throw new Error("late boom"); }, 1); await new Promise((r) => setTimeout(r, 20));'));
    expect(result.tests[1]!.status).toBe("error");
    expect(result.tests[1]!.message).toMatch(/^Error: late boom/);
  });

  it("explains a missing export in the learner's file", async () => {
    const result = await run("export const compute = (x: number) => 2 * x;\n");
    expect(result.verdict).toBe("error");
    expect(result.message).toMatch(/learner\.ts does not export "later", which the tests import/);
  });

  it("refuses imports other than llmpath/tensor in learner code", async () => {
    const result = await run(`import { readFileSync } from "node:fs";\n${good}export const f = readFileSync;\n`);
    expect(result.verdict).toBe("error");
    expect(result.compileErrors![0]).toMatchObject({ line: 1 });
    expect(result.message).toMatch(/cannot import "node:fs": labs may import only llmpath\/tensor/);
  });

  it("reports an exception at the learner's top level as a load error", async () => {
    const result = await run(`throw new Error("broken at load");\n${good}`);
    expect(result.verdict).toBe("error");
    expect(result.message).toMatch(/Could not load lab\.test\.ts: Error: broken at load/);
    expect(result.message).toMatch(/learner\.ts:1:7/);
  });

  it("blames the lab, not the learner, for a syntax error in a lab test file", async () => {
    const result = await run(good, { "lab/lab.test.ts": "test(;" });
    expect(result.verdict).toBe("error");
    expect(result.message).toMatch(/^The lab's files do not compile/);
    expect(result.compileErrors![0]!.file).toBe("lab.test.ts");
  });

  it("reports missing files and empty labs without throwing", async () => {
    const missingTest = await run(good, {}, ["lab.test.ts", "hidden.test.ts"]);
    expect(missingTest.verdict).toBe("error");
    expect(missingTest.message).toMatch(/missing its test file hidden\.test\.ts/);
    const empty = await run(good, { "lab/lab.test.ts": 'import "llmpath/testing";\n' });
    expect(empty.message).toBe("No tests found in lab.test.ts.");
    const noLearner = await grade({ labDir: "/nonexistent-lab", learnerFile: "/nonexistent/file.ts" });
    expect(noLearner).toMatchObject({ status: "error", verdict: "error" });
    expect(noLearner.message).toMatch(/does not exist: \/nonexistent\/file\.ts/);
  });

  it("does not pass lab code the caller's environment", async () => {
    process.env.LLMPATH_SECRET_FOR_TEST = "s3cret";
    try {
      const result = await run(`${good}export const env = () => JSON.stringify(process.env);\n`, {
        "lab/lab.test.ts": 'import { env } from "learner";\nimport { expectTrue, test } from "llmpath/testing";\ntest("env", () => { expectTrue(!env().includes("s3cret") && !env().includes("NONCE"), env()); });\n',
      });
      expect(result.verdict).toBe("pass");
    } finally {
      delete process.env.LLMPATH_SECRET_FOR_TEST;
    }
  });
});

describe("grade against forged reports", () => {
  it("ignores IPC messages sent by lab code", async () => {
    const forge = `export const compute = (x: number) => {
  process.send?.({ t: "result", i: 0, status: "pass", durationMs: 0, nonce: "" });
  process.send?.({ t: "done", nonce: "" });
  return x;
};
export const later = async (x: number) => x;
`;
    const result = await run(forge);
    expect(result.verdict).toBe("fail");
    expect(result.tests.map((t) => t.status)).toEqual(["fail", "fail", "fail"]);
  });
});
