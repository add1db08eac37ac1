// Questions about the module DAG: learning order, all prerequisites of a module, what is unlocked.
import type { Curriculum } from "./load.ts";

/** Modules in learning order: stage order, then roadmap order within a stage, never before a prerequisite. */
export function topologicalOrder(c: Curriculum): string[] {
  const rank = new Map<string, number>();
  let i = 0;
  for (const s of c.stages) for (const m of s.modules) rank.set(m, i++);
  const byRank = (a: string, b: string) => (rank.get(a) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b) ?? Number.MAX_SAFE_INTEGER) || a.localeCompare(b);
  const indegree = new Map<string, number>();
  for (const m of c.modules.values()) indegree.set(m.id, m.prerequisites.filter((p) => c.modules.has(p)).length);
  const ready = [...indegree].filter(([, d]) => d === 0).map(([id]) => id).sort(byRank);
  const out: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    out.push(id);
    for (const m of c.modules.values()) {
      if (!m.prerequisites.includes(id)) continue;
      const d = indegree.get(m.id)! - 1;
      indegree.set(m.id, d);
      if (d === 0) {
        ready.push(m.id);
        ready.sort(byRank);
      }
    }
  }
  return out; // shorter than c.modules.size exactly when there is a cycle
}

/** Every module that must come before `id`, transitively, in learning order. */
export function allPrerequisites(c: Curriculum, id: string): string[] {
  const seen = new Set<string>();
  const visit = (m: string) => {
    for (const p of c.modules.get(m)?.prerequisites ?? []) {
      if (!seen.has(p)) {
        seen.add(p);
        visit(p);
      }
    }
  };
  visit(id);
  return topologicalOrder(c).filter((m) => seen.has(m));
}

/** Direct prerequisites of `id` that are not in `done`. */
export function missingPrerequisites(c: Curriculum, id: string, done: ReadonlySet<string>): string[] {
  return (c.modules.get(id)?.prerequisites ?? []).filter((p) => !done.has(p));
}

/** Modules not yet done whose direct prerequisites are all done. */
export function unlocked(c: Curriculum, done: ReadonlySet<string>): string[] {
  return topologicalOrder(c).filter((id) => !done.has(id) && missingPrerequisites(c, id, done).length === 0);
}

/** Finds one cycle (as a list of ids, first repeated at the end) or undefined. */
export function findCycle(c: Curriculum): string[] | undefined {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const dfs = (id: string): string[] | undefined => {
    state.set(id, 1);
    stack.push(id);
    for (const p of c.modules.get(id)?.prerequisites ?? []) {
      if (!c.modules.has(p)) continue;
      if (state.get(p) === 1) return [...stack.slice(stack.indexOf(p)), p];
      if (!state.has(p)) {
        const found = dfs(p);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(id, 2);
    return undefined;
  };
  for (const id of [...c.modules.keys()].sort()) {
    if (!state.has(id)) {
      const found = dfs(id);
      if (found) return found;
    }
  }
  return undefined;
}
