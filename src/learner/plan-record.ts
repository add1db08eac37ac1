// What is stored for a plan: the settings the learner chose and the baseline measured when they chose them.
import type { PlanSettings } from "./plan-settings.ts";
import type { PlanBaseline } from "./slippage.ts";

export interface PlanRecord {
  settings: PlanSettings;
  baseline: PlanBaseline;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isDate = (v: unknown) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v);

/** A structural check of a stored record; anything else is treated as "no plan yet". */
export function isPlanRecord(v: unknown): v is PlanRecord {
  if (!isObj(v) || !isObj(v.settings) || !isObj(v.baseline)) return false;
  const s = v.settings;
  const b = v.baseline;
  return (
    typeof s.hoursPerWeek === "number" &&
    isDate(s.start) &&
    isDate(s.deadline) &&
    Array.isArray(s.days) &&
    s.days.every((d) => Number.isInteger(d)) &&
    typeof s.startTime === "string" &&
    (s.scope === "core" || s.scope === "all") &&
    Array.isArray(s.deferred) &&
    s.deferred.every((d) => typeof d === "string") &&
    isDate(b.madeOn) &&
    typeof b.hoursPerWeek === "number" &&
    typeof b.hoursNeeded === "number"
  );
}
