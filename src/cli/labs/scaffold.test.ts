// The workspace writer: the visible-test copy imports the learner's file; nothing a learner wrote is overwritten.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCurriculum } from "../../curriculum/index.ts";
import { tempDir } from "../../../test/cli-helpers.ts";
import { FIXTURE_CONTENT } from "../../../test/labs-helpers.ts";
import { scaffoldWorkspace, workspaceTestSource } from "./scaffold.ts";

describe("workspaceTestSource", () => {
  it("points `learner` imports at ./<lab>.ts and says edits change nothing", () => {
    const src = 'import { a, b } from "learner";\nimport x from \'learner\';\nconst m = await import("learner");\nimport { t } from "llmpath/testing";\n';
    const out = workspaceTestSource(src, "svd");
    expect(out).toMatch(/^\/\/ A copy of the lab's visible tests.*llmpath verify svd/);
    expect(out).toContain('from "./svd.ts";');
    expect(out).toContain("from './svd.ts';");
    expect(out).toContain('import("./svd.ts")');
    expect(out).toContain('from "llmpath/testing"');
    expect(out).not.toMatch(/["']learner["']/);
  });
});

describe("scaffoldWorkspace", () => {
  it("creates every file once; the second run skips them all and keeps edits", () => {
    const root = join(tempDir(), "ws");
    const labs = [...loadCurriculum(FIXTURE_CONTENT).labs.values()];
    const first = scaffoldWorkspace(root, labs);
    expect(first.skipped).toEqual([]);
    expect(first.labsAdded).toHaveLength(labs.length);
    expect(first.created).toEqual(expect.arrayContaining([".llmpath/workspace.json", "package.json", "tsconfig.json", "README.md", "basics/trace/trace.ts"]));
    writeFileSync(join(root, "basics/trace/trace.ts"), "mine");
    writeFileSync(join(root, "tsconfig.json"), "{}");
    const second = scaffoldWorkspace(root, labs);
    expect(second.created).toEqual([]);
    expect(second.labsAdded).toEqual([]);
    expect(second.skipped.sort()).toEqual(first.created.sort());
    expect(readFileSync(join(root, "basics/trace/trace.ts"), "utf8")).toBe("mine");
    expect(readFileSync(join(root, "tsconfig.json"), "utf8")).toBe("{}");
  });
});
