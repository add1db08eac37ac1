import { describe, expect, it } from "vitest";
import { routeFixture } from "./fixtures.ts";
import { readIcs } from "./ics-read.ts";
import { planToIcs } from "./plan-ics.ts";
import { resolvePlanSettings } from "./plan-settings.ts";
import { makePlan } from "./planner.ts";

const c = routeFixture();
const today = "2025-01-06";
const labels = {
  title: (id: string) => `llmpath · ${c.modules.get(id)!.title.zh}, part; two`,
  description: (id: string, week: number) => `Week ${week}\nllmpath module ${id}`,
  calendarName: "llmpath plan",
};

describe("planToIcs", () => {
  const settings = resolvePlanSettings({ hoursPerWeek: 7, days: "sat,sun", startTime: "09:30" }, undefined, today);
  const plan = makePlan({ curriculum: c, facts: [], loggedMinutes: {}, settings, today });
  const blocks = plan.weeks.flatMap((w) => w.blocks);
  const events = readIcs(planToIcs(plan, labels));

  it("writes one event per study block, and the file parses back", () => {
    expect(events.length).toBe(blocks.length);
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
  });
  it("round-trips start, duration, title (with escaped , and ;) and description", () => {
    events.forEach((e, i) => {
      const b = blocks[i]!;
      expect(e.start).toBe(`${b.date}T${b.time}`);
      expect(e.minutes).toBe(b.minutes);
      expect(e.summary).toBe(labels.title(b.moduleId));
      expect(e.categories).toEqual(["llmpath", b.stage]);
    });
    expect(events[0]!.description).toBe("Week 1\nllmpath module linear-algebra");
    expect(events[0]!.start).toBe("2025-01-11T09:30");
  });
  it("all events add up to the whole remaining route", () => {
    expect(events.reduce((a, e) => a + e.minutes, 0)).toBe(plan.total.hoursNeeded * 60);
  });
  it("a second block on the same day starts where the first ended", () => {
    const i = blocks.findIndex((b, k) => k > 0 && b.date === blocks[k - 1]!.date);
    expect(i).toBeGreaterThan(0);
    const [h, m] = events[i - 1]!.start.slice(11).split(":").map(Number) as [number, number];
    const end = h * 60 + m + events[i - 1]!.minutes;
    expect(events[i]!.start.slice(11)).toBe(`${String(Math.floor(end / 60)).padStart(2, "0")}:${String(end % 60).padStart(2, "0")}`);
  });
});

describe("readIcs", () => {
  it("rejects something that is not a calendar", () => {
    expect(() => readIcs("hello")).toThrow(/VCALENDAR/);
  });
});
