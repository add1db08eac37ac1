// Slippage: how far the learner is behind (or ahead of) the pace the stored plan promised, measured in hours.
import { daysBetween } from "./dates.ts";

/** What the plan looked like when it was made (stored with the plan settings). */
export interface PlanBaseline {
  /** the learner's local date when the plan was made */
  madeOn: string;
  hoursPerWeek: number;
  /** hours the target needed on that day */
  hoursNeeded: number;
}

export interface Slippage {
  daysElapsed: number;
  /** hours the plan expected to be done by today */
  expectedHours: number;
  /** hours actually done since (the drop in hours needed) */
  doneHours: number;
  /** expected − done; positive means behind */
  behindHours: number;
  /** behind by more than one study week's worth: time to re-plan */
  slipped: boolean;
}

/** Being behind by less than this share of a week's hours is ordinary noise, not slippage. */
export const SLIP_TOLERANCE_WEEKS = 1;

export function slippage(baseline: PlanBaseline, today: string, hoursNeededNow: number): Slippage {
  const daysElapsed = Math.max(0, daysBetween(baseline.madeOn, today));
  const expected = Math.min(baseline.hoursNeeded, (baseline.hoursPerWeek * daysElapsed) / 7);
  const done = baseline.hoursNeeded - hoursNeededNow;
  const behind = expected - done;
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    daysElapsed,
    expectedHours: r(expected),
    doneHours: r(done),
    behindHours: r(behind),
    slipped: behind > baseline.hoursPerWeek * SLIP_TOLERANCE_WEEKS,
  };
}
