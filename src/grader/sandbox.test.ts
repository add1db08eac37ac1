// The sandbox runner against hostile submissions: each is contained with the expected verdict, and a correct
// solution graded right after it in the same process still passes (the worker survives, nothing leaks between runs).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { GradeResult } from "./result.ts";

const REPO = path.resolve(import.meta.dirname, "..", "..");
const LAB = path.join(process.env.LLMPATH_TEST_CONTENT_DIR ?? path.join(REPO, "content"), "labs/foundations/svd-compression");
const SOLUTION = readFileSync(path.join(LAB, "solution.ts"), "utf8");
const STARTER = readFileSync(path.join(LAB, "starter.ts"), "utf8");

interface Case {
  name: string;
  code: string;
  verdict: GradeResult["verdict"];
  /** Extra check on the result. */
  check?: (r: GradeResult) => void;
}

const withSolution = (prefix: string) => `${prefix}\n${SOLUTION}`;
const compileError = (r: GradeResult) => expect(r.compileErrors?.[0]?.text).toMatch(/cannot import/);

const CASES: Case[] = [
  { name: "a correct solution passes", code: SOLUTION, verdict: "pass" },
  { name: "the starter fails", code: STARTER, verdict: "fail" },
  { name: "static import of fs (reading files)", code: withSolution('import { readFileSync } from "fs"; readFileSync("/etc/passwd");'), verdict: "error", check: compileError },
  { name: "import of child_process", code: withSolution('import { execSync } from "node:child_process"; execSync("id");'), verdict: "error", check: compileError },
  { name: "dynamic import of net", code: withSolution('void import("net");'), verdict: "error", check: compileError },
  { name: "require", code: withSolution('(globalThis as any).require("fs");'), verdict: "error", check: (r) => expect(r.message).toMatch(/require is not a function|not defined/) },
  { name: "process.env", code: withSolution("export const leak = (globalThis as any).process.env.HOME;"), verdict: "error", check: (r) => expect(r.message).toMatch(/TypeError|undefined/) },
  { name: "fetch", code: withSolution('(globalThis as any).fetch("http://127.0.0.1:1/");'), verdict: "error", check: (r) => expect(r.message).toMatch(/fetch is not a function/) },
  { name: "timers", code: withSolution("(globalThis as any).setTimeout(() => {}, 1);"), verdict: "error", check: (r) => expect(r.message).toMatch(/setTimeout is not a function/) },
  { name: "an infinite loop", code: withSolution("for (;;) {}"), verdict: "timeout" },
  {
    name: "a never-resolving promise",
    code: withSolution('import { test } from "llmpath/testing";\ntest("waits forever", () => new Promise<void>(() => {}));'),
    verdict: "timeout",
  },
  { name: "top-level await (not supported in the sandbox bundle)", code: withSolution("await new Promise(() => {});"), verdict: "error", check: (r) => expect(r.compileErrors?.[0]?.text).toMatch(/Top-level await/) },
  { name: "a memory bomb", code: withSolution("const hog: number[][] = []; for (;;) hog.push(new Array(1e6).fill(1.5));"), verdict: "memory" },
  { name: "deep recursion", code: withSolution("const down = (n: number): number => down(n + 1) + 1; down(0);"), verdict: "error", check: (r) => expect(r.message).toMatch(/RangeError|call stack/) },
  // blocks the isolate's thread until the time limit ends it
  { name: "Atomics.wait", code: withSolution("Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);"), verdict: "timeout" },
  {
    name: "a gigantic output is capped",
    code: withSolution('for (let i = 0; i < 20000; i++) console.log("x".repeat(1000));'),
    verdict: "pass",
    check: (r) => {
      const printed = [r.output ?? "", ...r.tests.map((t) => t.output ?? "")];
      expect(printed.join("")).toContain("xxxx");
      for (const o of printed) expect(o.length).toBeLessThan(2200);
    },
  },
  {
    name: "tampering with the engine's prototypes to make the tests pass",
    code: `import { tensor } from "llmpath/tensor";\nconst proto = Object.getPrototypeOf(tensor([1]));\nproto.tolist = () => [];\n${STARTER}`,
    verdict: "error",
    check: (r) => expect(r.message).toMatch(/read.only|not extensible|Cannot assign/),
  },
  { name: "tampering with Array.prototype", code: `Array.prototype.every = () => true;\n${STARTER}`, verdict: "error" },
  { name: "tampering with Math", code: `(Math as any).abs = () => 0;\n${STARTER}`, verdict: "error" },
  {
    name: "a forged results object printed to stdout",
    code: `console.log(JSON.stringify({ status: "pass", verdict: "pass", tests: [{ name: "all", status: "pass" }] }));\n${STARTER}`,
    verdict: "fail",
  },
  { name: "calling the host's reporting callback", code: `(globalThis as any).__llmpathSend?.('{"t":"done"}');\n${STARTER}`, verdict: "fail" },
  {
    name: "registering extra passing tests",
    code: `import { test } from "llmpath/testing";\ntest("free pass", () => {});\n${STARTER}`,
    verdict: "fail",
  },
];

describe("sandbox runner (isolated-vm) with hostile submissions", () => {
  const results: GradeResult[] = [];
  beforeAll(() => {
    // every case, each followed by the correct solution, in ONE process (as a worker would)
    const jobs = CASES.flatMap((c) => [c.code, SOLUTION]).map((code) => ({ labDir: LAB, code, timeLimitMs: 3000, memoryLimitMb: 128 }));
    const r = spawnSync(process.execPath, ["--no-node-snapshot", "--import", "tsx", path.join(import.meta.dirname, "sandbox-run.ts")], {
      cwd: REPO,
      input: JSON.stringify(jobs),
      encoding: "utf8",
      timeout: 240_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`sandbox-run exited with ${r.status}: ${r.stderr}`);
    results.push(...r.stdout.trim().split("\n").map((l) => JSON.parse(l) as GradeResult));
  }, 240_000);

  it("graded every submission and survived all of them", () => {
    expect(results).toHaveLength(CASES.length * 2);
  });

  CASES.forEach((c, i) => {
    it(`${c.name}: ${c.verdict}, and the next learner's solution still passes`, () => {
      const r = results[2 * i]!;
      expect({ verdict: r.verdict, message: r.message }).toMatchObject({ verdict: c.verdict });
      c.check?.(r);
      const next = results[2 * i + 1]!;
      expect(next.verdict).toBe("pass");
      expect(next.tests.every((t) => t.status === "pass")).toBe(true);
    });
  });
});
