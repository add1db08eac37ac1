// grade() on a fixture lab that uses the engine (llmpath/tensor): tensors compared by duck typing, errors mapped.
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { grade } from "./grade.ts";
import { repoRoot } from "./paths.ts";
import { lineOf, tempDir } from "./test-helpers.ts";

const lab = path.join(repoRoot, "test", "fixtures", "labs", "gram-matrix");
const cleanups: Array<() => void> = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

function learner(source: string): string {
  const ws = tempDir({ "gram-matrix.ts": source });
  cleanups.push(ws.cleanup);
  return ws.file("gram-matrix.ts");
}

describe("grade with the engine", () => {
  it("passes the solution and fails the starter", async () => {
    const pass = await grade({ labDir: lab, learnerFile: path.join(lab, "solution.ts") });
    expect(pass.message).toBeUndefined();
    expect(pass.verdict).toBe("pass");
    expect(pass.tests.map((t) => t.name)).toEqual(["gram of a 2×3 matrix", "rows sum to one after normalising", "gram is symmetric for a tall matrix"]);
    const fail = await grade({ labDir: lab, learnerFile: path.join(lab, "starter.ts") });
    expect(fail.verdict).toBe("fail");
  });

  it("reports a wrong tensor with index, expected and received", async () => {
    const file = learner(`import type { Tensor } from "llmpath/tensor";
export const gram = (x: Tensor) => x.matmul(x.transpose(0, 1));
export const rowNormalize = (x: Tensor) => x.div(x.sum(0, true));
`);
    const result = await grade({ labDir: lab, learnerFile: file, include: ["lab.test.ts"] });
    expect(result.verdict).toBe("fail");
    const t = result.tests[1]!;
    expect(t.status).toBe("fail");
    expect(t.details).toMatchObject({ kind: "close", index: [0, 0], expected: 0.25, shape: [3, 2] });
    expect(Math.abs((t.details!.received as number) - 1 / 3.5)).toBeLessThanOrEqual(1e-6);
  });

  it("points an engine error at the learner's line", async () => {
    const source = `import type { Tensor } from "llmpath/tensor";
export function gram(x: Tensor): Tensor {
  const wrong = x.matmul(x); // (n, d) @ (n, d): inner dims differ
  return wrong;
}
export const rowNormalize = (x: Tensor) => x;
`;
    const result = await grade({ labDir: lab, learnerFile: learner(source), include: ["lab.test.ts"] });
    const t = result.tests[0]!;
    expect(t.status).toBe("error");
    expect(t.message).toMatch(/matmul/);
    expect(t.details?.location?.file).toMatch(/gram-matrix\.ts$/);
    expect(t.details?.location?.line).toBe(lineOf(source, "x.matmul(x)"));
  });
});
