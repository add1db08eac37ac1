// `llmpath plan` end to end (in-process CLI, fixture route with the article's stage budgets, PGlite template copy).
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readIcs } from "../../learner/ics-read.ts";
import { freshDataDir } from "../../store/testing/pglite-template.ts";
import { runCli, writeContent } from "./_learner-fixture.ts";

let content: string;
let dataDir: string;
let cleanup: () => void;
const out = mkdtempSync(join(tmpdir(), "llmpath-plan-"));
const cli = (args: string[], lang: "en" | "zh" = "en") => runCli(args, { content, dataDir, lang });

beforeAll(async () => {
  content = writeContent();
  ({ dir: dataDir, cleanup } = await freshDataDir());
});
afterAll(() => {
  cleanup?.();
  rmSync(content, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

describe("llmpath plan", () => {
  it("with the article's defaults reports the infeasibility: 900 h, 45 weeks, 35 h/week needed for 6 months", async () => {
    const r = await cli(["plan", "--json"]);
    expect(r.code).toBe(0);
    const p = r.json<{ hoursNeeded: number; weeksNeeded: number; feasible: boolean; settings: { hoursPerWeek: number; deadline: string }; options: { hoursPerWeekNeeded: number }; saved: boolean }>();
    expect(p).toMatchObject({ hoursNeeded: 900, weeksNeeded: 45, feasible: false, saved: true, settings: { hoursPerWeek: 20, deadline: "2025-07-06" } });
    expect(p.options.hoursPerWeekNeeded).toBe(35);
  });

  it("prints the verdict with numbers and the options, in English and Chinese", async () => {
    const en = await cli(["plan"]);
    expect(en.out).toContain("Needed: 900 h = 45 weeks at 20 h/week");
    expect(en.out).toContain("llmpath plan --hours 35");
    const zh = await cli(["plan"], "zh");
    expect(zh.out).toContain("需要：900 小时，按每周 20 小时计为 45 周");
    expect(zh.out).toContain("来不及");
  });

  it("refuses bad input with exit 1 and a clear message, storing nothing", async () => {
    const bad = [
      [["plan", "--hours", "0"], /0 hours a week/],
      [["plan", "--hours", "2x"], /not a number of hours/],
      [["plan", "--deadline", "2024-12-31"], /deadline 2024-12-31 is not in the future/],
      [["plan", "--deadline", "2025-02-30"], /not a valid deadline date/],
      [["plan", "--defer", "nope"], /no such module/],
      [["plan", "--defer", "linear-algebra"], /not optional/],
      [["plan", "--hours", "30", "--ics", join(out, "missing-dir", "p.ics")], /Could not write the calendar/],
    ] as const;
    for (const [args, message] of bad) {
      const r = await cli([...args]);
      expect([args.join(" "), r.code]).toEqual([args.join(" "), 1]);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    }
    const after = (await cli(["plan", "--json"])).json<{ settings: { hoursPerWeek: number } }>();
    expect(after.settings.hoursPerWeek).toBe(20);
  });

  it("writes an .ics file that parses back with one event per study block", async () => {
    const file = join(out, "plan.ics");
    const r = await cli(["plan", "--hours", "35", "--ics", file, "--json"]);
    expect(r.code).toBe(0);
    const p = r.json<{ feasible: boolean; weeks: { blocks: { date: string; time: string; minutes: number; moduleId: string }[] }[]; ics: { events: number } }>();
    expect(p.feasible).toBe(true);
    const blocks = p.weeks.flatMap((w) => w.blocks);
    const events = readIcs(readFileSync(file, "utf8"));
    expect(events.length).toBe(blocks.length);
    expect(p.ics.events).toBe(blocks.length);
    expect(events.map((e) => [e.start, e.minutes])).toEqual(blocks.map((b) => [`${b.date}T${b.time}`, b.minutes]));
    expect(events[0]!.summary).toBe("llmpath · Title of linear-algebra");
    expect(existsSync(`${file}.tmp-${process.pid}`)).toBe(false);
  });

  it("keeps the saved settings, and credits from placement shrink the plan", async () => {
    const before = (await cli(["plan", "--hours", "20", "--json"])).json<{ hoursNeeded: number }>();
    expect(before.hoursNeeded).toBe(900);
    const placed = await cli(["placement", "--module", "linear-algebra", "--answers", "a,98368,3.7415,b"]);
    expect(placed.code).toBe(0);
    expect(placed.out).toContain("credited");
    const after = (await cli(["plan", "--json"])).json<{ hoursNeeded: number; weeksNeeded: number; credited: string[]; settings: { hoursPerWeek: number } }>();
    expect(after).toMatchObject({ hoursNeeded: 850, weeksNeeded: 43, credited: ["linear-algebra"], settings: { hoursPerWeek: 20 } });
  });

  it("re-plans from today after slippage, with the same deadline", async () => {
    const later = await runCli(["plan", "--json"], { content, dataDir, now: "2025-02-03T09:00:00" });
    const p = later.json<{ from: string; settings: { deadline: string }; slippage: { behindHours: number; slipped: boolean }; saved: boolean }>();
    expect(p.from).toBe("2025-02-03");
    expect(p.settings.deadline).toBe("2025-07-06");
    expect(p.saved).toBe(false);
    // four weeks at 20 h/week expected 80 h; the credit (50 h) counts as progress
    expect(p.slippage).toMatchObject({ behindHours: 30, slipped: true });
    const text = await runCli(["plan"], { content, dataDir, now: "2025-02-03T09:00:00" });
    expect(text.out).toContain("You are 30 h behind");
  });
});
