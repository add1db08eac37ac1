// The week-by-week plan: remaining modules in stage and prerequisite order, poured into the learner's study blocks,
// with a feasibility verdict against the deadline and concrete options when it does not fit.
import { type Curriculum, topologicalOrder } from "../curriculum/index.ts";
import { addDays, daysBetween, weekday } from "./dates.ts";
import { CORE_STAGE_COUNT, MAX_HOURS_PER_WEEK, type PlanSettings } from "./plan-settings.ts";
import type { StatusFact } from "./progress.ts";

/** A module with work logged beyond its budget still keeps this much until it is marked done. */
export const MIN_REMAINING_MINUTES = 60;

export interface PlanItem {
  id: string;
  stage: string;
  stageOrder: number;
  optional: boolean;
  /** minutes of work left */
  minutes: number;
  inTarget: boolean;
}

export interface StudyBlock {
  date: string;
  /** local "HH:MM" */
  time: string;
  minutes: number;
  moduleId: string;
  stage: string;
}

export interface PlanWeek {
  week: number;
  start: string;
  end: string;
  hours: number;
  blocks: StudyBlock[];
}

export interface PlanOptions {
  /** smallest whole number of hours a week that meets the deadline (null: not even at the maximum) */
  hoursPerWeekNeeded: number | null;
  /** the date the target is reached at the current pace */
  endDateAtThisPace: string;
  /** optional modules of the target that could be deferred */
  deferrable: { id: string; hours: number }[];
  /** the target without those modules */
  ifDeferred: { hoursNeeded: number; weeksNeeded: number; feasible: boolean; endDate: string | null } | null;
}

export interface Plan {
  settings: PlanSettings;
  /** the first day scheduled (today, or the start date if later) */
  from: string;
  scope: PlanSettings["scope"];
  targetStages: string[];
  hoursNeeded: number;
  weeksNeeded: number;
  hoursAvailable: number;
  weeksAvailable: number;
  feasible: boolean;
  endDate: string | null;
  options: PlanOptions | null;
  total: { hoursNeeded: number; weeksNeeded: number; endDate: string | null };
  credited: string[];
  done: string[];
  deferred: string[];
  weeks: PlanWeek[];
}

