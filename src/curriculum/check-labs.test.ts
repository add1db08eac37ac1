// The lab lint: a starter that passes and a solution that fails are each caught and named; the real labs are honest.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, contentCopy } from "../../test/labs-helpers.ts";
import { tempDir } from "../../test/cli-helpers.ts";
import { checkLabs, readmeTasks } from "./check-labs.ts";
import { DEFAULT_CONTENT_DIR, formatProblem, loadCurriculum, loadCurriculumWithProblems } from "./index.ts";

const made: string[] = [];
const copy = (drop: string[]) => {
  const dir = contentCopy(drop);
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe("readmeTasks", () => {
  it("reads numbered task headings in both languages' styles", () => {
    const md = "# Title\n## 1. First\ntext\n## Task 2: second\n## 任务 3：第三\n### 4) four\n## Task 5 (stretch): five\n## Notes 6\n";
    expect([...readmeTasks(md)]).toEqual(["task-1", "task-2", "task-3", "task-4", "task-5"]);
  });
});

describe("checkLabs on fixture labs", () => {
  it("a starter that passes every test is a problem naming the lab", async () => {
    const problems = await checkLabs(loadCurriculum(copy(["solution-fails"])));
    expect(problems.map(formatProblem)).toEqual([
      'labs/basics/starter-passes: starter passes all tests — a starter must fail at least one (fix: replace the bodies the learner writes with `throw new Error("TODO: …")`)',
    ]);
  });

  it("a solution that fails a hidden test is a problem naming the lab and the test", async () => {
    const problems = await checkLabs(loadCurriculum(copy(["starter-passes"])));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: "labs/basics/solution-fails", path: "solution.ts" });
    expect(problems[0]!.message).toMatch(/solution fails: 1 of 2 tests do not pass; first: "absMax with a large negative number" \(hidden\.test\.ts\)/);
  });

  it("`curriculum check` exits 1 naming each bad lab; --no-labs skips the grading", async () => {
    const dataDir = tempDir();
    for (const [drop, lab] of [[["solution-fails"], "starter-passes"], [["starter-passes"], "solution-fails"]] as const) {
      const r = await cli(["curriculum", "check"], { content: copy([...drop]), dataDir });
      expect(r.code).toBe(1);
      expect(r.out).toMatch(new RegExp(`^labs/basics/${lab}: `, "m"));
    }
    const skipped = await cli(["curriculum", "check", "--no-labs"], { content: copy([]), dataDir });
    expect(skipped.code).toBe(0);
    expect(skipped.out).toMatch(/--no-labs/);
  });

  it("missing README task headings are reported", async () => {
    const dir = copy(["starter-passes", "solution-fails", "row-sums", "trace"]);
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(dir, "labs/basics/dot-product/README.zh.md"), "# 点积\n\n实现它。\n");
    const problems = await checkLabs(loadCurriculum(dir));
    expect(problems).toMatchObject([{ file: "labs/basics/dot-product", path: "README.zh.md", message: expect.stringMatching(/task-1/) }]);
  });
});

describe("the real labs in content/ (CI's guarantee)", () => {
  it("every starter fails at least one test and every solution passes all visible and hidden tests", async () => {
    // Missing files and schema errors are the structural checks' business (curriculum.test.ts); here: every lab that loads.
    const { curriculum: c } = loadCurriculumWithProblems(DEFAULT_CONTENT_DIR);
    expect([...c.labs.keys()]).toEqual(expect.arrayContaining(["einsum-drills", "svd-compression"]));
    const problems = await checkLabs(c);
    expect(problems.map(formatProblem)).toEqual([]);
  }, 1_200_000);
});
