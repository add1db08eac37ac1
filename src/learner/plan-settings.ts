// Plan settings: defaults from the article (20 h/week, 6 months), validation of what the learner types.
import { addMonths, daysBetween, parseDate } from "./dates.ts";
import { LearnerError } from "./errors.ts";

/** The article's schedule: 20 hours a week. */
export const DEFAULT_HOURS_PER_WEEK = 20;
/** The article's promise: core skills in 6 months. */
export const DEFAULT_MONTHS = 6;
/** Above 100 h a week (14 h a day, every day) a plan stops being a plan. */
export const MAX_HOURS_PER_WEEK = 100;
/** A day's block longer than this is not a study block any more (and would run past midnight). */
export const MAX_HOURS_PER_DAY = 14;
/** Weekdays with a study block (0 = Sunday): Monday to Friday evenings, weekends free. */
export const DEFAULT_STUDY_DAYS: readonly number[] = [1, 2, 3, 4, 5];
export const DEFAULT_START_TIME = "19:00";
/** "Core skills" in the article are the first three stages: maths, model internals, engineering (200 + 300 + 400 h). */
export const CORE_STAGE_COUNT = 3;

export type PlanScope = "core" | "all";

export interface PlanSettings {
  hoursPerWeek: number;
  /** the day the plan was first made (kept across re-plans to measure slippage) */
  start: string;
  deadline: string;
  /** weekdays with a study block, 0 = Sunday */
  days: number[];
  /** local time "HH:MM" the daily block starts */
  startTime: string;
  /** what the deadline is for: the core stages (the article's 6-month promise) or the whole route */
  scope: PlanScope;
  /** optional modules the learner chose to postpone */
  deferred: string[];
}

export interface PlanSettingsInput {
  hoursPerWeek?: number | string;
  start?: string;
  deadline?: string;
  days?: number[] | string;
  startTime?: string;
  scope?: string;
  deferred?: string[];
}

export function parseHoursPerWeek(value: number | string): number {
  const n = typeof value === "number" ? value : /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) throw new LearnerError("plan.hoursInvalid", { value: String(value) });
  if (n <= 0) throw new LearnerError("plan.hoursZero", { value: String(value) });
  if (n > MAX_HOURS_PER_WEEK) throw new LearnerError("plan.hoursTooMany", { value: String(value), max: MAX_HOURS_PER_WEEK });
  return Math.round(n * 10) / 10;
}

const DAY_NAMES = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

function parseDay(p: string): number {
  if (/^[0-6]$/.test(p)) return Number(p);
  return p.length >= 2 ? DAY_NAMES.findIndex((name) => name.startsWith(p)) : -1;
}

/** "mon,wed,sat" or "1,3,6" → [1, 3, 6]. */
export function parseDays(value: number[] | string): number[] {
  const parts = Array.isArray(value) ? value.map(String) : value.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
  const days = parts.map(parseDay);
  if (!days.length || days.some((d) => d < 0)) throw new LearnerError("plan.daysInvalid", { value: String(value) });
  return [...new Set(days)].sort((a, b) => a - b);
}

export function parseStartTime(value: string): string {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new LearnerError("plan.timeInvalid", { value });
  return `${m[1]!.padStart(2, "0")}:${m[2]}`;
}

/** Checks each typed field on its own (before anything is read from the store): the same errors, found early. */
export function checkPlanInput(input: PlanSettingsInput, today: string): void {
  if (input.hoursPerWeek !== undefined) parseHoursPerWeek(input.hoursPerWeek);
  if (input.start !== undefined && daysBetween(today, parseDate(input.start, "start")) < 0) throw new LearnerError("plan.startPast", { date: input.start, today });
  if (input.deadline !== undefined && daysBetween(today, parseDate(input.deadline, "deadline")) <= 0) throw new LearnerError("plan.deadlinePast", { date: input.deadline, today });
  if (input.days !== undefined) parseDays(input.days);
  if (input.startTime !== undefined) parseStartTime(input.startTime);
  if (input.scope !== undefined && input.scope !== "core" && input.scope !== "all") throw new LearnerError("plan.scopeInvalid", { value: input.scope });
}

/**
 * Merges what the learner typed over the stored settings (or the defaults) and validates the result.
 * `today` is the learner's local date; a deadline on or before it is refused.
 */
export function resolvePlanSettings(input: PlanSettingsInput, stored: PlanSettings | undefined, today: string): PlanSettings {
  const start = input.start !== undefined ? parseDate(input.start, "start") : (stored?.start ?? today);
  const hoursPerWeek = parseHoursPerWeek(input.hoursPerWeek ?? stored?.hoursPerWeek ?? DEFAULT_HOURS_PER_WEEK);
  const deadline = input.deadline !== undefined ? parseDate(input.deadline, "deadline") : (stored?.deadline ?? addMonths(start, DEFAULT_MONTHS));
  if (input.start !== undefined && daysBetween(today, start) < 0) throw new LearnerError("plan.startPast", { date: start, today });
  if (daysBetween(today, deadline) <= 0) throw new LearnerError("plan.deadlinePast", { date: deadline, today });
  if (daysBetween(start, deadline) <= 0) throw new LearnerError("plan.deadlineBeforeStart", { date: deadline, start });
  const scope = input.scope ?? stored?.scope ?? "core";
  if (scope !== "core" && scope !== "all") throw new LearnerError("plan.scopeInvalid", { value: scope });
  const days = parseDays(input.days ?? stored?.days ?? [...DEFAULT_STUDY_DAYS]);
  const perDay = hoursPerWeek / days.length;
  if (perDay > MAX_HOURS_PER_DAY) throw new LearnerError("plan.dayTooLong", { hours: Math.round(perDay * 10) / 10, days: days.length, max: MAX_HOURS_PER_DAY });
  const fits = (time: string) => {
    const [h, m] = time.split(":").map(Number) as [number, number];
    return h * 60 + m + Math.ceil(perDay * 60) <= 24 * 60;
  };
  let startTime: string;
  if (input.startTime !== undefined) {
    startTime = parseStartTime(input.startTime);
    if (!fits(startTime)) throw new LearnerError("plan.pastMidnight", { hours: Math.round(perDay * 10) / 10, time: startTime });
  } else if (stored?.startTime && fits(stored.startTime)) startTime = stored.startTime;
  else if (fits(DEFAULT_START_TIME)) startTime = DEFAULT_START_TIME;
  else startTime = `${String(Math.floor(24 - perDay)).padStart(2, "0")}:00`; // long days start earlier so they end by midnight
  return {
    hoursPerWeek,
    start,
    deadline,
    days,
    startTime,
    scope,
    deferred: input.deferred ?? stored?.deferred ?? [],
  };
}
