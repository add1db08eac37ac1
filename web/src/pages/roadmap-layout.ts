// Lays the module DAG out with dagre: one cluster per stage, edges prerequisite → module, left to right.
import dagre from "@dagrejs/dagre";
import type { Roadmap } from "../types.ts";

export const NODE_W = 210;
export const NODE_H = 96;

export interface Placed {
  nodes: Map<string, { x: number; y: number }>;
  clusters: { id: string; x: number; y: number; width: number; height: number }[];
  edges: { from: string; to: string; points: { x: number; y: number }[] }[];
  width: number;
  height: number;
}

/** Prerequisite edges without the implied ones (p → m is dropped when another prerequisite of m already needs p). */
export function directEdges(r: Roadmap): [string, string][] {
  const prereqs = new Map(r.stages.flatMap((s) => s.modules.map((m) => [m.id, m.prerequisites] as const)));
  const reach = (from: string, target: string, seen = new Set<string>()): boolean => {
    for (const p of prereqs.get(from) ?? []) {
      if (p === target) return true;
      if (!seen.has(p)) {
        seen.add(p);
        if (reach(p, target, seen)) return true;
      }
    }
    return false;
  };
  const out: [string, string][] = [];
  for (const [id, ps] of prereqs) for (const p of ps) if (!ps.some((q) => q !== p && reach(q, p))) out.push([p, id]);
  return out;
}

export function layoutRoadmap(r: Roadmap): Placed {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: false });
  g.setGraph({ rankdir: "LR", nodesep: 18, ranksep: 56, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(r.stages.flatMap((s) => s.modules.map((m) => m.id)));
  for (const s of r.stages) {
    g.setNode(`stage:${s.id}`, { paddingTop: 30 } as never);
    for (const m of s.modules) {
      g.setNode(m.id, { width: NODE_W, height: NODE_H });
      g.setParent(m.id, `stage:${s.id}`);
    }
  }
  for (const [from, to] of directEdges(r)) if (ids.has(from)) g.setEdge(from, to);
  dagre.layout(g);
  const nodes = new Map<string, { x: number; y: number }>();
  for (const id of ids) {
    const n = g.node(id);
    nodes.set(id, { x: n.x - NODE_W / 2, y: n.y - NODE_H / 2 });
  }
  const clusters = r.stages.map((s) => {
    const c = g.node(`stage:${s.id}`);
    return { id: s.id, x: c.x - c.width / 2, y: c.y - c.height / 2 - 14, width: c.width, height: c.height + 14 };
  });
  const edges = g.edges().map((e) => ({ from: e.v, to: e.w, points: g.edge(e).points ?? [] }));
  const graph = g.graph();
  const width = Math.max(graph.width ?? 0, ...clusters.map((c) => c.x + c.width)) + 12;
  const height = Math.max(graph.height ?? 0, ...clusters.map((c) => c.y + c.height)) + 12;
  const shift = Math.min(0, ...clusters.map((c) => c.y)) * -1;
  if (shift) {
    for (const n of nodes.values()) n.y += shift;
    for (const c of clusters) c.y += shift;
    for (const e of edges) for (const p of e.points) p.y += shift;
  }
  return { nodes, clusters, edges, width, height: height + shift };
}
