// The three traps of the article, detected from stored facts. Findings are data ({code, severity, evidence, advice});
// the sentences come from i18n (trap.<code>.* keys). Every threshold is a named constant with the reason for its value.
import type { Curriculum } from "../curriculum/index.ts";

export type TrapCode = "framework_first" | "theory_only" | "fragmented";
export type Severity = "low" | "medium" | "high";
export type Evidence = Record<string, number | string | string[]>;

export interface TrapFinding {
  code: TrapCode;
  severity: Severity;
  evidence: Evidence;
  /** i18n key and parameters of the advice sentence */
  advice: { key: string; params: Record<string, string | number> };
}

export interface TrapInput {
  now: Date;
  curriculum: Curriculum;
  statuses: readonly { moduleId: string; status: "in_progress" | "done" | "skipped"; origin: "self" | "credited" | "override"; doneAt: Date | null }[];
  overrides: readonly { moduleId: string; createdAt: Date }[];
  sessions: readonly { moduleId: string | null; kind: "reading" | "lab" | "review" | "project"; minutes: number; startedAt: Date }[];
  labAttempts: readonly { labId: string; verdict: string; createdAt: Date }[];
}

const DAY = 86_400_000;
const r1 = (x: number) => Math.round(x * 10) / 10;

// framework_first ------------------------------------------------------------------------------------------------
/** Stages from this order on are "frameworks and engineering" (the article's stage 3: distributed training, serving). */
export const FF_ADVANCED_STAGE = 3;
/** One curious evening on a later module is fine; two hours of work there is a pattern. */
export const FF_MIN_ADVANCED_MINUTES = 120;
/** Ten hours (half of the article's week) spent above unfinished foundations is serious. */
export const FF_HIGH_ADVANCED_MINUTES = 600;
/** Two or more skipped-prerequisite overrides while stage 1 is open make skipping a habit. */
export const FF_HIGH_OVERRIDES = 2;

// theory_only ----------------------------------------------------------------------------------------------------
/** "Recent weeks": four weeks shows a habit and is still current. */
export const TO_WINDOW_DAYS = 28;
/** Fifteen reading hours in four weeks (three quarters of one 20-hour week): less is too little to judge. */
export const TO_MIN_READING_MINUTES = 15 * 60;
/** Below a fifth of study time in labs or projects, reading is not being turned into code. */
export const TO_MAX_PRACTICE_SHARE = 0.2;
/** Thirty reading hours with nothing passed is serious. */
export const TO_HIGH_READING_MINUTES = 30 * 60;

// fragmented -----------------------------------------------------------------------------------------------------
/** Two weeks: long enough to see switching, short enough that an old burst does not count. */
export const FR_WINDOW_DAYS = 14;
/** Fewer sessions than this is too little data to call a pattern. */
export const FR_MIN_SESSIONS = 8;
/** A session under half an hour rarely gets past re-loading the context of the last one. */
export const FR_SHORT_MINUTES = 30;
/** Most sessions are short. */
export const FR_MIN_SHORT_SHARE = 0.6;
/** Four modules in two weeks at once is spreading thin (the plan works on one, at most two). */
export const FR_MIN_MODULES = 4;
/** At least every other session jumps to another module. */
export const FR_MIN_SWITCH_RATE = 0.5;
/** Six modules, or switching at 80% of sessions, is serious. */
export const FR_HIGH_MODULES = 6;
export const FR_HIGH_SWITCH_RATE = 0.8;

function stageOrderOf(c: Curriculum): (moduleId: string | null) => number {
  const order = new Map(c.stages.map((s, i) => [s.id, i + 1]));
  return (id) => (id ? (order.get(c.modules.get(id)?.stage ?? "") ?? 0) : 0);
}

const finishedIds = (input: TrapInput) => new Set(input.statuses.filter((s) => s.status === "done" || s.status === "skipped").map((s) => s.moduleId));

export function frameworkFirst(input: TrapInput): TrapFinding | undefined {
  const c = input.curriculum;
  const stageOf = stageOrderOf(c);
  const stage1 = c.stages[0]?.modules ?? [];
  const finished = finishedIds(input);
  const unfinished = stage1.filter((id) => !finished.has(id));
  if (!unfinished.length) return undefined;
  const advancedSessions = input.sessions.filter((s) => stageOf(s.moduleId) >= FF_ADVANCED_STAGE && s.kind !== "review");
  const advancedMinutes = advancedSessions.reduce((a, s) => a + s.minutes, 0);
  const advancedStarted = input.statuses.filter((s) => s.origin !== "credited" && stageOf(s.moduleId) >= FF_ADVANCED_STAGE).map((s) => s.moduleId);
  const advancedModules = [...new Set([...advancedStarted, ...advancedSessions.map((s) => s.moduleId!)])];
  const overrides = input.overrides.length;
  if (advancedMinutes < FF_MIN_ADVANCED_MINUTES && !advancedStarted.length && !overrides) return undefined;
  const severity: Severity = advancedMinutes >= FF_HIGH_ADVANCED_MINUTES || overrides >= FF_HIGH_OVERRIDES ? "high" : "medium";
  return {
    code: "framework_first",
    severity,
    evidence: {
      stage1Unfinished: unfinished,
      stage1Total: stage1.length,
      advancedHours: r1(advancedMinutes / 60),
      advancedModules,
      overrides,
      overriddenModules: [...new Set(input.overrides.map((o) => o.moduleId))],
    },
    advice: { key: "trap.framework_first.advice", params: { next: unfinished[0]!, count: unfinished.length } },
  };
}

