// WatchGrader: repeated re-grades of an edited file reuse the warm build context and test process.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir, vectorLab } from "./test-helpers.ts";
import { WatchGrader } from "./watch.ts";

const solution = readFileSync(path.join(vectorLab, "solution.ts"), "utf8");
const starter = readFileSync(path.join(vectorLab, "starter.ts"), "utf8");
const ws = tempDir({ "vector-math.ts": starter });
afterAll(() => ws.cleanup());

describe("WatchGrader", () => {
  it("re-grades the file as it changes, through compile errors and back", async () => {
    const file = ws.file("vector-math.ts");
    const watch = new WatchGrader({ labDir: vectorLab, learnerFile: file, timeLimitMs: 5000 });
    try {
      expect((await watch.grade()).verdict).toBe("fail");
      writeFileSync(file, solution);
      expect((await watch.grade()).verdict).toBe("pass");
      writeFileSync(file, `${solution}\nexport const broken = ;\n`);
      const broken = await watch.grade();
      expect(broken.verdict).toBe("error");
      expect(broken.compileErrors?.[0]?.line).toBe(solution.split("\n").length + 1);
      writeFileSync(file, solution.replace("return Math.sqrt(dot(a, a));", "return dot(a, a);"));
      const wrong = await watch.grade();
      expect(wrong.verdict).toBe("fail");
      expect(wrong.tests.filter((t) => t.status !== "pass").map((t) => t.name)).toEqual(["norm of a 3-4-5 triangle"]);
      expect(wrong.tests[2]!.details).toMatchObject({ expected: 5, received: 25 });
      // Two saves in quick succession: both grades complete, in order.
      writeFileSync(file, solution);
      const [a, b] = await Promise.all([watch.grade(), watch.grade()]);
      expect([a.verdict, b.verdict]).toEqual(["pass", "pass"]);
    } finally {
      await watch.dispose();
    }
    const after = await watch.grade();
    expect(after.message).toMatch(/disposed/);
  });
});
