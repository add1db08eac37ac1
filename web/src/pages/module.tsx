// The module page: notes (Markdown + KaTeX + highlighted code), objectives, its labs and its review cards.
import { useMemo } from "preact/hooks";
import { fill, type Text } from "../i18n.ts";
import { renderMarkdown } from "../markdown.ts";
import { useApi, useApp } from "../state.ts";
import type { LabSummary, ModuleState } from "../types.ts";

interface ModuleDetail {
  id: string;
  title: Text;
  summary: Text;
  hours: number;
  state: ModuleState;
  missing: string[];
  prerequisites: string[];
  why_prerequisites: Text;
  objectives: Text[];
  notes: Text;
  labs: LabSummary[];
  cards: { id: string; front: Text; back: Text }[];
}

export function ModulePage({ id }: { id: string }) {
  const { t, lang } = useApp();
  const [data] = useApi<ModuleDetail>(`/modules/${id}`);
  const notes = useMemo(() => (data.state === "ok" ? renderMarkdown(data.data.notes[lang] || data.data.notes.en) : ""), [data, lang]);
  if (data.state === "loading") return <p class="muted">{t.loading}</p>;
  if (data.state === "error") return <p role="alert">{fill(t.loadFailed, { why: data.error.message })}</p>;
  const m = data.data;
  return (
    <article aria-labelledby="module-title">
      <h1 id="module-title">{m.title[lang]}</h1>
      <p class={m.state}>
        <strong style={{ color: "var(--c)" }}>{t.states[m.state]}</strong> · {fill(t.hours, { h: m.hours })}
        {m.state === "locked" && ` · ${fill(t.needs, { list: m.missing.join(", ") })}`}
      </p>
      <p>{m.summary[lang]}</p>
      {m.prerequisites.length > 0 && (
        <details class="card">
          <summary>{t.whyPrereqs}</summary>
          <p>{m.why_prerequisites[lang]}</p>
        </details>
      )}
      <h2>{t.objectives}</h2>
      <ul>
        {m.objectives.map((o) => (
          <li>{o[lang]}</li>
        ))}
      </ul>
      <h2>{t.labs}</h2>
      {m.labs.length === 0 ? (
        <p class="muted">{t.none}</p>
      ) : (
        <ul>
          {m.labs.map((l) => (
            <li data-lab={l.id} data-status={l.status}>
              <a href={`/labs/${l.id}`}>{l.title[lang]}</a> — {t.labStatus[l.status]} · {fill(t.minutes, { m: l.minutes })}
              <div class="muted small">{l.summary[lang]}</div>
            </li>
          ))}
        </ul>
      )}
      <h2>{t.notes}</h2>
      <div class="card prose" dangerouslySetInnerHTML={{ __html: notes }} />
      <h2>{t.cards}</h2>
      {m.cards.map((c) => (
        <details class="card">
          <summary>{c.front[lang]}</summary>
          <p>{c.back[lang]}</p>
        </details>
      ))}
    </article>
  );
}
