// Lab statuses and the current lab, from module facts and attempts.
import { describe, expect, it } from "vitest";
import { loadCurriculum } from "../../curriculum/index.ts";
import { FIXTURE_CONTENT } from "../../../test/labs-helpers.ts";
import { currentLab, labsByModule } from "./lab-status.ts";

const c = loadCurriculum(FIXTURE_CONTENT);
const statuses = (m: ReturnType<typeof labsByModule>) => Object.fromEntries(m.flatMap((x) => x.labs.map((v) => [v.lab.id, v.status])));

describe("labsByModule / currentLab", () => {
  it("a new learner: first module's labs not started, the dependent module's labs locked, current = first lab", () => {
    const m = labsByModule(c, [], []);
    expect(m.map((x) => [x.moduleId, x.state])).toEqual([["vectors", "available"], ["matrices", "locked"]]);
    expect(statuses(m)).toEqual({ "dot-product": "not_started", "row-sums": "not_started", trace: "locked", "starter-passes": "locked", "solution-fails": "locked" });
    expect(m[1]!.missing).toEqual(["vectors"]);
    expect(currentLab(m)?.lab.id).toBe("dot-product");
  });

  it("any pass makes a lab passed even after later failures; the current lab skips passed ones", () => {
    const attempts = [
      { labId: "dot-product", verdict: "fail" },
      { labId: "dot-product", verdict: "pass" },
      { labId: "dot-product", verdict: "timeout" },
      { labId: "row-sums", verdict: "error" },
    ];
    const m = labsByModule(c, [], attempts);
    expect(statuses(m)).toMatchObject({ "dot-product": "passed", "row-sums": "attempted" });
    expect(m[0]!.labs[0]!.attempts).toBe(3);
    expect(currentLab(m)?.lab.id).toBe("row-sums");
  });

  it("finishing the prerequisite module unlocks its labs; with everything open passed there is no current lab", () => {
    const done = [{ moduleId: "vectors", status: "done" as const, origin: "self" as const }];
    expect(currentLab(labsByModule(c, done, [{ labId: "dot-product", verdict: "pass" }, { labId: "row-sums", verdict: "pass" }]))?.lab.id).toBe("trace");
    const onlyVectorsPassed = labsByModule(c, [], [{ labId: "dot-product", verdict: "pass" }, { labId: "row-sums", verdict: "pass" }]);
    expect(currentLab(onlyVectorsPassed)).toBeUndefined();
  });
});
