// Runs a lab's visible tests in a Web Worker: the server bundles code + visible tests + engine; the worker runs them;
// a timer terminates the worker at the lab's time limit, so an endless loop is stopped and reported.
import { ApiError, apiHeaders } from "../api.ts";

export interface Failure {
  message?: string;
  details?: { index?: number[]; path?: string; expected?: unknown; received?: unknown; atol?: number; rtol?: number; kind?: string };
}
export interface TestRow extends Failure {
  name: string;
  status: "pass" | "fail" | "error";
  taskId?: string;
  output?: string;
}
export interface CompileProblem {
  line?: number;
  column?: number;
  text: string;
  lineText?: string;
}
export type RunOutcome =
  | { kind: "done"; tests: TestRow[]; output?: string }
  | { kind: "timeout"; tests: TestRow[]; limitMs: number }
  | { kind: "compile"; problems: CompileProblem[] }
  | { kind: "load-error"; message: string };

type Msg =
  | { t: "plan"; tests: { name: string }[] }
  | ({ t: "result"; i: number } & TestRow)
  | { t: "load-error"; name: string; message: string }
  | { t: "done"; output?: string };

export async function runVisible(labId: string, code: string, limitMs: number, onTest?: (rows: TestRow[]) => void): Promise<RunOutcome> {
  const res = await fetch(`/api/labs/${labId}/bundle`, { method: "POST", headers: apiHeaders("POST", true), body: JSON.stringify({ code }) });
  if (res.status === 422) {
    const body = (await res.json()) as { error: { problems: CompileProblem[] } };
    return { kind: "compile", problems: body.error.problems };
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
    throw new ApiError(res.status, body.error?.code ?? "http_error", body.error ?? {});
  }
  const url = URL.createObjectURL(new Blob([await res.text()], { type: "text/javascript" }));
  const worker = new Worker(url, { type: "module" });
  const tests: TestRow[] = [];
  try {
    return await new Promise<RunOutcome>((resolve) => {
      const timer = setTimeout(() => {
        worker.terminate();
        resolve({ kind: "timeout", tests, limitMs });
      }, limitMs);
      worker.onmessage = (e: MessageEvent<Msg>) => {
        const m = e.data;
        if (m.t === "result") {
          const { t: _t, i: _i, ...row } = m;
          tests.push(row);
          onTest?.([...tests]);
        } else if (m.t === "load-error") {
          clearTimeout(timer);
          resolve({ kind: "load-error", message: `${m.name}: ${m.message}` });
        } else if (m.t === "done") {
          clearTimeout(timer);
          resolve({ kind: "done", tests, output: m.output });
        }
      };
      worker.onerror = (e) => {
        clearTimeout(timer);
        e.preventDefault();
        resolve({ kind: "load-error", message: e.message || "the worker failed to start" });
      };
    });
  } finally {
    worker.terminate();
    URL.revokeObjectURL(url);
  }
}
