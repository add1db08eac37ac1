// `llmpath placement`: listing, refusals, grading from --answers, credit on a pass (and only then).
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDataDir } from "../../store/testing/pglite-template.ts";
import { runCli, writeContent } from "./_learner-fixture.ts";

let content: string;
let dataDir: string;
let cleanup: () => void;
const cli = (args: string[], lang: "en" | "zh" = "en") => runCli(args, { content, dataDir, lang });
const credited = async () => (await cli(["plan", "--json"])).json<{ credited: string[]; hoursNeeded: number }>();

beforeAll(async () => {
  content = writeContent();
  ({ dir: dataDir, cleanup } = await freshDataDir());
});
afterAll(() => {
  cleanup?.();
  rmSync(content, { recursive: true, force: true });
});

describe("llmpath placement", () => {
  it("lists the stage-1 and stage-2 modules that have a test", async () => {
    const r = await cli(["placement", "--json"]);
    expect(r.json()).toEqual({
      modules: [
        { id: "linear-algebra", stage: "foundations", hours: 50, finished: false, questions: 4 },
        { id: "probability", stage: "foundations", hours: 50, finished: false, questions: 4 },
      ],
    });
    expect((await cli(["placement"], "zh")).out).toContain("摸底测试（通过即认定该模块");
  });

  it("shows the questions as JSON without their answers", async () => {
    const r = await cli(["placement", "--module", "linear-algebra", "--json"]);
    const q = r.json<{ questions: Record<string, unknown>[] }>().questions;
    expect(q.length).toBe(4);
    expect(JSON.stringify(q)).not.toMatch(/correct|98368|"answer"/);
  });

  it("refuses what it cannot do, with exit 1", async () => {
    const cases = [
      [["placement", "--module", "distributed", "--answers", "a"], /first two stages/],
      [["placement", "--module", "toolchain", "--answers", "a"], /no placement test yet/],
      [["placement", "--module", "nope"], /Unknown module "nope"/],
      [["placement", "--module", "linear-algebra"], /needs a terminal.*--answers/s],
      [["placement", "--module", "linear-algebra", "--answers", "a,98368"], /4 questions but 2 answers/],
    ] as const;
    for (const [args, message] of cases) {
      const r = await cli([...args]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(message);
    }
  });

  it("a failed test credits nothing and tells the learner to study the module", async () => {
    const r = await cli(["placement", "--module", "probability", "--answers", "c,1,1,a"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("✗ 0/4 (0%) on probability; 75% needed");
    expect(r.out).toContain("✗ p2 (expected 98368)");
    expect((await credited()).credited).toEqual([]);
  });

  it("a pass credits the module and the plan shrinks by its hours", async () => {
    const r = await cli(["placement", "--module", "linear-algebra", "--answers", "a, 98368, 3.742, a", "--json"]);
    expect(r.json()).toMatchObject({ moduleId: "linear-algebra", correct: 3, total: 4, passed: true, credited: true });
    expect(await credited()).toMatchObject({ credited: ["linear-algebra"], hoursNeeded: 850 });
    const again = await cli(["placement", "--module", "linear-algebra"]);
    expect(again.out).toBe("linear-algebra is already done; no need for a placement test.");
    expect((await cli(["status", "--json"])).json<{ done: string[] }>().done).toContain("linear-algebra");
  });
});
