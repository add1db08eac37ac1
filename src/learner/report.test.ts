import { describe, expect, it } from "vitest";
import { routeFixture } from "./fixtures.ts";
import { type ReportInput, makeReport } from "./report.ts";
import { TRAP_SCENARIOS, scenarioInput } from "./traps.fixtures.ts";

const c = routeFixture();
const now = new Date("2025-03-01T12:00:00Z");
const DAY = 86_400_000;
const ago = (d: number) => new Date(now.getTime() - d * DAY);

function input(over: Partial<ReportInput> = {}): ReportInput {
  return {
    now,
    curriculum: c,
    statuses: [],
    overrides: [],
    sessions: [],
    labAttempts: [],
    days: 7,
    hoursPerWeek: 20,
    planned: true,
    reviews: { due: 0, newCards: 0, nextDue: null },
    placementOpen: [],
    ...over,
  };
}

describe("makeReport", () => {
  it("sums hours in the period by kind against the weekly target", () => {
    const r = makeReport(
      input({
        sessions: [
          { moduleId: "linear-algebra", kind: "reading", minutes: 90, startedAt: ago(1) },
          { moduleId: "linear-algebra", kind: "lab", minutes: 120, startedAt: ago(2) },
          { moduleId: "linear-algebra", kind: "lab", minutes: 600, startedAt: ago(9) },
        ],
      }),
    );
    expect(r.hours).toEqual({ logged: 3.5, target: 20, byKind: { reading: 1.5, lab: 2, review: 0, project: 0 } });
    expect(makeReport(input({ days: 28 })).hours.target).toBe(80);
  });
  it("lists modules moved and labs passed for the first time in the period", () => {
    const r = makeReport(
      input({
        statuses: [
          { moduleId: "linear-algebra", status: "done", origin: "self", startedAt: ago(20), doneAt: ago(2) },
          { moduleId: "probability", status: "done", origin: "credited", startedAt: null, doneAt: ago(1) },
          { moduleId: "toolchain", status: "in_progress", origin: "self", startedAt: ago(1), doneAt: null },
        ],
        labAttempts: [
          { labId: "la-1", verdict: "pass", createdAt: ago(10) },
          { labId: "la-1", verdict: "pass", createdAt: ago(3) },
          { labId: "la-2", verdict: "fail", createdAt: ago(3) },
          { labId: "la-2", verdict: "pass", createdAt: ago(2) },
        ],
      }),
    );
    expect(r.modules).toEqual({ started: ["toolchain"], finished: ["linear-algebra"], credited: ["probability"] });
    expect(r.labs).toEqual({ passed: ["la-2"], attempts: 3 });
    expect(r.next[0]).toEqual({ key: "next.lab", params: { lab: "tc-1", module: "toolchain" } });
  });
  it("next steps: due reviews, then the worst trap's advice, then the work at hand — three at most", () => {
    const s = TRAP_SCENARIOS.find((x) => x.name.startsWith("twenty reading hours in four weeks"))!;
    const base = scenarioInput(s, now, c);
    const r = makeReport(input({ ...base, statuses: base.statuses.map((x) => ({ ...x, startedAt: ago(20) })), days: 28, reviews: { due: 5, newCards: 2, nextDue: null } }));
    expect(r.traps.map((t) => t.code)).toEqual(["theory_only"]);
    expect(r.next).toEqual([
      { key: "next.review", params: { count: 5 } },
      { key: "trap.theory_only.advice", params: { lab: "la-1" } },
      { key: "next.start", params: { module: "probability" } },
    ]);
  });
  it("a newcomer is told to take placement, start the first module, and make a plan", () => {
    const r = makeReport(input({ planned: false, placementOpen: ["linear-algebra"] }));
    expect(r.next).toEqual([
      { key: "next.placement", params: { module: "linear-algebra" } },
      { key: "next.start", params: { module: "linear-algebra" } },
      { key: "next.plan", params: {} },
    ]);
  });
  it("suggests re-planning after slippage", () => {
    const slippage = { daysElapsed: 28, expectedHours: 80, doneHours: 30, behindHours: 50, slipped: true };
    const r = makeReport(input({ plan: { feasible: false, hoursNeeded: 870, endDate: "2026-01-01", deadline: "2025-07-01", slippage } }));
    expect(r.next[0]).toEqual({ key: "next.replan", params: { behind: 50 } });
  });
});
