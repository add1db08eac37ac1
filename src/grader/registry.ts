// Collects the tests a lab's test files declare with `test`/`describe`, in file order, for the harness to run.

export interface TestOptions {
  /** Links the test to a README task heading (e.g. "task-2"), so the UI can point at the task. */
  taskId?: string;
}

export interface RegisteredTest {
  name: string;
  fn: () => unknown;
  taskId?: string;
  /** The test file that declared it (e.g. "lab.test.ts"). */
  file: string;
}

interface Scope {
  name: string;
  taskId?: string;
}

const registered: RegisteredTest[] = [];
const scopes: Scope[] = [];
let currentFile = "";

/** Called by the harness before loading each test file. */
export function setCurrentFile(file: string): void {
  currentFile = file;
  scopes.length = 0;
}

export function registeredTests(): readonly RegisteredTest[] {
  return registered;
}

/** Forgets everything registered (used by unit tests of the registry itself). */
export function resetRegistry(): void {
  registered.length = 0;
  scopes.length = 0;
  currentFile = "";
}

/** Declares a test; `fn` may be sync or async. Names inside `describe` blocks are joined with " › ". */
export function test(name: string, fn: () => unknown, options: TestOptions = {}): void {
  if (typeof name !== "string" || name === "") throw new TypeError("test(name, fn): name must be a non-empty string");
  if (typeof fn !== "function") throw new TypeError(`test("${name}", fn): fn must be a function`);
  const inherited = [...scopes].reverse().find((s) => s.taskId !== undefined)?.taskId;
  const taskId = options.taskId ?? inherited;
  const fullName = [...scopes.map((s) => s.name), name].join(" › ");
  registered.push({ name: fullName, fn, file: currentFile, ...(taskId === undefined ? {} : { taskId }) });
}

/** `it` is an alias of `test`, for people used to vitest/jest. */
export const it = test;

/** Groups tests; `fn` runs immediately and must be synchronous. A `taskId` here applies to the tests inside. */
export function describe(name: string, fn: () => void, options: TestOptions = {}): void {
  scopes.push({ name, ...(options.taskId === undefined ? {} : { taskId: options.taskId }) });
  try {
    const result: unknown = fn();
    if (result !== null && typeof result === "object" && typeof (result as PromiseLike<unknown>).then === "function") {
      throw new TypeError(`describe("${name}", fn): fn must be synchronous; put async code inside test()`);
    }
  } finally {
    scopes.pop();
  }
}
