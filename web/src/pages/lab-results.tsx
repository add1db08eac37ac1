// The results panel of the lab page: first failure on top (index, expected, received, tolerance), then every test.
import { fill } from "../i18n.ts";
import type { RunOutcome, TestRow } from "../lab/run.ts";
import { useApp } from "../state.ts";

const show = (v: unknown) => (typeof v === "number" ? String(v) : JSON.stringify(v));

export function FailureBox({ row, title }: { row: TestRow; title: string }) {
  const { t } = useApp();
  const d = row.details ?? {};
  const tol = d.atol !== undefined || d.rtol !== undefined ? `atol ${d.atol ?? 0}, rtol ${d.rtol ?? 0}` : undefined;
  return (
    <div class="failure" role="alert" data-testid="first-failure">
      <strong>{title}</strong>: {row.name}
      <dl>
        {d.index !== undefined && (
          <>
            <dt>{t.index}</dt>
            <dd data-field="index">[{d.index.join(", ")}]</dd>
          </>
        )}
        {d.path !== undefined && (
          <>
            <dt>{t.index}</dt>
            <dd data-field="index">{d.path}</dd>
          </>
        )}
        {d.expected !== undefined && (
          <>
            <dt>{t.expected}</dt>
            <dd data-field="expected">{show(d.expected)}</dd>
          </>
        )}
        {d.received !== undefined && (
          <>
            <dt>{t.received}</dt>
            <dd data-field="received">{show(d.received)}</dd>
          </>
        )}
        {tol && (
          <>
            <dt>{t.tolerance}</dt>
            <dd data-field="tolerance">{tol}</dd>
          </>
        )}
      </dl>
      {row.message && <pre class="small">{row.message}</pre>}
    </div>
  );
}

export function ResultsPanel({ outcome, running }: { outcome: RunOutcome | null; running: boolean }) {
  const { t } = useApp();
  if (running && !outcome) return <p aria-live="polite">{t.running}</p>;
  if (!outcome) return null;
  if (outcome.kind === "compile")
    return (
      <div class="failure" role="alert">
        <strong>{t.compileError}</strong>
        <ul>
          {outcome.problems.map((p) => (
            <li>
              {p.line !== undefined ? `${p.line}:${p.column ?? 0} ` : ""}
              {p.text}
            </li>
          ))}
        </ul>
      </div>
    );
  if (outcome.kind === "load-error")
    return (
      <div class="failure" role="alert">
        {fill(t.loadError, { message: outcome.message })}
      </div>
    );
  const tests = outcome.tests;
  const passed = tests.filter((x) => x.status === "pass").length;
  const first = tests.find((x) => x.status !== "pass");
  return (
    <div class="results" aria-live="polite" data-testid="results">
      {outcome.kind === "timeout" && (
        <div class="failure" role="alert" data-testid="timeout">
          {fill(t.timeout, { s: outcome.limitMs / 1000 })}
        </div>
      )}
      {outcome.kind === "done" && !first && <p class="banner good" data-testid="all-passed">{t.allPassed} ({passed}/{tests.length})</p>}
      {first && <FailureBox row={first} title={t.firstFailure} />}
      <p>{fill(t.visibleSummary, { passed, total: tests.length })}</p>
      {tests.map((x) => (
        <div class={`test ${x.status}`}>
          {x.status === "pass" ? "✓" : "✗"} {x.name}
        </div>
      ))}
    </div>
  );
}
