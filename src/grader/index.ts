// Public API of the grader for the CLI, the server and curriculum checks.
export { grade } from "./grade.ts";
export { WatchGrader } from "./watch.ts";
export type { CompileProblem } from "./compile.ts";
export type { GradeOptions, GradeResult, TestDetails, TestResult, TestStatus, Verdict } from "./result.ts";
export { DEFAULT_INCLUDE, DEFAULT_MEMORY_LIMIT_MB, DEFAULT_TIME_LIMIT_MS } from "./result.ts";
export type { Location } from "./source-map.ts";
