// The foundation CLI end to end: roadmap, module, start (refused, then overridden), done, status, restart, kill -9.
import { describe, expect, it } from "vitest";
import { llmpath, llmpathAsync, tempDir } from "./cli-helpers.ts";

describe("llmpath CLI on a new profile", () => {
  const dataDir = tempDir();
  const run = (...args: string[]) => llmpath([...args, "--data-dir", dataDir]);

  it("roadmap --json shows the stage budgets and module hours summing to them", () => {
    const r = run("roadmap", "--json");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const view = JSON.parse(r.stdout) as { stages: { id: string; hours: number; moduleHours: number; modules: { id: string; prerequisites: string[] }[] }[] };
    expect(view.stages.map((s) => s.hours).slice(0, 3)).toEqual([200, 300, 400]);
    for (const s of view.stages) expect(s.moduleHours).toBe(s.hours);
    expect(view.stages.flatMap((s) => s.modules.map((m) => m.id))).toContain("transformer-anatomy");
  });

  it("refuses to start a module whose foundations are missing, naming them and why", () => {
    const r = run("start", "transformer-anatomy", "--lang", "en");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cannot start transformer-anatomy yet: first finish .*linear-algebra/);
    expect(r.stderr).toMatch(/Why: /);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("--skip-prereqs needs --reason (usage error, exit 2)", () => {
    const r = run("start", "transformer-anatomy", "--skip-prereqs");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--reason/);
  });

  it("starts with --skip-prereqs --reason and stores the override; it survives a restart", () => {
    const r = run("start", "transformer-anatomy", "--skip-prereqs", "--reason", "I wrote attention at work", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: "transformer-anatomy", state: "in_progress", override: { reason: "I wrote attention at work" } });
    const s = JSON.parse(run("status", "--json").stdout) as { inProgress: string[]; overridden: string[] };
    expect(s.inProgress).toContain("transformer-anatomy");
    expect(s.overridden).toContain("transformer-anatomy");
  });

  it("done unlocks the next modules; a normal start works", () => {
    expect(run("start", "linear-algebra").code).toBe(0);
    const d = JSON.parse(run("done", "linear-algebra", "--json").stdout) as { state: string };
    expect(d.state).toBe("done");
    const m = JSON.parse(run("module", "linear-algebra", "--json").stdout) as { state: string; objectives: unknown[] };
    expect(m.state).toBe("done");
    expect(m.objectives.length).toBeGreaterThanOrEqual(3);
  });

  it("state survives a kill -9 in the middle of a command", async () => {
    for (const delay of [150, 600, 1200]) {
      const child = llmpathAsync(["start", "probability-statistics", "--data-dir", dataDir]);
      await new Promise((r) => setTimeout(r, delay));
      // the command may already have finished (then there is nothing to kill, and no exit event left to wait for)
      const exited = new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once("exit", r)));
      child.kill("SIGKILL");
      await exited;
    }
    const s = JSON.parse(run("status", "--json").stdout) as { done: string[]; inProgress: string[] };
    expect(s.done).toContain("linear-algebra");
    expect(s.inProgress).toContain("transformer-anatomy");
    expect(run("start", "probability-statistics").code).toBe(0);
    expect((JSON.parse(run("status", "--json").stdout) as { inProgress: string[] }).inProgress).toContain("probability-statistics");
  }, 180_000);
});

describe("bad input", () => {
  const dataDir = tempDir();
  it("an unknown module id names close matches", () => {
    const r = llmpath(["module", "linear-algebr", "--data-dir", dataDir, "--lang", "en"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Unknown module "linear-algebr".*linear-algebra/);
  });
  it("a typo in a flag is a usage error with a suggestion", () => {
    const r = llmpath(["roadmap", "--jsno"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--jsno'/);
    expect(r.stderr).toMatch(/--json/);
  });
  it("an unknown command is a usage error", () => {
    expect(llmpath(["roadmapp"]).code).toBe(2);
  });
  it("an unwritable data directory is one clear sentence", () => {
    const r = llmpath(["status", "--data-dir", "/proc/llmpath-cannot-write-here"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\/proc\/llmpath-cannot-write-here/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it("--lang zh speaks Chinese and defaults follow the locale", () => {
    expect(llmpath(["roadmap", "--lang", "zh", "--data-dir", dataDir]).stdout).toMatch(/学习路线/);
    expect(llmpath(["roadmap", "--data-dir", dataDir], { env: { LANG: "zh_CN.UTF-8" } }).stdout).toMatch(/学习路线/);
    expect(llmpath(["roadmap", "--data-dir", dataDir], { env: { LANG: "en_US.UTF-8" } }).stdout).toMatch(/learning route|The llmpath route/);
  });
});
