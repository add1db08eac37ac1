// The results object the grader returns (Exercism-runner shape) and the option types of grade().
import type { AssertionDetails } from "./assertion-error.ts";
import type { CompileProblem } from "./compile.ts";
import type { Location } from "./source-map.ts";

export type TestStatus = "pass" | "fail" | "error";
export type Verdict = "pass" | "fail" | "error" | "timeout" | "memory";

export interface TestDetails extends Partial<AssertionDetails> {
  /** Where the failure happened: the learner's line for exceptions, the test's line for assertions. */
  location?: Location;
  /** The mapped stack, one frame a line. */
  stack?: string;
  errorName?: string;
}

export interface TestResult {
  name: string;
  status: TestStatus;
  message?: string;
  /** Console output the test produced, capped. */
  output?: string;
  taskId?: string;
  details?: TestDetails;
  /** The lab file that declared the test ("lab.test.ts" or "hidden.test.ts"). */
  file: string;
  durationMs?: number;
}

export interface GradeResult {
  /** "pass" when every test passed; "fail" when a test failed or threw; "error" when the run itself failed. */
  status: TestStatus;
  /** Like status, but says why a run failed: a time limit ("timeout") or a memory limit ("memory"). */
  verdict: Verdict;
  message?: string;
  tests: TestResult[];
  durationMs: number;
  /** Set for compile errors (syntax errors, missing exports). */
  compileErrors?: CompileProblem[];
  /** Output printed outside any test (module top level), capped. */
  output?: string;
  /** Peak resident memory of the test process, MiB. */
  peakRssMb?: number;
}

export interface GradeOptions {
  labDir: string;
  learnerFile: string;
  /** Test files of the lab to run, in order (default: lab.test.ts and hidden.test.ts). */
  include?: string[];
  /** Wall-clock limit for running the tests, from the moment the bundle is handed over (default 10 000). */
  timeLimitMs?: number;
  /** Resident-memory limit of the test process (default 512). */
  memoryLimitMb?: number;
}

export const DEFAULT_INCLUDE = ["lab.test.ts", "hidden.test.ts"];
export const DEFAULT_TIME_LIMIT_MS = 10_000;
export const DEFAULT_MEMORY_LIMIT_MB = 512;
