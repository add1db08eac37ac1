// An instructor's view of one cohort: per learner (modules, hours, labs passed, active traps, last activity) and per
// lab (how many tried, how many passed, pass rate, the most common failing test).
import { errorText } from "../account.ts";
import { fill } from "../i18n.ts";
import { useApi, useApp } from "../state.ts";

interface LearnerRow {
  userId: number;
  email: string;
  modulesDone: number;
  modulesTotal: number;
  hours: number;
  labsPassed: number;
  traps: { code: string; severity: string }[];
  lastActive: string | null;
}

interface LabRow {
  labId: string;
  attempted: number;
  passed: number;
  passRate: number;
  mostCommonFailingTest: { name: string; count: number } | null;
}

interface Dashboard {
  cohort: { id: number; name: string; inviteCode: string };
  learners: LearnerRow[];
  labs: LabRow[];
}

export function CohortDashboardPage({ id }: { id: string }) {
  const { t, lang } = useApp();
  const [data] = useApi<Dashboard>(`/cohorts/${id}/dashboard`, [id]);
  const c = t.cohorts;
  if (data.state === "loading") return <p class="muted">{t.loading}</p>;
  if (data.state === "error") return <p role="alert">{fill(t.loadFailed, { why: errorText(t.account.errors, data.error, fill) })}</p>;
  const d = data.data;
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(lang === "zh" ? "zh-CN" : "en") : c.never);
  return (
    <section aria-labelledby="cohort-title" data-testid="cohort-dashboard">
      <p>
        <a href="/cohorts">← {c.back}</a>
      </p>
      <h1 id="cohort-title">{d.cohort.name}</h1>
      <p class="muted">{fill(c.codeLabel, { code: d.cohort.inviteCode })}</p>
      <h2>{c.learners}</h2>
      {d.learners.length === 0 ? (
        <p>{fill(c.noLearners, { code: d.cohort.inviteCode })}</p>
      ) : (
        <table class="list" data-testid="cohort-learners">
          <thead>
            <tr>
              <th scope="col">{c.col.learner}</th>
              <th scope="col">{c.col.modules}</th>
              <th scope="col">{c.col.hours}</th>
              <th scope="col">{c.col.labsPassed}</th>
              <th scope="col">{c.col.traps}</th>
              <th scope="col">{c.col.lastActive}</th>
            </tr>
          </thead>
          <tbody>
            {d.learners.map((l) => (
              <tr data-learner={l.email}>
                <th scope="row">{l.email}</th>
                <td>
                  {l.modulesDone}/{l.modulesTotal}
                </td>
                <td>{fill(t.hours, { h: l.hours })}</td>
                <td>{l.labsPassed}</td>
                <td>{l.traps.length === 0 ? c.noTrap : l.traps.map((x) => c.trapNames[x.code] ?? x.code).join(", ")}</td>
                <td>{when(l.lastActive)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{c.labsTitle}</h2>
      {d.labs.length === 0 ? (
        <p>{c.noAttempts}</p>
      ) : (
        <table class="list" data-testid="cohort-labs">
          <thead>
            <tr>
              <th scope="col">{c.col.lab}</th>
              <th scope="col">{c.col.attempted}</th>
              <th scope="col">{c.col.passed}</th>
              <th scope="col">{c.col.passRate}</th>
              <th scope="col">{c.col.failing}</th>
            </tr>
          </thead>
          <tbody>
            {d.labs.map((l) => (
              <tr data-lab={l.labId}>
                <th scope="row">
                  <a href={`/labs/${l.labId}`}>{l.labId}</a>
                </th>
                <td>{l.attempted}</td>
                <td>{l.passed}</td>
                <td>{Math.round(l.passRate * 100)}%</td>
                <td>{l.mostCommonFailingTest ? fill(c.failingCount, { name: l.mostCommonFailingTest.name, n: l.mostCommonFailingTest.count }) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
