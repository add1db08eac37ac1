// End-to-end tests of grade(): verdicts for passing, failing, broken, looping and memory-hungry learner code.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { grade } from "./grade.ts";
import { lineOf, tempDir, vectorLab } from "./test-helpers.ts";

const solution = readFileSync(path.join(vectorLab, "solution.ts"), "utf8");
const starter = readFileSync(path.join(vectorLab, "starter.ts"), "utf8");
const workspaces: Array<() => void> = [];
afterAll(() => {
  for (const cleanup of workspaces) cleanup();
});

/** Writes `source` as the learner's file in a fresh workspace (with an optional edited lab.test.ts copy). */
function workspace(source: string, extra: Record<string, string> = {}): string {
  const ws = tempDir({ "vector-math.ts": source, ...extra });
  workspaces.push(ws.cleanup);
  return ws.file("vector-math.ts");
}

const withBody = (fn: "dot" | "norm" | "softmax", body: string): string =>
  solution.replace(new RegExp(`(export function ${fn}\\([^)]*\\): [^{]+\\{)`), `$1\n${body}\n`);

describe("grade", () => {
  it("passes the reference solution, with tests in file order and task ids", async () => {
    const result = await grade({ labDir: vectorLab, learnerFile: path.join(vectorLab, "solution.ts") });
    expect(result.status).toBe("pass");
    expect(result.verdict).toBe("pass");
    expect(result.tests.map((t) => [t.file, t.name, t.taskId])).toEqual([
      ["lab.test.ts", "dot of two short vectors", "task-1"],
      ["lab.test.ts", "dot rejects different lengths", "task-1"],
      ["lab.test.ts", "norm of a 3-4-5 triangle", "task-2"],
      ["lab.test.ts", "softmax › sums to one", "task-3"],
      ["lab.test.ts", "softmax › matches known values", "task-3"],
      ["hidden.test.ts", "dot with negative and fractional values", "task-1"],
      ["hidden.test.ts", "softmax is stable for large inputs", "task-3"],
    ]);
    expect(result.tests.every((t) => t.status === "pass")).toBe(true);
    expect(result.tests[2]!.output).toBe("checking norm([3, 4])\n");
  });

  it("fails the starter: TODO exceptions are test errors pointing at the starter's line", async () => {
    const result = await grade({ labDir: vectorLab, learnerFile: path.join(vectorLab, "starter.ts"), include: ["lab.test.ts"] });
    expect(result.verdict).toBe("fail");
    const first = result.tests[0]!;
    expect(first.status).toBe("error");
    expect(first.message).toMatch(/^Error: TODO: implement dot/);
    expect(first.details?.location).toMatchObject({ line: lineOf(starter, "TODO: implement dot"), column: 9 });
    expect(first.details?.location?.file).toMatch(/starter\.ts$/);
  });

  it("reports a numeric mismatch with index, expected, received and tolerance", async () => {
    const file = workspace(withBody("softmax", "  return x.map(() => 1 / x.length);"));
    const result = await grade({ labDir: vectorLab, learnerFile: file });
    expect(result.verdict).toBe("fail");
    const known = result.tests.find((t) => t.name === "softmax › matches known values")!;
    expect(known.status).toBe("fail");
    expect(known.details).toMatchObject({ kind: "close", index: [0], expected: 0.09003057, atol: 1e-7, rtol: 0, shape: [3] });
    expect(Math.abs((known.details!.received as number) - 1 / 3)).toBeLessThanOrEqual(1e-12);
    expect(known.message).toContain("at index [0]");
    expect(known.message).toContain("expected: 0.09003057");
    expect(known.message).toContain("received: 0.33333333");
    expect(known.message).toContain("atol + rtol·|e| = 1e-7 + 0·0.09003057");
    expect(known.details?.location?.file).toBe("lab.test.ts");
    expect(result.tests.find((t) => t.name === "softmax › sums to one")!.status).toBe("pass");
  });

  it("ignores the workspace's edited copy of lab.test.ts", async () => {
    const file = workspace(starter, { "lab.test.ts": 'import { test } from "llmpath/testing";\ntest("always passes", () => {});\n' });
    const result = await grade({ labDir: vectorLab, learnerFile: file });
    expect(result.verdict).toBe("fail");
    expect(result.tests.some((t) => t.name === "always passes")).toBe(false);
    expect(result.tests).toHaveLength(7);
  });

  it("maps a thrown exception to the learner's line and column", async () => {
    const source = withBody("dot", "  const rows: number[][] = [];\n  return rows[a.length][0];");
    const file = workspace(source);
    const result = await grade({ labDir: vectorLab, learnerFile: file });
    const t = result.tests[0]!;
    const line = lineOf(source, "return rows[a.length]");
    expect(t.status).toBe("error");
    expect(t.message).toMatch(/^TypeError: Cannot read properties of undefined/);
    expect(t.details?.location?.line).toBe(line);
    // Source maps are token-granular: the column lands on the failing member expression `rows[a.length][0]`.
    const column = t.details!.location!.column;
    expect(column).toBeGreaterThanOrEqual(10);
    expect(column).toBeLessThanOrEqual(27);
    expect(t.message).toContain(`vector-math.ts:${line}:${column}`);
    expect(result.verdict).toBe("fail");
  });

  it("reports a syntax error with file, line and column", async () => {
    const source = solution.replace("let sum = 0;", "let sum = 0\n  sum +=* 2;");
    const file = workspace(source);
    const result = await grade({ labDir: vectorLab, learnerFile: file });
    expect(result.status).toBe("error");
    expect(result.verdict).toBe("error");
    expect(result.tests).toEqual([]);
    const problem = result.compileErrors![0]!;
    expect(problem.file).toMatch(/vector-math\.ts$/);
    expect(problem.line).toBe(lineOf(source, "sum +=* 2"));
    expect(problem.column).toBe(9);
    expect(result.message).toMatch(/^Your code does not compile:/);
    expect(result.message).toContain(`vector-math.ts:${problem.line}:9:`);
  });

  it("stops an infinite loop with a timeout verdict in bounded time", async () => {
    const file = workspace(withBody("norm", "  while (a.length >= 0) {}"));
    const started = performance.now();
    const result = await grade({ labDir: vectorLab, learnerFile: file, timeLimitMs: 800 });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.verdict).toBe("timeout");
    expect(result.status).toBe("error");
    expect(result.message).toContain("800 ms");
    expect(result.message).toContain('"norm of a 3-4-5 triangle"');
    expect(result.tests.map((t) => t.status)).toEqual(["pass", "pass", "error", "error", "error", "error", "error"]);
    expect(result.tests[3]!.message).toBe("not run: time limit exceeded");
  });

  it("stops a typed-array memory bomb with a memory verdict", async () => {
    const file = workspace(withBody("dot", "  const keep: Float64Array[] = [];\n  for (;;) keep.push(new Float64Array(1 << 20).fill(a.length));"));
    const result = await grade({ labDir: vectorLab, learnerFile: file, memoryLimitMb: 200, timeLimitMs: 20_000 });
    expect(result.verdict).toBe("memory");
    expect(result.message).toContain("200 MB");
    expect(result.message).toContain('"dot of two short vectors"');
  });

  it("stops a bomb of never-written typed arrays (zero pages, little RSS) with a memory verdict", async () => {
    const file = workspace(withBody("dot", "  const keep: Float64Array[] = [];\n  for (;;) keep.push(new Float64Array(a.length << 20));"));
    const result = await grade({ labDir: vectorLab, learnerFile: file, memoryLimitMb: 200, timeLimitMs: 30_000 });
    expect(result.verdict).toBe("memory");
    expect(result.message).toMatch(/reserved \d+ GB of arrays/);
  });

  it("stops a JS-heap memory bomb with a memory verdict", async () => {
    const file = workspace(withBody("dot", "  const keep: number[][] = [];\n  for (;;) keep.push(Array.from({ length: 1000 }, (_, i) => i * a.length));"));
    const result = await grade({ labDir: vectorLab, learnerFile: file, memoryLimitMb: 200, timeLimitMs: 20_000 });
    expect(result.verdict).toBe("memory");
  });

  it("caps console output per test", async () => {
    const file = workspace(withBody("norm", '  for (let i = 0; i < 500; i++) console.log("line " + i + " of noisy output");'));
    const result = await grade({ labDir: vectorLab, learnerFile: file });
    const noisy = result.tests[2]!;
    expect(noisy.status).toBe("pass");
    expect(noisy.output!.startsWith("checking norm([3, 4])\nline 0 of noisy output\n")).toBe(true);
    expect(noisy.output!.length).toBeLessThan(2200);
    expect(noisy.output).toMatch(/\[truncated: \d+ more characters\]$/);
  });
});
