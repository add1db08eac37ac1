// Renders a grader result for the terminal: one line per test, then the first failure in full, then a summary.
import type { GradeResult, TestResult } from "../../grader/index.ts";

type T = (key: string, params?: Record<string, string | number>) => string;

const MARK: Record<TestResult["status"], string> = { pass: "✓", fail: "✗", error: "!" };
const MAX_OUTPUT_LINES = 20;

function indent(text: string, by = "  "): string[] {
  return text.split("\n").map((l) => `${by}${l}`);
}

/** The first test that did not pass, if any. */
export function firstFailure(result: GradeResult): TestResult | undefined {
  return result.tests.find((t) => t.status !== "pass");
}

export function renderResult(result: GradeResult, labId: string, t: T): string[] {
  const lines: string[] = [];
  for (const test of result.tests) {
    const hidden = test.file === "hidden.test.ts" ? t("verify.hidden") : "";
    lines.push(`  ${MARK[test.status]} ${test.name}${hidden}`);
  }
  const failed = firstFailure(result);
  const runFailed = result.verdict === "timeout" || result.verdict === "memory" || (result.status === "error" && result.message !== undefined);
  if (failed || runFailed) lines.push("");
  if (failed) {
    lines.push(t("verify.firstFailure", { name: failed.name }));
    if (failed.taskId) lines.push(t("verify.task", { task: failed.taskId }));
    lines.push(...indent(failed.message ?? failed.status));
    if (failed.output) {
      const out = failed.output.trimEnd().split("\n");
      lines.push(t("verify.output"), ...out.slice(0, MAX_OUTPUT_LINES).map((l) => `    ${l}`));
      if (out.length > MAX_OUTPUT_LINES) lines.push(t("verify.moreLines", { count: out.length - MAX_OUTPUT_LINES }));
    }
  }
  // Run-level problems (compile errors, time and memory limits) that are not already the failed test's message.
  if (runFailed && result.message !== undefined && result.message !== failed?.message) {
    if (failed) lines.push("");
    lines.push(...result.message.split("\n"));
  }
  lines.push("");
  const ms = result.durationMs;
  if (result.verdict === "pass") lines.push(t("verify.pass", { lab: labId, count: result.tests.length, ms }));
  else if (result.verdict === "fail") {
    const n = result.tests.filter((x) => x.status !== "pass").length;
    lines.push(t("verify.fail", { lab: labId, failed: n, count: result.tests.length, ms }));
  } else lines.push(t("verify.error", { lab: labId, verdict: t(`verdict.${result.verdict}`) }));
  return lines;
}
