import { describe, expect, it } from "vitest";
import { LearnerError } from "./errors.ts";
import { checkPlanInput, parseDays, parseHoursPerWeek, resolvePlanSettings } from "./plan-settings.ts";

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof LearnerError) return e.code;
    throw e;
  }
  return "no error";
};

describe("plan settings", () => {
  it("defaults to the article: 20 h/week, 6 months, Mon–Fri at 19:00, core stages", () => {
    expect(resolvePlanSettings({}, undefined, "2025-03-31")).toEqual({
      hoursPerWeek: 20,
      start: "2025-03-31",
      deadline: "2025-09-30",
      days: [1, 2, 3, 4, 5],
      startTime: "19:00",
      scope: "core",
      deferred: [],
    });
  });
  it("keeps stored values unless overridden", () => {
    const stored = resolvePlanSettings({ hoursPerWeek: 12, days: "sat,sun" }, undefined, "2025-01-01");
    const next = resolvePlanSettings({ deadline: "2026-01-01" }, stored, "2025-02-01");
    expect(next).toMatchObject({ hoursPerWeek: 12, days: [0, 6], start: "2025-01-01", deadline: "2026-01-01" });
  });
  it("refuses zero, negative, absurd or non-numeric hours", () => {
    expect(code(() => parseHoursPerWeek("0"))).toBe("plan.hoursZero");
    expect(code(() => parseHoursPerWeek(-3))).toBe("plan.hoursZero");
    expect(code(() => parseHoursPerWeek("abc"))).toBe("plan.hoursInvalid");
    expect(code(() => parseHoursPerWeek("200"))).toBe("plan.hoursTooMany");
    expect(parseHoursPerWeek("12.5")).toBe(12.5);
  });
  it("refuses deadlines in the past or today, impossible dates, and starts in the past", () => {
    expect(code(() => resolvePlanSettings({ deadline: "2024-12-31" }, undefined, "2025-01-01"))).toBe("plan.deadlinePast");
    expect(code(() => resolvePlanSettings({ deadline: "2025-01-01" }, undefined, "2025-01-01"))).toBe("plan.deadlinePast");
    expect(code(() => resolvePlanSettings({ deadline: "2025-02-30" }, undefined, "2025-01-01"))).toBe("date.invalid");
    expect(code(() => resolvePlanSettings({ deadline: "next year" }, undefined, "2025-01-01"))).toBe("date.invalid");
    expect(code(() => resolvePlanSettings({ start: "2024-06-01" }, undefined, "2025-01-01"))).toBe("plan.startPast");
    expect(code(() => resolvePlanSettings({ start: "2025-05-01", deadline: "2025-04-01" }, undefined, "2025-01-01"))).toBe("plan.deadlineBeforeStart");
    expect(code(() => resolvePlanSettings({ scope: "most" }, undefined, "2025-01-01"))).toBe("plan.scopeInvalid");
  });
  it("parses study days by name or number", () => {
    expect(parseDays("mon, wed,Sat")).toEqual([1, 3, 6]);
    expect(parseDays("0,6,6")).toEqual([0, 6]);
    expect(parseDays("tu,th")).toEqual([2, 4]);
    expect(code(() => parseDays("t"))).toBe("plan.daysInvalid");
    expect(code(() => parseDays("funday"))).toBe("plan.daysInvalid");
    expect(code(() => parseDays(""))).toBe("plan.daysInvalid");
  });
});

describe("daily blocks", () => {
  it("moves the default start earlier when a day's block would run past midnight", () => {
    expect(resolvePlanSettings({ hoursPerWeek: 35 }, undefined, "2025-01-01").startTime).toBe("17:00");
    expect(resolvePlanSettings({ hoursPerWeek: 12, days: "sat,sun" }, undefined, "2025-01-01").startTime).toBe("18:00");
  });
  it("refuses an explicit start time that runs past midnight, and days longer than 14 h", () => {
    expect(code(() => resolvePlanSettings({ hoursPerWeek: 30, startTime: "20:00" }, undefined, "2025-01-01"))).toBe("plan.pastMidnight");
    expect(code(() => resolvePlanSettings({ hoursPerWeek: 30, days: "sat,sun" }, undefined, "2025-01-01"))).toBe("plan.dayTooLong");
    expect(code(() => resolvePlanSettings({ startTime: "25:00" }, undefined, "2025-01-01"))).toBe("plan.timeInvalid");
  });
});

describe("checkPlanInput", () => {
  it("finds field errors without the stored settings, and accepts good input", () => {
    expect(code(() => checkPlanInput({ hoursPerWeek: "0" }, "2025-01-01"))).toBe("plan.hoursZero");
    expect(code(() => checkPlanInput({ deadline: "2024-01-01" }, "2025-01-01"))).toBe("plan.deadlinePast");
    expect(code(() => checkPlanInput({ days: "x" }, "2025-01-01"))).toBe("plan.daysInvalid");
    expect(code(() => checkPlanInput({ hoursPerWeek: "30", deadline: "2025-06-01", days: "sat,sun" }, "2025-01-01"))).toBe("no error");
  });
});
