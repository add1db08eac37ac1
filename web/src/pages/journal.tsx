// The journal page: papers read and open-source contributions, each with a small add form.
import { useState } from "preact/hooks";
import { api, ApiError } from "../api.ts";
import { fill, type Text } from "../i18n.ts";
import { useApi, useApp } from "../state.ts";

interface JournalReply {
  papers: { id: number; title: string; venue: string | null; year: number | null; link: string | null }[];
  contributions: { id: number; project: string; kind: string; status: string; link: string | null; note: string | null }[];
  kinds: string[];
  statuses: string[];
}

function Field({ id, label, value, set }: { id: string; label: string; value: string; set: (v: string) => void }) {
  return (
    <>
      <label for={id}>{label}</label>
      <input id={id} type="text" value={value} onInput={(e) => set((e.target as HTMLInputElement).value)} />
    </>
  );
}

export function JournalPage() {
  const { t, lang } = useApp();
  const [data, reload] = useApi<JournalReply>("/journal");
  const [paper, setPaper] = useState({ title: "", venue: "", year: "", link: "" });
  const [contrib, setContrib] = useState({ project: "", kind: "feature", link: "", note: "" });
  const [msg, setMsg] = useState("");
  if (data.state === "loading") return <p class="muted">{t.loading}</p>;
  if (data.state === "error") return <p role="alert">{fill(t.loadFailed, { why: data.error.message })}</p>;
  const j = data.data;
  const submit = (path: string, body: unknown, reset: () => void) => async (e: Event) => {
    e.preventDefault();
    try {
      await api(path, { method: "POST", body });
      reset();
      setMsg(t.saved);
      reload();
    } catch (err) {
      const m = err instanceof ApiError ? (err.body.message as Text | undefined) : undefined;
      setMsg(fill(t.error, { message: m ? m[lang] : (err as Error).message }));
    }
  };
  return (
    <section aria-labelledby="journal-title">
      <h1 id="journal-title">{t.journal}</h1>
      <p role="status">{msg}</p>
      <h2>{t.papers}</h2>
      {j.papers.length === 0 ? <p class="muted">{t.none}</p> : (
        <table class="list">
          <tbody>
            {j.papers.map((p) => (
              <tr>
                <td>{p.link ? <a href={p.link}>{p.title}</a> : p.title}</td>
                <td>{p.venue ?? ""}</td>
                <td>{p.year ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form class="card" onSubmit={submit("/journal/papers", paper, () => setPaper({ title: "", venue: "", year: "", link: "" }))}>
        <Field id="p-title" label={t.title} value={paper.title} set={(v) => setPaper({ ...paper, title: v })} />
        <Field id="p-venue" label={t.venue} value={paper.venue} set={(v) => setPaper({ ...paper, venue: v })} />
        <Field id="p-year" label={t.year} value={paper.year} set={(v) => setPaper({ ...paper, year: v })} />
        <Field id="p-link" label={t.link} value={paper.link} set={(v) => setPaper({ ...paper, link: v })} />
        <p>
          <button type="submit" class="primary">{t.addPaper}</button>
        </p>
      </form>
      <h2>{t.contributions}</h2>
      {j.contributions.length === 0 ? <p class="muted">{t.none}</p> : (
        <table class="list">
          <tbody>
            {j.contributions.map((c) => (
              <tr>
                <td>{c.link ? <a href={c.link}>{c.project}</a> : c.project}</td>
                <td>{c.kind}</td>
                <td>{c.status}</td>
                <td>{c.note ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form class="card" onSubmit={submit("/journal/contributions", contrib, () => setContrib({ project: "", kind: "feature", link: "", note: "" }))}>
        <Field id="c-project" label={t.project} value={contrib.project} set={(v) => setContrib({ ...contrib, project: v })} />
        <label for="c-kind">{t.kind}</label>
        <select id="c-kind" value={contrib.kind} onChange={(e) => setContrib({ ...contrib, kind: (e.target as HTMLSelectElement).value })}>
          {j.kinds.map((k) => (
            <option value={k}>{k}</option>
          ))}
        </select>
        <Field id="c-link" label={t.link} value={contrib.link} set={(v) => setContrib({ ...contrib, link: v })} />
        <Field id="c-note" label={t.note} value={contrib.note} set={(v) => setContrib({ ...contrib, note: v })} />
        <p>
          <button type="submit" class="primary">{t.addContribution}</button>
        </p>
      </form>
    </section>
  );
}