export interface PlanInput {
  curriculum: Curriculum;
  facts: readonly StatusFact[];
  /** minutes already logged per module */
  loggedMinutes: Readonly<Record<string, number>>;
  settings: PlanSettings;
  /** the learner's local date; the schedule starts here (or at the start date if later) */
  today: string;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Unfinished modules in learning order: stage by stage, prerequisites first within a stage. */
export function remainingItems(input: Omit<PlanInput, "settings" | "today"> & { scope: PlanSettings["scope"]; deferred: readonly string[] }): PlanItem[] {
  const c = input.curriculum;
  const stageOrder = new Map(c.stages.map((s, i) => [s.id, i + 1]));
  const finished = new Set(input.facts.filter((f) => f.status === "done" || f.status === "skipped").map((f) => f.moduleId));
  const deferred = new Set(input.deferred);
  const order = topologicalOrder(c);
  const items: PlanItem[] = [];
  for (const id of order) {
    const m = c.modules.get(id)!;
    if (finished.has(id) || deferred.has(id)) continue;
    const so = stageOrder.get(m.stage) ?? Number.MAX_SAFE_INTEGER;
    const logged = input.loggedMinutes[id] ?? 0;
    const budget = m.hours * 60;
    const minutes = logged > 0 ? Math.max(budget - logged, Math.min(budget, MIN_REMAINING_MINUTES)) : budget;
    items.push({ id, stage: m.stage, stageOrder: so, optional: m.optional, minutes, inTarget: input.scope === "all" || so <= CORE_STAGE_COUNT });
  }
  // stable sort keeps the topological order inside a stage; prerequisites never point to a later stage
  return items.sort((a, b) => a.stageOrder - b.stageOrder);
}

/** Minutes of study in each of the day's slots from `from` on: each 7-day plan week holds one slot per study day. */
export function* studySlots(from: string, days: readonly number[], hoursPerWeek: number): Generator<{ date: string; minutes: number; week: number }> {
  const weekMinutes = Math.round(hoursPerWeek * 60);
  const base = Math.floor(weekMinutes / days.length);
  const extra = weekMinutes - base * days.length;
  for (let week = 0; ; week++) {
    let j = 0;
    for (let d = 0; d < 7; d++) {
      const date = addDays(from, week * 7 + d);
      if (!days.includes(weekday(date))) continue;
      yield { date, minutes: base + (j < extra ? 1 : 0), week };
      j++;
    }
  }
}

/** Study minutes between `from` and `deadline` (inclusive) at a given pace. */
export function capacityMinutes(from: string, deadline: string, days: readonly number[], hoursPerWeek: number): number {
  let total = 0;
  for (const slot of studySlots(from, days, hoursPerWeek)) {
    if (daysBetween(slot.date, deadline) < 0) break;
    total += slot.minutes;
  }
  return total;
}

/** The date the given minutes of work are done at this pace (null when there is nothing to do). */
export function finishDate(from: string, days: readonly number[], hoursPerWeek: number, minutes: number): string | null {
  if (minutes <= 0) return null;
  let left = minutes;
  for (const slot of studySlots(from, days, hoursPerWeek)) {
    left -= slot.minutes;
    if (left <= 0) return slot.date;
  }
  return null; // unreachable: the generator is endless
}

function addTime(time: string, minutes: number): string {
  const [h, m] = time.split(":").map(Number) as [number, number];
  const t = h * 60 + m + minutes;
  return `${String(Math.floor(t / 60) % 24).padStart(2, "0")}:${String(t % 60).padStart(2, "0")}`;
}

/** Pours the items into study slots; a day's slot may hold the end of one module and the start of the next. */
export function schedule(items: readonly PlanItem[], from: string, settings: Pick<PlanSettings, "days" | "hoursPerWeek" | "startTime">): PlanWeek[] {
  const weeks: PlanWeek[] = [];
  let i = 0;
  let left = items[0]?.minutes ?? 0;
  for (const slot of studySlots(from, settings.days, settings.hoursPerWeek)) {
    if (i >= items.length) break;
    const week = (weeks[slot.week] ??= { week: slot.week + 1, start: addDays(from, slot.week * 7), end: addDays(from, slot.week * 7 + 6), hours: 0, blocks: [] });
    let room = slot.minutes;
    let used = 0;
    while (room > 0 && i < items.length) {
      const take = Math.min(room, left);
      const item = items[i]!;
      week.blocks.push({ date: slot.date, time: addTime(settings.startTime, used), minutes: take, moduleId: item.id, stage: item.stage });
      room -= take;
      used += take;
      left -= take;
      if (left === 0) {
        i++;
        left = items[i]?.minutes ?? 0;
      }
    }
    week.hours = round1(week.hours + used / 60);
  }
  return weeks;
}

/** The smallest whole number of hours a week that fits `minutes` of work by the deadline, or null. */
export function hoursPerWeekNeeded(from: string, deadline: string, days: readonly number[], minutes: number): number | null {
  if (minutes <= 0) return 0;
  const fits = (h: number) => capacityMinutes(from, deadline, days, h) >= minutes;
  let lo = 1;
  let hi = MAX_HOURS_PER_WEEK; // invariant: fits(hi), and !fits(lo) once past the first check
  if (!fits(hi)) return null;
  if (fits(lo)) return lo;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

export function makePlan(input: PlanInput): Plan {
  const { settings, curriculum: c } = input;
  const from = daysBetween(input.today, settings.start) > 0 ? settings.start : input.today;
  const items = remainingItems({ ...input, scope: settings.scope, deferred: settings.deferred });
  const target = items.filter((x) => x.inTarget);
  const targetMinutes = target.reduce((a, x) => a + x.minutes, 0);
  const totalMinutes = items.reduce((a, x) => a + x.minutes, 0);
  const { days, hoursPerWeek, deadline } = settings;
  const capacity = capacityMinutes(from, deadline, days, hoursPerWeek);
  const endDate = finishDate(from, days, hoursPerWeek, targetMinutes);
  const feasible = targetMinutes <= capacity;
  const weeksFor = (minutes: number) => Math.ceil(minutes / (hoursPerWeek * 60));

  let options: PlanOptions | null = null;
  if (!feasible) {
    const deferrable = target.filter((x) => x.optional).map((x) => ({ id: x.id, hours: round1(x.minutes / 60) }));
    const rest = targetMinutes - deferrable.reduce((a, x) => a + x.hours * 60, 0);
    options = {
      hoursPerWeekNeeded: hoursPerWeekNeeded(from, deadline, days, targetMinutes),
      endDateAtThisPace: endDate!,
      deferrable,
      ifDeferred: deferrable.length
        ? { hoursNeeded: round1(rest / 60), weeksNeeded: weeksFor(rest), feasible: rest <= capacity, endDate: finishDate(from, days, hoursPerWeek, rest) }
        : null,
    };
  }
  const statusOf = (origin: StatusFact["origin"]) =>
    input.facts.filter((f) => (f.status === "done" || f.status === "skipped") && (origin === "credited") === (f.origin === "credited")).map((f) => f.moduleId);
  return {
    settings,
    from,
    scope: settings.scope,
    targetStages: c.stages.filter((_, i) => settings.scope === "all" || i < CORE_STAGE_COUNT).map((s) => s.id),
    hoursNeeded: round1(targetMinutes / 60),
    weeksNeeded: weeksFor(targetMinutes),
    hoursAvailable: round1(capacity / 60),
    weeksAvailable: round1((daysBetween(from, deadline) + 1) / 7),
    feasible,
    endDate,
    options,
    total: { hoursNeeded: round1(totalMinutes / 60), weeksNeeded: weeksFor(totalMinutes), endDate: finishDate(from, days, hoursPerWeek, totalMinutes) },
    credited: statusOf("credited"),
    done: statusOf("self"),
    deferred: settings.deferred.filter((id) => c.modules.has(id)),
    weeks: schedule(items, from, settings),
  };
}
