// What the lab commands ask of the curriculum and the store: a lab by id, every lab's status, the workspace.
import type { LabEntry } from "../../curriculum/index.ts";
import type { Store } from "../../store/index.ts";
import type { CliContext } from "../context.ts";
import { UserError } from "../errors.ts";
import { currentLab, labsByModule, type LabView, type ModuleLabs } from "./lab-status.ts";
import "./messages.ts";
import { findWorkspace, type Workspace } from "./workspace.ts";

/** Every lab in learning order (module order, then lab order). */
export function labsInOrder(ctx: CliContext): LabEntry[] {
  return labsByModule(ctx.curriculum(), [], []).flatMap((m) => m.labs.map((v) => v.lab));
}

export function resolveLab(ctx: CliContext, id: string): LabEntry {
  const labs = ctx.curriculum().labs;
  const lab = labs.get(id);
  if (lab) return lab;
  const ids = [...labs.keys()];
  const close = ids.filter((k) => k.includes(id) || id.includes(k));
  throw new UserError(ctx.t("lab.unknown", { id, suggestions: (close.length ? close : ids).slice(0, 8).join(", ") || "—" }));
}

/** Lab statuses of the local learner, read from `store`. */
export async function labState(ctx: CliContext, store: Store): Promise<ModuleLabs[]> {
  const learnerId = (await store.ensureLearner("local")).id;
  const [facts, attempts] = await Promise.all([store.listModuleStatus(learnerId), store.listLabAttempts(learnerId)]);
  return labsByModule(
    ctx.curriculum(),
    facts.map((f) => ({ moduleId: f.moduleId, status: f.status, origin: f.origin })),
    attempts.map((a) => ({ labId: a.labId, verdict: a.verdict })),
  );
}

/** The lab named on the command line, or the current one; explains when there is none. */
export function pickLab(ctx: CliContext, modules: readonly ModuleLabs[], id: string | undefined): LabEntry {
  if (id !== undefined) return resolveLab(ctx, id);
  const current = currentLab(modules);
  if (current) return current.lab;
  if (ctx.curriculum().labs.size === 0) throw new UserError(ctx.t("lab.none"));
  const allPassed = modules.every((m) => m.labs.every((v: LabView) => v.status === "passed"));
  throw new UserError(ctx.t(allPassed ? "lab.allPassed" : "lab.noneUnlocked"));
}

export function requireWorkspace(ctx: CliContext, explicit: string | undefined, cwd = process.cwd()): Workspace {
  const found = findWorkspace(cwd, explicit);
  if (found.ok) return found.workspace;
  if (found.reason === "broken") throw new UserError(ctx.t("workspace.broken", { why: found.error.message }));
  throw new UserError(ctx.t("workspace.none", { searched: found.searched.join(", ") }));
}
