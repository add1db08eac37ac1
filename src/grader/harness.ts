// Runs inside the test process: loads the lab's test files in order, runs each test, reports over IPC.
import { isAssertionError } from "./assertion-error.ts";
import { type ChildMessage, capText, MESSAGE_LIMIT, NONCE_ENV, OUTPUT_LIMIT, type WireError } from "./protocol.ts";
import { registeredTests, setCurrentFile } from "./registry.ts";

export interface TestFile {
  file: string;
  load: () => Promise<unknown>;
}

/** Output captured from process.stdout/stderr while one phase (loading, or one test) runs. */
class Capture {
  text = "";
  dropped = 0;
  add(chunk: unknown): void {
    const s = typeof chunk === "string" ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString("utf8") : String(chunk);
    const room = OUTPUT_LIMIT - this.text.length;
    if (room > 0) this.text += s.slice(0, room);
    this.dropped += Math.max(0, s.length - Math.max(room, 0));
  }
  take(): string | undefined {
    const out = this.text === "" && this.dropped === 0 ? undefined : capText(this.text, OUTPUT_LIMIT, this.dropped);
    this.text = "";
    this.dropped = 0;
    return out;
  }
}

function toWire(error: unknown): WireError {
  if (error instanceof Error) {
    const wire: WireError = { name: error.name, message: capText(error.message, MESSAGE_LIMIT) };
    if (typeof error.stack === "string") wire.stack = error.stack.slice(0, 16_384);
    if (isAssertionError(error)) wire.details = JSON.parse(JSON.stringify(error.details, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v)));
    return wire;
  }
  let text: string;
  try {
    text = typeof error === "string" ? error : JSON.stringify(error) ?? String(error);
  } catch {
    text = String(error);
  }
  return { name: "NonErrorThrown", message: capText(`a non-Error value was thrown: ${text}`, MESSAGE_LIMIT) };
}

/** Entry point of the generated bundle. Must run before any lab code is evaluated. */
export async function runHarness(files: TestFile[]): Promise<void> {
  const nonce = process.env[NONCE_ENV] ?? "";
  delete process.env[NONCE_ENV];
  const rawSend = process.send?.bind(process);
  if (!rawSend) throw new Error("llmpath grader harness: no IPC channel (this bundle is meant to be run by the grader)");
  const send = (message: ChildMessage): void => {
    rawSend({ ...message, nonce });
  };
  // Lab code may not end the run early; it becomes an error in the running test instead.
  process.exit = ((code?: number) => {
    throw new Error(`process.exit(${code ?? ""}) is not allowed in lab code`);
  }) as typeof process.exit;

  const capture = new Capture();
  for (const stream of [process.stdout, process.stderr]) {
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      capture.add(chunk);
      const cb = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof stream.write;
  }
  let pendingAsyncError: unknown;
  let hasPendingAsyncError = false;
  const onAsyncError = (error: unknown): void => {
    if (!hasPendingAsyncError) {
      pendingAsyncError = error;
      hasPendingAsyncError = true;
    }
  };
  process.on("uncaughtException", onAsyncError);
  process.on("unhandledRejection", onAsyncError);

  const loadErrors: { file: string; error: WireError }[] = [];
  for (const { file, load } of files) {
    setCurrentFile(file);
    try {
      await load();
    } catch (error) {
      loadErrors.push({ file, error: toWire(error) });
    }
  }
  const tests = registeredTests();
  send({
    t: "plan",
    tests: tests.map((t) => ({ name: t.name, file: t.file, ...(t.taskId === undefined ? {} : { taskId: t.taskId }) })),
    loadErrors,
  });
  const loadOutput = capture.take();

  for (let i = 0; i < tests.length; i++) {
    const t = tests[i]!;
    send({ t: "start", i });
    hasPendingAsyncError = false;
    const started = performance.now();
    let status: "pass" | "fail" | "error" = "pass";
    let error: unknown;
    try {
      await t.fn();
      // Let callbacks the test scheduled for "now" run, so their errors land in this test.
      await new Promise((resolve) => setImmediate(resolve));
      if (hasPendingAsyncError) throw pendingAsyncError;
    } catch (e) {
      error = e;
      status = isAssertionError(e) ? "fail" : "error";
    }
    const durationMs = performance.now() - started;
    const output = capture.take();
    send({ t: "result", i, status, durationMs, ...(error === undefined && status === "pass" ? {} : { error: toWire(error) }), ...(output === undefined ? {} : { output }) });
  }
  const tail = capture.take();
  const all = [loadOutput, tail].filter((s) => s !== undefined).join("\n");
  send({ t: "done", ...(all === "" ? {} : { output: all }) });
}
