import { describe, expect, it } from "vitest";
import { slippage } from "./slippage.ts";

const baseline = { madeOn: "2025-01-06", hoursPerWeek: 20, hoursNeeded: 900 };

describe("slippage", () => {
  it("four weeks at 20 h/week expect 80 h; 30 h done is 50 h behind and counts as slipped", () => {
    expect(slippage(baseline, "2025-02-03", 870)).toEqual({ daysElapsed: 28, expectedHours: 80, doneHours: 30, behindHours: 50, slipped: true });
  });
  it("on pace or ahead is not slipped", () => {
    expect(slippage(baseline, "2025-02-03", 820).slipped).toBe(false);
    expect(slippage(baseline, "2025-02-03", 700).behindHours).toBe(-120);
  });
  it("less than a week behind is not slipped yet", () => {
    expect(slippage(baseline, "2025-02-03", 830)).toMatchObject({ behindHours: 10, slipped: false });
  });
  it("never expects more than the plan needed", () => {
    expect(slippage(baseline, "2027-01-01", 0)).toMatchObject({ expectedHours: 900, behindHours: 0, slipped: false });
  });
});
