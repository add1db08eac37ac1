// Runs inside the isolated-vm sandbox (bundled with the lab's tests, the learner's code and the engine): freezes the
// engine and the assertions before any learner code loads, runs the tests in file order, and reports each result
// through the one host callback it took away from the global scope first.
import * as testing from "./testing.ts";
import * as tensor from "../tensor/index.ts";
import { isAssertionError } from "./assertion-error.ts";
import { registeredTests, setCurrentFile } from "./registry.ts";

const OUTPUT_LIMIT = 2048;
const MESSAGE_LIMIT = 4096;

type Send = (json: string) => void;

/** Freezes the prototypes of everything the engine and the testing module export, so learner code cannot patch them. */
function freezeTrusted(): void {
  for (const ns of [tensor, testing] as Record<string, unknown>[]) {
    for (const v of Object.values(ns)) {
      if (typeof v === "function" && v.prototype) Object.freeze(v.prototype);
      else if (v && typeof v === "object") for (const inner of Object.values(v)) if (typeof inner === "function" && inner.prototype) Object.freeze(inner.prototype);
    }
  }
  // built-ins the engine and the assertions rely on (Error.prototype stays writable: errors set their own name)
  for (const ctor of [Promise, Array, Object, Function, Number, String, Boolean, Map, Set, Float32Array, Float64Array, Int32Array, Uint8Array]) {
    Object.freeze(ctor);
    Object.freeze(ctor.prototype);
  }
  for (const ns of [JSON, Math, Reflect, Atomics]) Object.freeze(ns);
}

function describe(e: unknown): { name: string; message: string; details?: unknown } {
  if (e instanceof Error) {
    const details = isAssertionError(e) ? JSON.parse(JSON.stringify(e.details, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v))) : undefined;
    return { name: String(e.name).slice(0, 100), message: String(e.message).slice(0, MESSAGE_LIMIT), ...(details === undefined ? {} : { details }) };
  }
  let text = "";
  try {
    text = String(e);
  } catch {
    text = "(unprintable)";
  }
  return { name: "NonErrorThrown", message: `a non-Error value was thrown: ${text.slice(0, MESSAGE_LIMIT)}` };
}

export async function runSandboxed(files: { file: string; load: () => Promise<unknown> }[]): Promise<void> {
  const g = globalThis as unknown as { __llmpathSend?: Send; console?: unknown; performance?: unknown };
  const hostSend = g.__llmpathSend!;
  delete g.__llmpathSend;
  const stringify = JSON.stringify;
  const send = (m: unknown) => hostSend(stringify(m));
  const now = Date.now;
  let output = "";
  let dropped = 0;
  const capture = (...args: unknown[]) => {
    const line = `${args.map((a) => (typeof a === "string" ? a : (() => { try { return stringify(a); } catch { return String(a); } })())).join(" ")}\n`;
    const room = OUTPUT_LIMIT - output.length;
    output += line.slice(0, Math.max(0, room));
    dropped += Math.max(0, line.length - Math.max(0, room));
  };
  const take = () => {
    const o = output === "" && dropped === 0 ? undefined : dropped ? `${output}… (${dropped} more characters not shown)` : output;
    output = "";
    dropped = 0;
    return o;
  };
  g.console = Object.freeze({ log: capture, info: capture, warn: capture, error: capture, debug: capture });
  g.performance = Object.freeze({ now });
  freezeTrusted();
  for (const f of files) {
    setCurrentFile(f.file);
    try {
      await f.load();
    } catch (e) {
      const d = describe(e);
      send({ t: "load-error", file: f.file, name: d.name, message: d.message, output: take() });
      return;
    }
  }
  const tests = [...registeredTests()];
  send({ t: "plan", count: tests.length });
  for (let i = 0; i < tests.length; i++) {
    const t = tests[i]!;
    const started = now();
    let status: "pass" | "fail" | "error" = "pass";
    let failure: ReturnType<typeof describe> | undefined;
    try {
      await t.fn();
    } catch (e) {
      status = isAssertionError(e) ? "fail" : "error";
      failure = describe(e);
    }
    send({
      t: "result",
      i,
      name: t.name,
      file: t.file,
      ...(t.taskId === undefined ? {} : { taskId: t.taskId }),
      status,
      ...(failure ? { message: failure.name === "AssertionError" ? failure.message : `${failure.name}: ${failure.message}`, details: failure.details } : {}),
      output: take(),
      durationMs: now() - started,
    });
  }
  send({ t: "done", output: take() });
}
