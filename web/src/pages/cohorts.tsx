// Multi-user mode's cohort list: the cohorts I belong to, joining one by invite code, and (instructors, admins)
// creating one; each cohort I instruct links to its dashboard.
import { useState } from "preact/hooks";
import { type AccountUser, errorText } from "../account.ts";
import { api } from "../api.ts";
import { fill } from "../i18n.ts";
import { useApi, useApp } from "../state.ts";

interface CohortItem {
  id: number;
  name: string;
  inviteCode: string;
  role: "learner" | "instructor";
}

export function CohortsPage({ user }: { user: AccountUser }) {
  const { t } = useApp();
  const [data, reload] = useApi<{ cohorts: CohortItem[] }>("/cohorts");
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [msg, setMsg] = useState("");
  const mayCreate = user.role === "instructor" || user.role === "admin";
  const act = async (e: Event, run: () => Promise<string>) => {
    e.preventDefault();
    try {
      setMsg(await run());
      reload();
    } catch (err) {
      setMsg(errorText(t.account.errors, err, fill));
    }
  };
  const join = (e: Event) =>
    act(e, async () => {
      const r = await api<{ cohort: { name: string } }>("/cohorts/join", { method: "POST", body: { code } });
      setCode("");
      return fill(t.cohorts.joined, { name: r.cohort.name });
    });
  const create = (e: Event) =>
    act(e, async () => {
      const r = await api<{ cohort: { name: string; inviteCode: string } }>("/cohorts", { method: "POST", body: { name } });
      setName("");
      return fill(t.cohorts.created, { name: r.cohort.name, code: r.cohort.inviteCode });
    });
  return (
    <section aria-labelledby="cohorts-title">
      <h1 id="cohorts-title">{t.cohorts.title}</h1>
      <p class="muted">{fill(t.account.signedInAs, { email: user.email, role: t.account.roles[user.role] ?? user.role })}</p>
      {data.state === "loading" && <p class="muted">{t.loading}</p>}
      {data.state === "error" && <p role="alert">{fill(t.loadFailed, { why: errorText(t.account.errors, data.error, fill) })}</p>}
      {data.state === "ok" &&
        (data.data.cohorts.length === 0 ? (
          <p>{t.cohorts.none}</p>
        ) : (
          <ul data-testid="cohort-list">
            {data.data.cohorts.map((c) => (
              <li data-cohort={c.id}>
                <strong>{c.name}</strong> <span class="muted small">{fill(t.cohorts.yourRole, { role: t.cohorts.roles[c.role] ?? c.role })}</span>
                {c.inviteCode && (
                  <span class="muted small" data-testid="invite-code" data-code={c.inviteCode}>
                    {" · "}
                    {fill(t.cohorts.codeLabel, { code: c.inviteCode })}
                  </span>
                )}
                {(c.role === "instructor" || user.role === "admin") && (
                  <>
                    {" · "}
                    <a href={`/cohorts/${c.id}`}>{t.cohorts.open}</a>
                  </>
                )}
              </li>
            ))}
          </ul>
        ))}
      <form class="card" onSubmit={join} data-testid="join-form">
        <h2>{t.cohorts.join}</h2>
        <label for="c-code">{t.cohorts.inviteCode}</label>
        <input id="c-code" value={code} required autoComplete="off" onInput={(e) => setCode((e.target as HTMLInputElement).value)} />
        <p>
          <button type="submit" class="primary">
            {t.cohorts.joinButton}
          </button>
        </p>
      </form>
      {mayCreate && (
        <form class="card" onSubmit={create} data-testid="create-form">
          <h2>{t.cohorts.create}</h2>
          <label for="c-name">{t.cohorts.name}</label>
          <input id="c-name" value={name} required maxLength={200} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
          <p>
            <button type="submit" class="primary">
              {t.cohorts.createButton}
            </button>
          </p>
        </form>
      )}
      <p role="status" data-testid="cohort-msg">
        {msg}
      </p>
    </section>
  );
}
