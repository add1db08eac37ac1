// Learner mistakes through `llmpath verify`: a syntax error, an exception, an endless loop and a memory bomb each get
// their own verdict and message, and the CLI keeps working afterwards.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDataDir } from "../src/store/testing/pglite-template.ts";
import { tempDir } from "./cli-helpers.ts";
import { cli, contentCopy } from "./labs-helpers.ts";

let content: string;
let dataDir: string;
let cleanup: () => void;
let ws: string;
const file = () => join(ws, "basics", "dot-product", "dot-product.ts");

beforeAll(async () => {
  content = contentCopy();
  // A short time limit keeps the endless-loop case quick.
  const yaml = join(content, "labs/basics/dot-product/lab.yaml");
  writeFileSync(yaml, readFileSync(yaml, "utf8").replace("time_ms: 5000", "time_ms: 1500"));
  ({ dir: dataDir, cleanup } = await freshDataDir());
  ws = join(tempDir("llmpath-ws-"), "ws");
  expect((await cli(["init", ws], { content, dataDir })).code).toBe(0);
});
afterAll(() => {
  cleanup?.();
  rmSync(content, { recursive: true, force: true });
});

async function verifyWith(source: string) {
  writeFileSync(file(), source);
  const r = await cli(["verify", "dot-product", "--workspace", ws, "--json"], { content, dataDir });
  const j = JSON.parse(r.out) as { verdict: string; result: { message?: string; tests: { status: string; message?: string }[] } };
  return { code: r.code, ...j };
}

const head = 'import type { Tensor } from "llmpath/tensor";\n';

describe("verify on broken learner code", () => {
  it("a syntax error: verdict error, located at the learner's file, line and column", async () => {
    const r = await verifyWith(`${head}export function dot(a: Tensor, b: Tensor): Tensor {\n  return a.mul(b).sum(;\n}\n`);
    expect(r.code).toBe(1);
    expect(r.verdict).toBe("error");
    expect(r.result.message).toMatch(/does not compile/);
    expect(r.result.message).toMatch(/dot-product\.ts:3:\d+/);
  });

  it("a thrown exception: the test errors and points at the learner's line", async () => {
    const r = await verifyWith(`${head}export function dot(a: Tensor, b: Tensor): Tensor {\n  throw new RangeError("oops");\n}\n`);
    expect(r.code).toBe(1);
    expect(r.verdict).toBe("fail");
    expect(r.result.tests[0]).toMatchObject({ status: "error" });
    expect(r.result.tests[0]!.message).toMatch(/RangeError: oops[\s\S]*dot-product\.ts:3:/);
  });

  it("an endless loop: verdict timeout", async () => {
    const r = await verifyWith(`${head}export function dot(a: Tensor, b: Tensor): Tensor {\n  for (;;) {}\n}\n`);
    expect(r.code).toBe(1);
    expect(r.verdict).toBe("timeout");
    expect(r.result.message).toMatch(/Time limit exceeded.*1500 ms/);
  });

  it("a memory bomb: verdict memory", async () => {
    const bomb = `${head}export function dot(a: Tensor, b: Tensor): Tensor {\n  const keep: number[][] = [];\n  for (;;) keep.push(new Array(1e6).fill(1.5));\n}\n`;
    const r = await verifyWith(bomb);
    expect(r.code).toBe(1);
    expect(r.verdict).toBe("memory");
    expect(r.result.message).toMatch(/Memory limit exceeded.*256 MB/);
  });

  it("afterwards the CLI still grades, records and passes a correct file", async () => {
    const r = await verifyWith(readFileSync(join(content, "labs/basics/dot-product/solution.ts"), "utf8"));
    expect(r.code).toBe(0);
    expect(r.verdict).toBe("pass");
    const labs = await cli(["labs", "--json"], { content, dataDir });
    expect(labs.out).toMatch(/"status": "passed"/);
  });
});
