// The lab page: README beside a CodeMirror editor; Run → visible tests in a Web Worker (time-limited), then full
// grading on the server (hidden tests, recorded); hints one at a time; the solution after a pass or a reveal;
// the PyTorch equivalent after a pass.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api } from "../api.ts";
import { fill, type Text } from "../i18n.ts";
import type { LabEditor } from "../lab/editor.ts";
import { type RunOutcome, runVisible, type TestRow } from "../lab/run.ts";
import { highlight, renderMarkdown } from "../markdown.ts";
import { useApi, useApp } from "../state.ts";
import { FailureBox, ResultsPanel } from "./lab-results.tsx";

interface LabDetail {
  id: string;
  module: string;
  title: Text;
  summary: Text;
  timeLimitMs: number;
  status: string;
  moduleState: string;
  readme: Text;
  code: string;
  starter: string;
  hints: { total: number; shown: Text[] };
  pytorch: string | null;
}
interface AttemptReply {
  verdict: string;
  status: string;
  pytorch: string | null;
  result: { tests: TestRow[]; message?: string };
}

/** Multi-user mode queues the grading: the POST may answer 202 with a job to poll until a worker has graded it. */
interface JobReply extends Partial<AttemptReply> {
  state?: "queued" | "running" | "done" | "failed";
  poll?: string;
}

const POLL_EVERY_MS = 1000;
/** Past this, the page stops waiting (the attempt is still recorded when a worker gets to it). */
const POLL_FOR_MS = 10 * 60_000;

/** The finished grading: the POST's own reply, or (multi-user mode, busy workers) the job polled until it is done. */
async function awaitVerdict(first: JobReply, onWait: (state: string) => void): Promise<AttemptReply | "failed" | "gave_up"> {
  let job = first;
  const until = Date.now() + POLL_FOR_MS;
  while (job.state !== undefined && job.state !== "done") {
    if (job.state === "failed") return "failed";
    if (job.poll === undefined || Date.now() > until) return "gave_up";
    onWait(job.state);
    await new Promise((r) => setTimeout(r, POLL_EVERY_MS));
    job = await api<JobReply>(job.poll.replace(/^\/api/, ""));
  }
  return job as AttemptReply;
}

function Code({ source }: { source: string }) {
  return (
    <pre class="prose">
      <code dangerouslySetInnerHTML={{ __html: highlight(source) }} />
    </pre>
  );
}

