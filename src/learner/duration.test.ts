import { describe, expect, it } from "vitest";
import { addMonths, daysBetween, parseDate, weekday } from "./dates.ts";
import { formatMinutes, parseDuration } from "./duration.ts";
import { LearnerError } from "./errors.ts";

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof LearnerError ? e.code : "other";
  }
  return "none";
};

describe("parseDuration", () => {
  it.each([
    ["90m", 90],
    ["1h30m", 90],
    ["1h 30m", 90],
    ["1.5h", 90],
    ["2h", 120],
    ["45", 45],
    ["1:15", 75],
    ["2 hours", 120],
    ["1小时30分钟", 90],
  ])("%s → %i minutes", (text, minutes) => expect(parseDuration(text)).toBe(minutes));
  it.each([["2x"], ["h"], [""], ["1h30"], ["abc"], ["1:75"], ["-1h"]])("refuses %s", (text) => expect(code(() => parseDuration(text))).toBe("duration.invalid"));
  it("refuses zero and more than 16 hours at once", () => {
    expect(code(() => parseDuration("0m"))).toBe("duration.zero");
    expect(code(() => parseDuration("17h"))).toBe("duration.tooLong");
  });
  it("formats minutes back", () => {
    expect([formatMinutes(95), formatMinutes(60), formatMinutes(45)]).toEqual(["1h35m", "1h", "45m"]);
  });
});

describe("dates", () => {
  it("parses strictly and does calendar arithmetic", () => {
    expect(parseDate("2024-02-29")).toBe("2024-02-29");
    expect(code(() => parseDate("2025-02-29"))).toBe("date.invalid");
    expect(addMonths("2025-08-31", 6)).toBe("2026-02-28");
    expect(daysBetween("2025-01-01", "2025-07-01")).toBe(181);
    expect(weekday("2025-01-06")).toBe(1);
  });
});
