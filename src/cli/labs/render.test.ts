// Rendering a grade: the first failure in full, hidden tests marked, run-level problems shown, every key in en and zh.
import { describe, expect, it } from "vitest";
import type { GradeResult } from "../../grader/index.ts";
import { labs as labsEn } from "../../i18n/en/labs.ts";
import { t } from "../../i18n/index.ts";
import { labs as labsZh } from "../../i18n/zh/labs.ts";
import { renderResult } from "./render.ts";
import { progressBar } from "./watch-screen.ts";
import "./messages.ts";

const en = (key: string, params?: Record<string, string | number>) => t("en", key, params);

describe("renderResult", () => {
  it("lists tests, then the first failure with its task and message, then a summary", () => {
    const result: GradeResult = {
      status: "fail",
      verdict: "fail",
      durationMs: 42,
      tests: [
        { name: "ok", status: "pass", file: "lab.test.ts" },
        { name: "values", status: "fail", file: "lab.test.ts", taskId: "task-2", message: "expectClose: values differ at index [1]\n  expected: 2\n  received: 3", output: "debug line" },
        { name: "secret", status: "error", file: "hidden.test.ts", message: "TypeError: x" },
      ],
    };
    const text = renderResult(result, "lab-x", en).join("\n");
    expect(text).toBe(
      [
        "  ✓ ok",
        "  ✗ values",
        "  ! secret (hidden)",
        "",
        "First failure: values",
        "  (README task: task-2)",
        "  expectClose: values differ at index [1]",
        "    expected: 2",
        "    received: 3",
        "  output:",
        "    debug line",
        "",
        "✗ lab-x: 2 of 3 tests did not pass (42 ms).",
      ].join("\n"),
    );
  });

  it("shows a compile error or a time limit even when no test ran", () => {
    const compile: GradeResult = { status: "error", verdict: "error", durationMs: 5, tests: [], message: "Your code does not compile:\nx.ts:3:4: Expected \";\"" };
    expect(renderResult(compile, "lab-x", en)).toEqual(["", "Your code does not compile:", 'x.ts:3:4: Expected ";"', "", "✗ lab-x: the code did not run."]);
    const timeout: GradeResult = {
      status: "error",
      verdict: "timeout",
      durationMs: 1000,
      tests: [{ name: "slow", status: "error", file: "lab.test.ts", message: "Time limit exceeded: 1000 ms" }],
      message: "Time limit exceeded: 1000 ms",
    };
    const lines = renderResult(timeout, "lab-x", en);
    expect(lines.filter((l) => l.includes("Time limit exceeded"))).toHaveLength(1);
    expect(lines.at(-1)).toBe("✗ lab-x: time limit exceeded.");
  });
});

describe("messages and the progress bar", () => {
  it("every lab message exists in both languages", () => {
    expect(Object.keys(labsZh).sort()).toEqual(Object.keys(labsEn).sort());
    for (const [key, text] of Object.entries(labsEn)) {
      const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(params(labsZh[key]!), key).toEqual(params(text));
    }
  });
  it("the bar fills in proportion", () => {
    expect(progressBar(0, 4, 8)).toBe("░░░░░░░░");
    expect(progressBar(1, 4, 8)).toBe("██░░░░░░");
    expect(progressBar(4, 4, 8)).toBe("████████");
    expect(progressBar(0, 0, 4)).toBe("████");
  });
});