export function LabPage({ id }: { id: string }) {
  const { t, lang } = useApp();
  const [data] = useApi<LabDetail>(`/labs/${id}`);
  const [missing] = useApi<{ missing: string[] }>(`/modules/${data.state === "ok" ? data.data.module : "-"}`, [data.state]);
  const box = useRef<HTMLDivElement>(null);
  const editor = useRef<LabEditor | null>(null);
  const [ready, setReady] = useState(false);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<RunOutcome | null>(null);
  const [server, setServer] = useState<AttemptReply | null>(null);
  const [grading, setGrading] = useState(false);
  const [queued, setQueued] = useState<string | null>(null);
  const [hints, setHints] = useState<Text[]>([]);
  const [noMore, setNoMore] = useState(false);
  const [solution, setSolution] = useState<string | null>(null);
  const [pytorch, setPytorch] = useState<string | null>(null);
  const [passed, setPassed] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const lab = data.state === "ok" ? data.data : null;
  useEffect(() => {
    if (!lab || !box.current) return;
    setHints(lab.hints.shown);
    setPytorch(lab.pytorch);
    setPassed(lab.status === "passed");
    let live = true;
    import("../lab/editor.ts").then((m) => {
      if (!live || !box.current) return;
      editor.current = m.createEditor(box.current, lab.code, fill(t.editorLabel, { lab: lab.id }));
      setReady(true);
    });
    return () => {
      live = false;
      editor.current?.destroy();
      editor.current = null;
    };
  }, [lab]);

  const readme = useMemo(() => (lab ? renderMarkdown(lab.readme[lang] || lab.readme.en) : ""), [lab, lang]);
  if (data.state === "loading") return <p class="muted">{t.loading}</p>;
  if (data.state === "error") return <p role="alert">{fill(t.loadFailed, { why: data.error.message })}</p>;
  const L = data.data;

  const run = async () => {
    const code = editor.current?.getCode();
    if (code === undefined) return;
    setRunning(true);
    setOutcome(null);
    setServer(null);
    setError(null);
    try {
      const o = await runVisible(L.id, code, L.timeLimitMs, (tests) => setOutcome({ kind: "done", tests: [...tests] }));
      setOutcome(o);
      setRunning(false);
      if (o.kind === "compile") return;
      setGrading(true);
      const first = await api<JobReply>(`/labs/${L.id}/attempts`, { method: "POST", body: { code } });
      const reply = await awaitVerdict(first, setQueued);
      setQueued(null);
      if (reply === "failed" || reply === "gave_up") {
        setError(reply === "failed" ? t.gradingFailed : t.gradingGaveUp);
        return;
      }
      setServer(reply);
      if (reply.verdict === "pass") {
        setPassed(true);
        setPytorch(reply.pytorch);
      }
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRunning(false);
      setGrading(false);
    }
  };
  const nextHint = async () => {
    const h = await api<{ kind: string; text?: string; total: number }>(`/labs/${L.id}/hints?lang=${lang}`, { method: "POST" });
    if (h.kind === "none") setNoMore(true);
    else {
      const fresh = await api<LabDetail>(`/labs/${L.id}`);
      setHints(fresh.hints.shown);
    }
  };
  const showSolution = async (reveal: boolean) => {
    const s = await api<{ source: string }>(`/labs/${L.id}/solution`, { method: "POST", body: { reveal } });
    setSolution(s.source);
  };
  const serverFirst = server?.result.tests.find((x) => x.status !== "pass");
  const locked = L.moduleState === "locked" && missing.state === "ok";

  return (
    <section aria-labelledby="lab-title">
      <p class="small">
        <a href={`/modules/${L.module}`}>← {L.module}</a>
      </p>
      <h1 id="lab-title">{L.title[lang]}</h1>
      <p class="muted">{L.summary[lang]}</p>
      {locked && <p class="banner bad">{fill(t.lockedLab, { list: missing.state === "ok" ? missing.data.missing.join(", ") : "" })}</p>}
      <div class="lab-grid">
        <article class="card readme prose" aria-label={t.readme} dangerouslySetInnerHTML={{ __html: readme }} />
        <div>
          <h2>{t.editor}</h2>
          <div class="editor-box" ref={box} data-testid="editor" data-ready={ready ? "1" : "0"} />
          <div class="toolbar">
            <button type="button" class="primary" onClick={run} disabled={!ready || running || grading} data-testid="run">
              {t.run}
            </button>
            <button type="button" onClick={nextHint} disabled={noMore}>
              {t.hint}
            </button>
            {passed ? (
              <button type="button" onClick={() => showSolution(false)}>
                {t.solution}
              </button>
            ) : (
              <button type="button" onClick={() => showSolution(true)}>
                {t.revealSolution}
              </button>
            )}
            <button type="button" onClick={() => editor.current?.setCode(L.starter)}>
              {t.resetStarter}
            </button>
          </div>
          <section aria-label={t.results}>
            <ResultsPanel outcome={outcome} running={running} />
            {grading && <p aria-live="polite">{queued === "queued" ? t.gradingQueued : t.grading}</p>}
            {server && (
              <div data-testid="server-verdict" data-verdict={server.verdict}>
                <p class={`banner ${server.verdict === "pass" ? "good" : "bad"}`}>{fill(t.serverVerdict, { verdict: t.verdicts[server.verdict] ?? server.verdict })}</p>
                {serverFirst && outcome?.kind === "done" && !outcome.tests.some((x) => x.status !== "pass") && (
                  <FailureBox row={serverFirst} title={fill(t.serverFailed, { n: server.result.tests.filter((x) => x.status !== "pass").length })} />
                )}
              </div>
            )}
            {error && <p role="alert">{fill(t.error, { message: error })}</p>}
          </section>
          {hints.map((h, i) => (
            <div class="card" data-testid="hint">
              <strong>{fill(t.hintN, { n: i + 1, total: L.hints.total })}</strong> {h[lang]}
            </div>
          ))}
          {noMore && <p class="muted">{fill(t.noMoreHints, { total: L.hints.total })}</p>}
          {pytorch && (
            <div data-testid="pytorch">
              <h2>{t.pytorch}</h2>
              <Code source={pytorch} />
            </div>
          )}
          {solution && (
            <div data-testid="solution">
              <h2>{t.solutionTitle}</h2>
              <Code source={solution} />
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
