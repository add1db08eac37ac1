// The roadmap: the module DAG (dagre layout) coloured by state, with hours, labs passed and the locked reason on
// hover and keyboard focus; each module links to its page.
import { useMemo } from "preact/hooks";
import { fill } from "../i18n.ts";
import { useApi, useApp } from "../state.ts";
import type { Roadmap, RoadmapModule } from "../types.ts";
import { layoutRoadmap, NODE_H, NODE_W } from "./roadmap-layout.ts";

function Node({ m, x, y, stageOrder }: { m: RoadmapModule; x: number; y: number; stageOrder: number }) {
  const { t, lang } = useApp();
  const reason = m.state === "locked" ? fill(t.needs, { list: m.missing.join(", ") }) : "";
  const tipId = `why-${m.id}`;
  return (
    <a
      class={`node ${m.state}`}
      href={`/modules/${m.id}`}
      style={{ left: `${x}px`, top: `${y}px`, width: `${NODE_W}px`, height: `${NODE_H}px` }}
      data-module={m.id}
      data-state={m.state}
      data-stage={stageOrder}
      aria-describedby={reason ? tipId : undefined}
    >
      <strong>{m.title[lang]}</strong>
      <span class="meta">
        {fill(t.hours, { h: m.hours })} · {t.states[m.state]}
        {m.labs.length ? ` · ${fill(t.labsPassed, { n: m.labsPassed, total: m.labs.length })}` : ""}
        {m.optional ? ` · ${t.optional}` : ""}
      </span>
      {reason && (
        <span class="why" role="tooltip" id={tipId}>
          {reason}
        </span>
      )}
    </a>
  );
}

export function RoadmapPage() {
  const { t, lang } = useApp();
  const [data] = useApi<Roadmap>("/roadmap");
  const placed = useMemo(() => (data.state === "ok" ? layoutRoadmap(data.data) : undefined), [data]);
  if (data.state === "loading") return <p class="muted">{t.loading}</p>;
  if (data.state === "error") return <p role="alert">{fill(t.loadFailed, { why: data.error.message })}</p>;
  const r = data.data;
  const p = placed!;
  const stageOf = new Map(r.stages.flatMap((s) => s.modules.map((m) => [m.id, s.order] as const)));
  return (
    <section class="roadmap" aria-labelledby="roadmap-title">
      <h1 id="roadmap-title">{t.nav.roadmap}</h1>
      <p>{fill(t.total, { h: r.totalHours, done: r.doneHours })}</p>
      <ul class="legend" aria-label="legend">
        {(["locked", "available", "in_progress", "done", "credited"] as const).map((s) => (
          <li class={s}>{t.states[s]}</li>
        ))}
      </ul>
      <p class="muted small">{t.graphHelp}</p>
      <div class="graph-scroll">
        <div class="graph" style={{ width: `${p.width}px`, height: `${p.height}px` }}>
          <svg width={p.width} height={p.height} aria-hidden="true">
            <defs>
              <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
                <path d="M0,0 L10,5 L0,10 z" fill="#8a94a6" />
              </marker>
            </defs>
            {p.clusters.map((c) => {
              const s = r.stages.find((x) => x.id === c.id)!;
              return (
                <g>
                  <rect class="cluster" x={c.x} y={c.y} width={c.width} height={c.height} rx="10" />
                  <text class="cluster-title" x={c.x + 10} y={c.y + 18}>
                    {`${fill(t.stage, { n: s.order })} · ${s.title[lang]} · ${fill(t.hours, { h: s.hours })}`}
                  </text>
                </g>
              );
            })}
            {p.edges.map((e) => (
              <path class="edge" d={e.points.map((q, i) => `${i ? "L" : "M"}${q.x},${q.y}`).join(" ")} marker-end="url(#arrow)" />
            ))}
          </svg>
          {r.stages.flatMap((s) => s.modules.map((m) => <Node m={m} x={p.nodes.get(m.id)!.x} y={p.nodes.get(m.id)!.y} stageOrder={stageOf.get(m.id)!} />))}
        </div>
      </div>
    </section>
  );
}
