// Runs inside the browser's lab Web Worker: loads the lab's visible tests (bundled with the learner's code and the
// engine), runs them in file order and posts one message per test — the same result shape the grader returns.
import { isAssertionError } from "../grader/assertion-error.ts";
import { registeredTests, setCurrentFile } from "../grader/registry.ts";

export type WorkerMessage =
  | { t: "plan"; tests: { name: string; taskId?: string }[] }
  | { t: "result"; i: number; name: string; taskId?: string; status: "pass" | "fail" | "error"; message?: string; details?: unknown; output?: string; durationMs: number }
  | { t: "load-error"; message: string; name: string }
  | { t: "done"; output?: string };

const OUTPUT_LIMIT = 4000;

interface WorkerScope {
  postMessage(message: WorkerMessage): void;
}

function describe(e: unknown): { name: string; message: string; details?: unknown } {
  if (e instanceof Error) {
    const details = isAssertionError(e) ? JSON.parse(JSON.stringify(e.details, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v))) : undefined;
    return { name: e.name, message: e.message, ...(details === undefined ? {} : { details }) };
  }
  return { name: "NonErrorThrown", message: `a non-Error value was thrown: ${String(e)}` };
}

/** Entry of the worker bundle: `load` imports the visible test file (which imports the learner's code). */
export async function runVisibleTests(file: string, load: () => Promise<unknown>): Promise<void> {
  const scope = globalThis as unknown as WorkerScope;
  let output = "";
  const capture = (...args: unknown[]) => {
    if (output.length < OUTPUT_LIMIT) output += `${args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ")}\n`.slice(0, OUTPUT_LIMIT - output.length);
  };
  console.log = capture;
  console.info = capture;
  console.warn = capture;
  console.error = capture;
  const take = () => {
    const o = output;
    output = "";
    return o === "" ? undefined : o;
  };
  setCurrentFile(file);
  try {
    await load();
  } catch (e) {
    const d = describe(e);
    scope.postMessage({ t: "load-error", name: d.name, message: d.message });
    return;
  }
  const tests = registeredTests();
  scope.postMessage({ t: "plan", tests: tests.map((t) => ({ name: t.name, ...(t.taskId === undefined ? {} : { taskId: t.taskId }) })) });
  for (let i = 0; i < tests.length; i++) {
    const t = tests[i]!;
    const started = performance.now();
    let status: "pass" | "fail" | "error" = "pass";
    let failure: ReturnType<typeof describe> | undefined;
    try {
      await t.fn();
    } catch (e) {
      status = isAssertionError(e) ? "fail" : "error";
      failure = describe(e);
    }
    const out = take();
    scope.postMessage({
      t: "result",
      i,
      name: t.name,
      ...(t.taskId === undefined ? {} : { taskId: t.taskId }),
      status,
      ...(failure ? { message: failure.name === "AssertionError" ? failure.message : `${failure.name}: ${failure.message}`, details: failure.details } : {}),
      ...(out === undefined ? {} : { output: out }),
      durationMs: performance.now() - started,
    });
  }
  const rest = take();
  scope.postMessage({ t: "done", ...(rest === undefined ? {} : { output: rest }) });
}
