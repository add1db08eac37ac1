import { describe, expect, it } from "vitest";
import { routeFixture } from "./fixtures.ts";
import { TRAP_SCENARIOS, scenarioInput } from "./traps.fixtures.ts";
import { type TrapCode, detectTraps, fragmented, frameworkFirst, theoryOnly } from "./traps.ts";

const c = routeFixture();
const now = new Date("2025-03-01T12:00:00Z");
const input = (name: string) => scenarioInput(TRAP_SCENARIOS.find((s) => s.name === name)!, now, c);

describe("trap scenarios", () => {
  for (const code of ["framework_first", "theory_only", "fragmented"] as TrapCode[]) {
    const mine = TRAP_SCENARIOS.filter((s) => s.trap === code);
    it(`${code} has at least 3 positive and 2 negative scenarios`, () => {
      expect(mine.filter((s) => s.fires).length).toBeGreaterThanOrEqual(3);
      expect(mine.filter((s) => !s.fires).length).toBeGreaterThanOrEqual(2);
    });
    for (const s of mine) {
      it(`${code} ${s.fires ? "fires" : "stays quiet"}: ${s.name}`, () => {
        const codes = detectTraps(scenarioInput(s, now, c)).map((f) => f.code);
        if (s.fires) expect(codes).toContain(code);
        else expect(codes).not.toContain(code);
      });
    }
  }
});

describe("the numbers behind a finding", () => {
  it("framework_first names the open stage-1 modules, the hours and the overrides", () => {
    const f = frameworkFirst(input("jumps to distributed training with linear algebra half done"))!;
    expect(f).toMatchObject({
      code: "framework_first",
      severity: "medium",
      evidence: { stage1Unfinished: ["linear-algebra", "probability", "toolchain", "init"], advancedHours: 6, advancedModules: ["distributed"], overrides: 1 },
      advice: { key: "trap.framework_first.advice", params: { next: "linear-algebra" } },
    });
    expect(frameworkFirst(input("twelve hours of quantization reading, nothing started in stage 1"))!).toMatchObject({ severity: "high", evidence: { advancedHours: 12 } });
    expect(frameworkFirst(input("two prerequisite overrides inside stage 1"))!.severity).toBe("high");
  });
  it("theory_only counts reading and practice hours and points to a lab", () => {
    const f = theoryOnly(input("twenty reading hours in four weeks, never ran a lab"))!;
    expect(f.severity).toBe("high");
    expect(f.evidence).toMatchObject({ windowDays: 28, readingHours: 20, practiceHours: 0, labsRunEver: 0, labsPassedInWindow: 0 });
    expect(f.advice).toEqual({ key: "trap.theory_only.advice", params: { lab: "la-1" } });
    const g = theoryOnly(input("eighteen reading hours, two failed lab attempts, no pass"))!;
    expect(g).toMatchObject({ severity: "medium", evidence: { readingHours: 18, practiceHours: 0.5, labAttemptsInWindow: 2, labsRunEver: 1 } });
    expect(g.advice.params.lab).toBe("tc-1");
    expect(theoryOnly(input("labs passed long ago, a month of pure reading since"))!.evidence).toMatchObject({ readingHours: 20, labsPassedEver: 1, labsPassedInWindow: 0 });
  });
  it("fragmented counts sessions, short ones, modules and switches", () => {
    const f = fragmented(input("twelve 20-minute sessions over five modules"))!;
    expect(f).toMatchObject({
      severity: "high",
      evidence: { windowDays: 14, sessions: 12, shortSessions: 12, medianMinutes: 20, switches: 11, switchRate: 1, completed: 0 },
    });
    expect((f.evidence.modules as string[]).length).toBe(5);
    expect(fragmented(input("ten sessions hopping between four stage-1 and 2 modules, mostly short labs"))!.severity).toBe("high");
  });
  it("a quiet learner has no traps, and findings come most severe first", () => {
    expect(detectTraps({ now, curriculum: c, statuses: [], overrides: [], sessions: [], labAttempts: [] })).toEqual([]);
    const both = scenarioInput(TRAP_SCENARIOS.find((s) => s.name.startsWith("twelve 20-minute"))!, now, c);
    both.overrides = [{ moduleId: "distributed", createdAt: now }];
    const found = detectTraps(both);
    expect(found.map((f) => f.code)).toEqual(["fragmented", "framework_first"]);
  });
});
