// `llmpath log`: durations, kinds, modules; bad input is refused with exit 1 and nothing is stored.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDataDir } from "../../store/testing/pglite-template.ts";
import { runCli, writeContent } from "./_learner-fixture.ts";

let content: string;
let dataDir: string;
let cleanup: () => void;
const cli = (args: string[], lang: "en" | "zh" = "en") => runCli(args, { content, dataDir, lang });

beforeAll(async () => {
  content = writeContent();
  ({ dir: dataDir, cleanup } = await freshDataDir());
});
afterAll(() => {
  cleanup?.();
  rmSync(content, { recursive: true, force: true });
});

describe("llmpath log", () => {
  it("logs a duration on a module and reports the week so far", async () => {
    const r = await cli(["log", "1h30m", "--module", "linear-algebra", "--kind", "reading", "--note", "chapter 2", "--json"]);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ moduleId: "linear-algebra", kind: "reading", minutes: 90, note: "chapter 2", lastWeekHours: 1.5, targetHours: 20 });
    const zh = await cli(["log", "45m", "--module", "linear-algebra", "--kind", "lab"], "zh");
    expect(zh.out).toBe("已记录：linear-algebra 上的实验 45m。最近 7 天：2.3 / 20 小时。");
  });

  it("refuses bad durations, unknown modules and kinds with exit 1, storing nothing", async () => {
    const cases = [
      [["log", "2x", "--module", "linear-algebra", "--kind", "reading"], /"2x" is not a duration/],
      [["log", "0m", "--module", "linear-algebra", "--kind", "reading"], /no time at all/],
      [["log", "1h", "--module", "linear-algebr", "--kind", "reading"], /Unknown module "linear-algebr"\. Did you mean: linear-algebra/],
      [["log", "1h", "--module", "linear-algebra", "--kind", "sleeping"], /not a kind of study; use one of: reading, lab, review, project/],
    ] as const;
    for (const [args, message] of cases) {
      const r = await cli([...args]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(message);
    }
    const report = (await cli(["report", "--week", "--json"])).json<{ hours: { logged: number } }>();
    expect(report.hours.logged).toBe(2.3);
  });

  it("a missing --module is a usage error (exit 2)", async () => {
    expect((await cli(["log", "1h", "--kind", "reading"])).code).toBe(2);
  });
});
