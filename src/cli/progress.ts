// Reads the learner's stored module facts once per command.
import type { StatusFact } from "../learner/progress.ts";
import type { CliContext } from "./context.ts";

export async function loadFacts(ctx: CliContext): Promise<StatusFact[]> {
  const store = await ctx.store();
  const rows = await store.listModuleStatus(await ctx.learnerId());
  return rows.map((r) => ({ moduleId: r.moduleId, status: r.status, origin: r.origin }));
}
