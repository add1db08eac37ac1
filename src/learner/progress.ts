// Derives each module's status (locked / available / in progress / done / credited) from stored rows — pure, no I/O.
import { type Curriculum, missingPrerequisites, topologicalOrder } from "../curriculum/index.ts";

export type ModuleState = "locked" | "available" | "in_progress" | "done" | "credited";

/** The stored facts this needs (a subset of the store's ModuleStatusRow). */
export interface StatusFact {
  moduleId: string;
  status: "in_progress" | "done" | "skipped";
  origin: "self" | "credited" | "override";
}

export interface ModuleProgress {
  id: string;
  stage: string;
  hours: number;
  state: ModuleState;
  /** direct prerequisites not done yet (empty unless locked, or started by override) */
  missing: string[];
  /** started with --skip-prereqs */
  overridden: boolean;
}

/** A module counts as finished for unlocking when it is done (by work or by credit) or skipped with a reason. */
export function finishedSet(facts: readonly StatusFact[]): Set<string> {
  return new Set(facts.filter((f) => f.status === "done" || f.status === "skipped").map((f) => f.moduleId));
}

export function moduleProgress(c: Curriculum, facts: readonly StatusFact[]): ModuleProgress[] {
  const byId = new Map(facts.map((f) => [f.moduleId, f]));
  const finished = finishedSet(facts);
  return topologicalOrder(c).map((id) => {
    const m = c.modules.get(id)!;
    const fact = byId.get(id);
    const missing = missingPrerequisites(c, id, finished);
    let state: ModuleState;
    if (fact?.status === "done" || fact?.status === "skipped") state = fact.origin === "credited" ? "credited" : "done";
    else if (fact?.status === "in_progress") state = "in_progress";
    else state = missing.length ? "locked" : "available";
    return { id, stage: m.stage, hours: m.hours, state, missing, overridden: fact?.origin === "override" };
  });
}

export interface StageProgress {
  id: string;
  hours: number;
  doneHours: number;
  modules: ModuleProgress[];
}

export function stageProgress(c: Curriculum, facts: readonly StatusFact[]): StageProgress[] {
  const all = moduleProgress(c, facts);
  return c.stages.map((s) => {
    const modules = s.modules.map((id) => all.find((p) => p.id === id)!).filter(Boolean);
    const doneHours = modules.filter((p) => p.state === "done" || p.state === "credited").reduce((a, p) => a + p.hours, 0);
    return { id: s.id, hours: s.hours, doneHours, modules };
  });
}
