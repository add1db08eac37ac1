// The progress report: hours vs target, modules moved, labs passed, active traps, reviews due, next three steps.
// Pure: the CLI gathers the rows, this turns them into data; sentences come from i18n (report.* and next.* keys).
import type { Curriculum } from "../curriculum/index.ts";
import { moduleProgress } from "./progress.ts";
import type { Slippage } from "./slippage.ts";
import { type TrapFinding, type TrapInput, detectTraps } from "./traps.ts";

/** The default report looks back four weeks (the same window theory_only uses); --week looks back seven days. */
export const REPORT_DAYS = 28;
export const WEEK_DAYS = 7;
export const NEXT_STEPS = 3;

export interface ReportInput extends TrapInput {
  statuses: (TrapInput["statuses"][number] & { startedAt: Date | null })[];
  days: number;
  hoursPerWeek: number;
  planned: boolean;
  plan?: { feasible: boolean; hoursNeeded: number; endDate: string | null; deadline: string; slippage?: Slippage };
  reviews: { due: number; newCards: number; nextDue: string | null };
  /** modules with a placement test the learner has not taken or passed */
  placementOpen: string[];
}

export interface Step {
  key: string;
  params: Record<string, string | number>;
}

export interface Report {
  period: { from: string; to: string; days: number };
  hours: { logged: number; target: number; byKind: Record<"reading" | "lab" | "review" | "project", number> };
  modules: { started: string[]; finished: string[]; credited: string[] };
  labs: { passed: string[]; attempts: number };
  traps: TrapFinding[];
  reviews: ReportInput["reviews"];
  plan: ReportInput["plan"] | null;
  next: Step[];
}

const r1 = (x: number) => Math.round(x * 10) / 10;

export function nextSteps(input: ReportInput, traps: readonly TrapFinding[]): Step[] {
  const steps: Step[] = [];
  const c: Curriculum = input.curriculum;
  if (input.reviews.due > 0) steps.push({ key: "next.review", params: { count: input.reviews.due } });
  if (traps[0]) steps.push({ key: traps[0].advice.key, params: traps[0].advice.params });
  if (input.plan?.slippage?.slipped) steps.push({ key: "next.replan", params: { behind: input.plan.slippage.behindHours } });
  const progress = moduleProgress(c, input.statuses);
  const passed = new Set(input.labAttempts.filter((a) => a.verdict === "pass").map((a) => a.labId));
  for (const p of progress.filter((x) => x.state === "in_progress")) {
    const lab = c.modules.get(p.id)?.labs.find((l) => !passed.has(l.id));
    steps.push(lab ? { key: "next.lab", params: { lab: lab.id, module: p.id } } : { key: "next.finish", params: { module: p.id } });
  }
  const available = progress.find((x) => x.state === "available");
  if (available) {
    if (input.placementOpen.includes(available.id)) steps.push({ key: "next.placement", params: { module: available.id } });
    steps.push({ key: "next.start", params: { module: available.id } });
  }
  if (!input.planned) steps.push({ key: "next.plan", params: {} });
  const seen = new Set<string>();
  return steps.filter((s) => {
    // the same lab suggested twice (by a trap's advice and by the module at hand) is one step
    const k = s.params.lab !== undefined ? `lab:${s.params.lab}` : s.key + JSON.stringify(s.params);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  }).slice(0, NEXT_STEPS);
}

export function makeReport(input: ReportInput): Report {
  const to = input.now.getTime();
  const from = to - input.days * 86_400_000;
  const within = (d: Date | null) => d !== null && d.getTime() > from && d.getTime() <= to;
  const sessions = input.sessions.filter((s) => within(s.startedAt));
  const byKind = { reading: 0, lab: 0, review: 0, project: 0 };
  for (const s of sessions) byKind[s.kind] += s.minutes;
  const logged = Object.values(byKind).reduce((a, b) => a + b, 0);
  const attempts = input.labAttempts.filter((a) => within(a.createdAt));
  const passedBefore = new Set(input.labAttempts.filter((a) => a.verdict === "pass" && !within(a.createdAt) && a.createdAt.getTime() <= from).map((a) => a.labId));
  const passed = [...new Set(attempts.filter((a) => a.verdict === "pass" && !passedBefore.has(a.labId)).map((a) => a.labId))];
  const finished = input.statuses.filter((s) => s.status === "done" && within(s.doneAt));
  const traps = detectTraps(input);
  return {
    period: { from: new Date(from).toISOString(), to: input.now.toISOString(), days: input.days },
    hours: {
      logged: r1(logged / 60),
      target: r1((input.hoursPerWeek * input.days) / 7),
      byKind: { reading: r1(byKind.reading / 60), lab: r1(byKind.lab / 60), review: r1(byKind.review / 60), project: r1(byKind.project / 60) },
    },
    modules: {
      started: input.statuses.filter((s) => within(s.startedAt)).map((s) => s.moduleId),
      finished: finished.filter((s) => s.origin !== "credited").map((s) => s.moduleId),
      credited: finished.filter((s) => s.origin === "credited").map((s) => s.moduleId),
    },
    labs: { passed, attempts: attempts.length },
    traps,
    reviews: input.reviews,
    plan: input.plan ?? null,
    next: nextSteps(input, traps),
  };
}