/** The first lab not yet passed in a module the learner has started (or the first lab of the route). */
function nextLab(input: TrapInput): string {
  const passed = new Set(input.labAttempts.filter((a) => a.verdict === "pass").map((a) => a.labId));
  const started = input.statuses.filter((s) => s.status === "in_progress").map((s) => s.moduleId);
  for (const id of [...started, ...input.curriculum.stages.flatMap((s) => s.modules)]) {
    const lab = input.curriculum.modules.get(id)?.labs.find((l) => !passed.has(l.id));
    if (lab) return lab.id;
  }
  return "";
}

export function theoryOnly(input: TrapInput): TrapFinding | undefined {
  const since = input.now.getTime() - TO_WINDOW_DAYS * DAY;
  const recent = input.sessions.filter((s) => s.startedAt.getTime() >= since && s.startedAt.getTime() <= input.now.getTime());
  const reading = recent.filter((s) => s.kind === "reading").reduce((a, s) => a + s.minutes, 0);
  const practice = recent.filter((s) => s.kind === "lab" || s.kind === "project").reduce((a, s) => a + s.minutes, 0);
  const recentAttempts = input.labAttempts.filter((a) => a.createdAt.getTime() >= since);
  const passedRecent = recentAttempts.filter((a) => a.verdict === "pass").length;
  const studied = reading + practice;
  const practiceShare = studied ? practice / studied : 0;
  if (reading < TO_MIN_READING_MINUTES || passedRecent > 0 || practiceShare >= TO_MAX_PRACTICE_SHARE) return undefined;
  const labsRunEver = new Set(input.labAttempts.map((a) => a.labId)).size;
  const severity: Severity = labsRunEver === 0 || reading >= TO_HIGH_READING_MINUTES ? "high" : "medium";
  const lab = nextLab(input);
  return {
    code: "theory_only",
    severity,
    evidence: {
      windowDays: TO_WINDOW_DAYS,
      readingHours: r1(reading / 60),
      practiceHours: r1(practice / 60),
      practiceShare: Math.round(practiceShare * 100) / 100,
      labAttemptsInWindow: recentAttempts.length,
      labsPassedInWindow: passedRecent,
      labsRunEver,
      labsPassedEver: new Set(input.labAttempts.filter((a) => a.verdict === "pass").map((a) => a.labId)).size,
    },
    advice: { key: lab ? "trap.theory_only.advice" : "trap.theory_only.adviceNoLab", params: { lab } },
  };
}

export function fragmented(input: TrapInput): TrapFinding | undefined {
  const since = input.now.getTime() - FR_WINDOW_DAYS * DAY;
  // spaced review is short and spread on purpose, so it never counts as fragmentation
  const recent = input.sessions
    .filter((s) => s.moduleId && s.kind !== "review" && s.startedAt.getTime() >= since && s.startedAt.getTime() <= input.now.getTime())
    .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  if (recent.length < FR_MIN_SESSIONS) return undefined;
  const short = recent.filter((s) => s.minutes < FR_SHORT_MINUTES).length;
  const minutesBy = new Map<string, number>();
  for (const s of recent) minutesBy.set(s.moduleId!, (minutesBy.get(s.moduleId!) ?? 0) + s.minutes);
  let switches = 0;
  for (let i = 1; i < recent.length; i++) if (recent[i]!.moduleId !== recent[i - 1]!.moduleId) switches++;
  const switchRate = switches / (recent.length - 1);
  const completedModules = input.statuses.filter((s) => s.status === "done" && s.origin !== "credited" && s.doneAt && s.doneAt.getTime() >= since).length;
  const passedLabs = input.labAttempts.filter((a) => a.verdict === "pass" && a.createdAt.getTime() >= since).length;
  const shortShare = short / recent.length;
  if (shortShare < FR_MIN_SHORT_SHARE || minutesBy.size < FR_MIN_MODULES || switchRate < FR_MIN_SWITCH_RATE || completedModules + passedLabs > 0) return undefined;
  const severity: Severity = minutesBy.size >= FR_HIGH_MODULES || switchRate >= FR_HIGH_SWITCH_RATE ? "high" : "medium";
  const sorted = recent.map((s) => s.minutes).sort((a, b) => a - b);
  const focus = [...minutesBy].sort((a, b) => b[1] - a[1])[0]![0];
  return {
    code: "fragmented",
    severity,
    evidence: {
      windowDays: FR_WINDOW_DAYS,
      sessions: recent.length,
      shortSessions: short,
      medianMinutes: sorted[Math.floor((sorted.length - 1) / 2)]!,
      modules: [...minutesBy.keys()],
      switches,
      switchRate: Math.round(switchRate * 100) / 100,
      completed: completedModules + passedLabs,
    },
    advice: { key: "trap.fragmented.advice", params: { focus } },
  };
}

const SEVERITY_RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** All active traps, most severe first. */
export function detectTraps(input: TrapInput): TrapFinding[] {
  return [frameworkFirst(input), theoryOnly(input), fragmented(input)]
    .filter((f): f is TrapFinding => f !== undefined)
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}
