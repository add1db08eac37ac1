// The plan page: the feasibility banner with its numbers, the options, the weeks as a timeline, the .ics download.
import { fill } from "../i18n.ts";
import { useApi, useApp } from "../state.ts";

interface PlanReply {
  settings: { hoursPerWeek: number; deadline: string };
  hoursNeeded: number;
  weeksNeeded: number;
  hoursAvailable: number;
  weeksAvailable: number;
  feasible: boolean;
  endDate: string | null;
  options: { hoursPerWeekNeeded: number | null; endDateAtThisPace: string; deferrable: { id: string; hours: number }[]; ifDeferred: { hoursNeeded: number; weeksNeeded: number } | null } | null;
  weeks: { week: number; start: string; end: string; hours: number; blocks: { moduleId: string; minutes: number }[] }[];
}

export function PlanPage() {
  const { t, lang } = useApp();
  const [data] = useApi<PlanReply>("/plan");
  if (data.state === "loading") return <p class="muted">{t.loading}</p>;
  if (data.state === "error") return <p role="alert">{fill(t.loadFailed, { why: data.error.message })}</p>;
  const p = data.data;
  const s = p.settings;
  const o = p.options;
  return (
    <section aria-labelledby="plan-title">
      <h1 id="plan-title">{t.plan}</h1>
      {!p.endDate ? (
        <p class="banner good">{t.nothingLeft}</p>
      ) : p.feasible ? (
        <p class="banner good" data-testid="feasibility" data-feasible="true">
          {fill(t.feasible, { end: p.endDate, deadline: s.deadline })}
        </p>
      ) : (
        <p class="banner bad" role="alert" data-testid="feasibility" data-feasible="false">
          {fill(t.infeasible, { need: p.hoursNeeded, weeks: p.weeksNeeded, pace: s.hoursPerWeek, available: p.hoursAvailable, weeksAvailable: p.weeksAvailable, deadline: s.deadline, end: p.endDate })}
        </p>
      )}
      {o && (
        <div class="card">
          <h2>{t.options}</h2>
          <ul>
            <li>{o.hoursPerWeekNeeded === null ? fill(t.optNoPace, { max: 100, deadline: s.deadline }) : fill(t.optHours, { h: o.hoursPerWeekNeeded, deadline: s.deadline })}</li>
            <li>{fill(t.optDeadline, { pace: s.hoursPerWeek, end: o.endDateAtThisPace })}</li>
            {o.ifDeferred && <li>{fill(t.optDefer, { list: o.deferrable.map((d) => `${d.id} (${d.hours} h)`).join(", "), hours: o.ifDeferred.hoursNeeded, weeks: o.ifDeferred.weeksNeeded })}</li>}
          </ul>
        </div>
      )}
      <p>
        <a class="button" href={`/api/plan.ics?lang=${lang}`} download="llmpath-plan.ics">
          {t.downloadIcs}
        </a>
      </p>
      <ol class="timeline" aria-label={t.plan}>
        {p.weeks.map((w) => {
          const by = new Map<string, number>();
          for (const b of w.blocks) by.set(b.moduleId, (by.get(b.moduleId) ?? 0) + b.minutes);
          return (
            <li class="card" style={{ listStyle: "none" }}>
              <strong>{fill(t.week, { n: w.week })}</strong> <span class="muted small">{w.start} – {w.end}</span>
              <ul class="small">
                {[...by].map(([id, min]) => (
                  <li>
                    <a href={`/modules/${id}`}>{id}</a> {fill(t.hours, { h: Math.round((min / 60) * 10) / 10 })}
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
