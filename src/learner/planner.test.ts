import { describe, expect, it } from "vitest";
import { addDays, daysBetween, weekday } from "./dates.ts";
import { routeFixture } from "./fixtures.ts";
import { resolvePlanSettings } from "./plan-settings.ts";
import { capacityMinutes, hoursPerWeekNeeded, makePlan, remainingItems } from "./planner.ts";
import type { StatusFact } from "./progress.ts";

const c = routeFixture();
const today = "2025-01-06"; // a Monday
const plan = (facts: StatusFact[] = [], input = {}, logged: Record<string, number> = {}) =>
  makePlan({ curriculum: c, facts, loggedMinutes: logged, settings: resolvePlanSettings(input, undefined, today), today });

describe("makePlan with the article's defaults", () => {
  const p = plan();
  it("needs 900 core hours, 45 weeks at 20 h/week, and says that does not fit in 6 months", () => {
    expect(p.settings.hoursPerWeek).toBe(20);
    expect(p.settings.deadline).toBe("2025-07-06");
    expect(p.hoursNeeded).toBe(900);
    expect(p.weeksNeeded).toBe(45);
    expect(p.feasible).toBe(false);
    expect(p.hoursAvailable).toBe(26 * 20);
  });
  it("offers the pace that would fit (35 h/week) and the end date at this pace", () => {
    expect(p.options?.hoursPerWeekNeeded).toBe(35);
    // 45 weeks of Mon–Fri blocks: the last block is the Friday of week 45
    expect(p.options?.endDateAtThisPace).toBe(addDays(today, 44 * 7 + 4));
    expect(p.endDate).toBe(p.options?.endDateAtThisPace);
  });
  it("has no deferrable module in the core stages, but the whole route (1180 h) lists both optional ones", () => {
    expect(p.options?.deferrable).toEqual([]);
    expect(p.total.hoursNeeded).toBe(1180);
    expect(p.total.weeksNeeded).toBe(59);
    const all = plan([], { scope: "all" });
    expect(all.options?.deferrable).toEqual([
      { id: "multimodal", hours: 50 },
      { id: "domain-depth", hours: 40 },
    ]);
    expect(all.options?.ifDeferred?.hoursNeeded).toBe(1090);
  });
  it("schedules every hour once, Mon–Fri from 19:00, each week 20 h", () => {
    const blocks = p.weeks.flatMap((w) => w.blocks);
    expect(blocks.reduce((a, b) => a + b.minutes, 0)).toBe(1180 * 60);
    expect(new Set(blocks.map((b) => weekday(b.date)))).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(p.weeks.slice(0, -1).every((w) => w.hours === 20)).toBe(true);
    expect(blocks[0]).toMatchObject({ date: today, time: "19:00", minutes: 240, moduleId: "linear-algebra" });
  });
});

describe("makePlan honours prerequisites and stage order", () => {
  it("never schedules a module before its prerequisites end, nor a stage before an earlier one", () => {
    const p = plan();
    const firstDay = new Map<string, string>();
    const lastDay = new Map<string, string>();
    for (const b of p.weeks.flatMap((w) => w.blocks)) {
      if (!firstDay.has(b.moduleId)) firstDay.set(b.moduleId, b.date);
      lastDay.set(b.moduleId, b.date);
    }
    for (const m of c.modules.values()) for (const pre of m.prerequisites) expect(daysBetween(lastDay.get(pre)!, firstDay.get(m.id)!)).toBeGreaterThanOrEqual(0);
    const stageSeq = p.weeks.flatMap((w) => w.blocks).map((b) => c.stages.findIndex((s) => s.id === b.stage));
    expect(stageSeq).toEqual([...stageSeq].sort((a, b) => a - b));
  });
  it("puts tokenization (stage 2, needs only linear-algebra) after all of stage 1", () => {
    const ids = remainingItems({ curriculum: c, facts: [], loggedMinutes: {}, scope: "core", deferred: [] }).map((x) => x.id);
    expect(ids.indexOf("tokenization")).toBeGreaterThan(ids.indexOf("init"));
  });
});

describe("credits, logged work and re-planning shrink the plan", () => {
  it("credited stage-1 modules (placement) remove their hours", () => {
    const p = plan([
      { moduleId: "linear-algebra", status: "done", origin: "credited" },
      { moduleId: "probability", status: "done", origin: "credited" },
    ]);
    expect(p.hoursNeeded).toBe(800);
    expect(p.weeksNeeded).toBe(40);
    expect(p.credited).toEqual(["linear-algebra", "probability"]);
    expect(p.weeks[0]!.blocks[0]!.moduleId).toBe("toolchain");
  });
  it("logged minutes count against an unfinished module, never below one hour", () => {
    const p = plan([{ moduleId: "linear-algebra", status: "in_progress", origin: "self" }], {}, { "linear-algebra": 20 * 60, probability: 99 * 60 });
    expect(p.hoursNeeded).toBe(900 - 20 - 49);
  });
  it("with enough hours a week the core fits, and there are no options", () => {
    const p = plan([], { hoursPerWeek: 35 });
    expect(p.feasible).toBe(true);
    expect(p.options).toBeNull();
    expect(daysBetween(p.endDate!, p.settings.deadline)).toBeGreaterThanOrEqual(0);
    expect(plan([], { hoursPerWeek: 34 }).feasible).toBe(false);
  });
  it("a stored plan started earlier is re-planned from today with the same deadline", () => {
    const stored = resolvePlanSettings({}, undefined, "2024-12-02");
    const later = makePlan({ curriculum: c, facts: [], loggedMinutes: {}, settings: resolvePlanSettings({}, stored, today), today });
    expect(later.from).toBe(today);
    expect(later.settings.deadline).toBe("2025-06-02");
    expect(later.hoursAvailable).toBeLessThan(plan().hoursAvailable);
  });
  it("deferred optional modules leave the schedule", () => {
    const p = plan([], { scope: "all", deferred: ["multimodal"] });
    expect(p.hoursNeeded).toBe(1130);
    expect(p.weeks.flatMap((w) => w.blocks).some((b) => b.moduleId === "multimodal")).toBe(false);
  });
  it("everything done: nothing needed, feasible, no end date", () => {
    const facts = [...c.modules.keys()].map((id) => ({ moduleId: id, status: "done" as const, origin: "self" as const }));
    const p = plan(facts);
    expect(p).toMatchObject({ hoursNeeded: 0, feasible: true, endDate: null, weeks: [] });
  });
});

describe("capacity and pace", () => {
  it("counts only study days up to the deadline, inclusive", () => {
    expect(capacityMinutes("2025-01-06", "2025-01-10", [1, 2, 3, 4, 5], 20)).toBe(20 * 60);
    expect(capacityMinutes("2025-01-06", "2025-01-09", [1, 2, 3, 4, 5], 20)).toBe(16 * 60);
    expect(capacityMinutes("2025-01-06", "2025-01-12", [0, 6], 10)).toBe(10 * 60);
  });
  it("hoursPerWeekNeeded is the smallest pace that fits, null when none does", () => {
    expect(hoursPerWeekNeeded("2025-01-06", "2025-01-12", [1, 2, 3, 4, 5], 21 * 60)).toBe(21);
    expect(hoursPerWeekNeeded("2025-01-06", "2025-01-12", [1, 2, 3, 4, 5], 60)).toBe(1);
    expect(hoursPerWeekNeeded("2025-01-06", "2025-01-12", [1], 1000 * 60)).toBeNull();
  });
});
