// The curriculum's structural rules: ids, prerequisites, stage order, acyclicity, hour budgets.
import { join } from "node:path";
import { findCycle } from "./graph.ts";
import type { Curriculum } from "./load.ts";
import type { Problem } from "./problem.ts";

export function checkRules(c: Curriculum, rel: (file: string) => string): Problem[] {
  const problems: Problem[] = [];
  const roadmapFile = rel(join(c.root, "roadmap.yaml"));
  const moduleFile = (id: string) => rel(join(c.modules.get(id)!.dir, "module.yaml"));
  const stageOf = new Map<string, number>();
  const stageIds = new Set<string>();

  c.stages.forEach((s, si) => {
    if (stageIds.has(s.id)) problems.push({ file: roadmapFile, path: `stages[${si}].id`, message: `duplicate stage id "${s.id}"` });
    stageIds.add(s.id);
    s.modules.forEach((m, mi) => {
      const path = `stages[${si}].modules[${mi}]`;
      if (stageOf.has(m)) problems.push({ file: roadmapFile, path, message: `module "${m}" is listed twice`, fix: "list each module once" });
      stageOf.set(m, s.order);
      const mod = c.modules.get(m);
      if (!mod) problems.push({ file: roadmapFile, path, message: `unknown module "${m}"`, fix: `create content/modules/${s.id}/${m}/module.yaml or remove it from the list` });
      else if (mod.stage !== s.id) problems.push({ file: roadmapFile, path, message: `module "${m}" belongs to stage "${mod.stage}", not "${s.id}"` });
    });
    const sum = s.modules.reduce((acc, m) => acc + (c.modules.get(m)?.hours ?? 0), 0);
    if (s.modules.every((m) => c.modules.has(m)) && sum !== s.hours) {
      problems.push({
        file: roadmapFile,
        path: `stages[${si}].hours`,
        message: `stage "${s.id}" budgets ${s.hours} h but its modules add up to ${sum} h`,
        fix: "make the module hours sum to the stage budget",
      });
    }
  });

  for (const m of c.modules.values()) {
    if (!stageIds.has(m.stage)) problems.push({ file: moduleFile(m.id), path: "stage", message: `unknown stage "${m.stage}"` });
    if (!stageOf.has(m.id)) problems.push({ file: moduleFile(m.id), path: "id", message: `module "${m.id}" is not listed in roadmap.yaml`, fix: `add it to stage "${m.stage}"'s modules` });
    m.prerequisites.forEach((p, i) => {
      const path = `prerequisites[${i}]`;
      if (p === m.id) problems.push({ file: moduleFile(m.id), path, message: `module "${m.id}" lists itself as a prerequisite` });
      else if (!c.modules.has(p)) problems.push({ file: moduleFile(m.id), path, message: `unknown prerequisite "${p}"`, fix: "use the id of an existing module" });
      else if ((stageOf.get(p) ?? 0) > (stageOf.get(m.id) ?? Number.MAX_SAFE_INTEGER)) {
        problems.push({
          file: moduleFile(m.id),
          path,
          message: `prerequisite "${p}" is in a later stage than "${m.id}"`,
          fix: "a module may only build on modules of its own or an earlier stage",
        });
      }
    });
    const cardIds = new Set<string>();
    m.cards.forEach((card, i) => {
      if (cardIds.has(card.id)) problems.push({ file: rel(join(m.dir, "cards.yaml")), path: `cards[${i}].id`, message: `duplicate card id "${card.id}"` });
      cardIds.add(card.id);
    });
  }

  const cycle = findCycle(c);
  if (cycle) {
    problems.push({
      file: moduleFile(cycle[0]!),
      path: "prerequisites",
      message: `prerequisites form a cycle: ${cycle.join(" → ")}`,
      fix: "remove one of these prerequisites",
    });
  }
  return problems;
}
