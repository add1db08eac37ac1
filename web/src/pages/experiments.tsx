// The experiments page: tracked runs plotted (loss and learning rate against step), and two runs compared.
import { useState } from "preact/hooks";
import { Chart } from "../chart.tsx";
import { fill } from "../i18n.ts";
import { useApi, useApp } from "../state.ts";

interface Run {
  id: number;
  name: string;
  createdAt: string;
  metrics: Record<string, { step: number; value: number }[]>;
}

function series(run: Run, metric: string, steps: number[]): (number | null)[] {
  const by = new Map((run.metrics[metric] ?? []).map((p) => [p.step, p.value]));
  return steps.map((s) => by.get(s) ?? null);
}

export function ExperimentsPage() {
  const { t } = useApp();
  const [data] = useApi<{ runs: Run[] }>("/experiments");
  const [a, setA] = useState(0);
  const [b, setB] = useState(-1);
  if (data.state === "loading") return <p class="muted">{t.loading}</p>;
  if (data.state === "error") return <p role="alert">{fill(t.loadFailed, { why: data.error.message })}</p>;
  const runs = data.data.runs;
  if (!runs.length)
    return (
      <section>
        <h1>{t.experiments}</h1>
        <p class="muted">{t.noRuns}</p>
      </section>
    );
  const chosen = [runs[a], b >= 0 ? runs[b] : undefined].filter((r): r is Run => r !== undefined);
  const steps = (metric: string) => [...new Set(chosen.flatMap((r) => (r.metrics[metric] ?? []).map((p) => p.step)))].sort((x, y) => x - y);
  const plot = (metric: string, label: string) => {
    const xs = steps(metric);
    return <Chart title={`${label} / ${t.step}`} time={false} data={[xs, ...chosen.map((r) => series(r, metric, xs))]} series={chosen.map((r, i) => ({ label: r.name, stroke: i ? "#e8590c" : "#1c7ed6", spanGaps: true }))} />;
  };
  return (
    <section aria-labelledby="exp-title">
      <h1 id="exp-title">{t.experiments}</h1>
      <div class="toolbar">
        <label for="run-a">{t.experiments}</label>
        <select id="run-a" value={a} onChange={(e) => setA(Number((e.target as HTMLSelectElement).value))}>
          {runs.map((r, i) => (
            <option value={i}>{r.name}</option>
          ))}
        </select>
        <label for="run-b">{t.compare}</label>
        <select id="run-b" value={b} onChange={(e) => setB(Number((e.target as HTMLSelectElement).value))}>
          <option value={-1}>—</option>
          {runs.map((r, i) => (
            <option value={i}>{r.name}</option>
          ))}
        </select>
      </div>
      {plot("loss", t.loss)}
      {plot("lr", t.lr)}
    </section>
  );
}
