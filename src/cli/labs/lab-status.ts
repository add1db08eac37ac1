// Each lab's status (passed / attempted / not started / locked) and the current lab — pure, from stored facts.
import type { Curriculum, LabEntry } from "../../curriculum/index.ts";
import { type ModuleState, moduleProgress, type StatusFact } from "../../learner/progress.ts";

export type LabStatus = "passed" | "attempted" | "not_started" | "locked";

export interface AttemptFact {
  labId: string;
  verdict: string;
}

export interface LabView {
  lab: LabEntry;
  status: LabStatus;
  attempts: number;
  moduleState: ModuleState;
}

export interface ModuleLabs {
  moduleId: string;
  state: ModuleState;
  /** Direct prerequisites not done yet (why the module is locked). */
  missing: string[];
  labs: LabView[];
}

/** Labs grouped by module, modules in learning order, labs by their `order`. Modules without labs are left out. */
export function labsByModule(c: Curriculum, facts: readonly StatusFact[], attempts: readonly AttemptFact[]): ModuleLabs[] {
  const count = new Map<string, number>();
  const passed = new Set<string>();
  for (const a of attempts) {
    count.set(a.labId, (count.get(a.labId) ?? 0) + 1);
    if (a.verdict === "pass") passed.add(a.labId);
  }
  return moduleProgress(c, facts)
    .map((p) => {
      const labs = (c.modules.get(p.id)?.labs ?? []).map((lab): LabView => {
        const n = count.get(lab.id) ?? 0;
        const status: LabStatus = passed.has(lab.id) ? "passed" : p.state === "locked" ? "locked" : n > 0 ? "attempted" : "not_started";
        return { lab, status, attempts: n, moduleState: p.state };
      });
      return { moduleId: p.id, state: p.state, missing: p.missing, labs };
    })
    .filter((m) => m.labs.length > 0);
}

/** The current lab: the first not passed, in learning order, among modules that are not locked. */
export function currentLab(modules: readonly ModuleLabs[]): LabView | undefined {
  for (const m of modules) for (const v of m.labs) if (v.status === "attempted" || v.status === "not_started") return v;
  return undefined;
}

/** Finds the view of one lab. */
export function findLab(modules: readonly ModuleLabs[], id: string): LabView | undefined {
  for (const m of modules) for (const v of m.labs) if (v.lab.id === id) return v;
  return undefined;
}
