// The settings page: language (remembered), hours per week and deadline (they drive the plan).
import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../api.ts";
import { fill, type Lang } from "../i18n.ts";
import { useApi, useApp } from "../state.ts";

interface SettingsReply {
  lang: Lang;
  hoursPerWeek: number;
  deadline: string;
}

export function SettingsPage() {
  const { t, lang, setLang } = useApp();
  const [data] = useApi<SettingsReply>("/settings");
  const [hours, setHours] = useState("");
  const [deadline, setDeadline] = useState("");
  const [msg, setMsg] = useState("");
  useEffect(() => {
    if (data.state === "ok") {
      setHours(String(data.data.hoursPerWeek));
      setDeadline(data.data.deadline);
    }
  }, [data]);
  if (data.state === "loading") return <p class="muted">{t.loading}</p>;
  if (data.state === "error") return <p role="alert">{fill(t.loadFailed, { why: data.error.message })}</p>;
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      await api("/settings", { method: "PUT", body: { hoursPerWeek: hours, deadline } });
      setMsg(t.saved);
    } catch (err) {
      setMsg(fill(t.error, { message: err instanceof ApiError ? err.code : (err as Error).message }));
    }
  };
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t.settings}</h1>
      <form class="card" onSubmit={save}>
        <label for="s-lang">{t.language}</label>
        <select id="s-lang" value={lang} onChange={(e) => setLang((e.target as HTMLSelectElement).value as Lang)}>
          <option value="en">English</option>
          <option value="zh">中文</option>
        </select>
        <label for="s-hours">{t.hoursPerWeek}</label>
        <input id="s-hours" type="number" min="1" max="100" step="0.5" value={hours} onInput={(e) => setHours((e.target as HTMLInputElement).value)} />
        <label for="s-deadline">{t.deadline}</label>
        <input id="s-deadline" type="date" value={deadline} onInput={(e) => setDeadline((e.target as HTMLInputElement).value)} />
        <p>
          <button type="submit" class="primary">
            {t.save}
          </button>
        </p>
        <p role="status">{msg}</p>
      </form>
    </section>
  );
}
