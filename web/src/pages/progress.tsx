// The progress page: hours per week against the target line, cumulative hours by stage, labs passed over time,
// and the active trap findings with their advice.
import { Chart } from "../chart.tsx";
import { fill, type Text } from "../i18n.ts";
import { useApi, useApp } from "../state.ts";

interface ProgressReply {
  weeks: { start: string; hours: number }[];
  targetHoursPerWeek: number;
  stages: { id: string; points: { date: string; hours: number }[] }[];
  stageTitles: Record<string, Text>;
  labsPassed: { date: string; count: number; lab: string }[];
  traps: { code: string; severity: string; title: Text; evidenceText: Text; advice: Text }[];
}

const sec = (iso: string) => Date.parse(iso) / 1000;
const COLORS = ["#1c7ed6", "#2f9e44", "#e8590c", "#ae3ec9", "#495057"];

export function ProgressPage() {
  const { t, lang } = useApp();
  const [data] = useApi<ProgressReply>("/progress");
  if (data.state === "loading") return <p class="muted">{t.loading}</p>;
  if (data.state === "error") return <p role="alert">{fill(t.loadFailed, { why: data.error.message })}</p>;
  const p = data.data;
  const weekX = p.weeks.map((w) => sec(w.start));
  const stageDates = [...new Set(p.stages.flatMap((s) => s.points.map((q) => q.date)))].sort();
  const cumulative = p.stages.map((s) => {
    let last = 0;
    return stageDates.map((d) => {
      for (const q of s.points) if (q.date <= d) last = q.hours;
      return last;
    });
  });
  const labs = p.labsPassed;
  return (
    <section aria-labelledby="progress-title">
      <h1 id="progress-title">{t.progress}</h1>
      <Chart
        title={fill(t.hoursPerWeekChart, { h: p.targetHoursPerWeek })}
        data={[weekX, p.weeks.map((w) => w.hours), p.weeks.map(() => p.targetHoursPerWeek)]}
        series={[
          { label: t.nav.progress, stroke: "#1c7ed6", fill: "rgba(28,126,214,.15)" },
          { label: "target", stroke: "#c92a2a", dash: [6, 4] },
        ]}
      />
      {stageDates.length ? (
        <Chart title={t.cumulativeChart} data={[stageDates.map(sec), ...cumulative]} series={p.stages.map((s, i) => ({ label: p.stageTitles[s.id]?.[lang] ?? s.id, stroke: COLORS[i % COLORS.length] }))} />
      ) : (
        <p class="card muted">
          {t.cumulativeChart}: {t.noData}
        </p>
      )}
      {labs.length ? (
        <Chart title={t.labsChart} data={[labs.map((l) => sec(l.date)), labs.map((l) => l.count)]} series={[{ label: t.labs, stroke: "#2f9e44", points: { show: true } }]} />
      ) : (
        <p class="card muted">
          {t.labsChart}: {t.noData}
        </p>
      )}
      <p class="small" data-testid="labs-passed-count" data-count={labs.length}>
        {t.labsChart}: {labs.map((l) => l.lab).join(", ") || t.none}
      </p>
      <h2>{t.traps}</h2>
      {p.traps.length === 0 ? (
        <p class="muted">{t.noTraps}</p>
      ) : (
        p.traps.map((f) => (
          <div class="card" data-trap={f.code}>
            <strong>
              ⚠ {f.title[lang]} [{f.severity}]
            </strong>
            <p class="small">{f.evidenceText[lang]}</p>
            <p>{f.advice[lang]}</p>
          </div>
        ))
      )}
    </section>
  );
}
