// `llmpath report`: each trap scenario (traps.fixtures.ts) stored for real, then the report must name exactly the
// expected trap (or not name it); plus the hours, modules and next steps of a plain week.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRAP_SCENARIOS, type TrapScenario } from "../../learner/traps.fixtures.ts";
import { type Store, openStore } from "../../store/index.ts";
import { freshDataDir } from "../../store/testing/pglite-template.ts";
import { runCli, writeContent } from "./_learner-fixture.ts";

let content: string;
let dataDir: string;
let cleanup: () => void;
const NOW = new Date("2025-03-01T12:00:00");
const cli = (args: string[], lang: "en" | "zh" = "en") => runCli(args, { content, dataDir, now: NOW.toISOString(), lang });

beforeAll(async () => {
  content = writeContent();
  ({ dir: dataDir, cleanup } = await freshDataDir());
});
afterAll(() => {
  cleanup?.();
  rmSync(content, { recursive: true, force: true });
});

/** Replaces the local learner's history with the scenario's, timestamps relative to NOW. */
async function store(s: TrapScenario): Promise<void> {
  const db: Store = await openStore({ dataDir });
  try {
    const id = (await db.ensureLearner("local")).id;
    const at = (daysAgo: number) => new Date(NOW.getTime() - Math.round(daysAgo * 86_400_000));
    await db.db.transaction().execute(async (tx) => {
      for (const table of ["module_status", "prerequisite_overrides", "study_sessions", "lab_attempts"] as const) await tx.deleteFrom(table).where("learner_id", "=", id).execute();
      for (const x of s.statuses ?? []) {
        const when = at(x.daysAgo);
        await tx
          .insertInto("module_status")
          .values({ learner_id: id, module_id: x.moduleId, status: x.status, origin: x.origin ?? "self", reason: x.origin === "override" ? "fixture" : null, started_at: when, done_at: x.status === "done" ? when : null, updated_at: when })
          .execute();
      }
      for (const o of s.overrides ?? []) await tx.insertInto("prerequisite_overrides").values({ learner_id: id, module_id: o.moduleId, missing: JSON.stringify(o.missing), reason: "fixture", created_at: at(o.daysAgo) }).execute();
      for (const x of s.sessions ?? []) await tx.insertInto("study_sessions").values({ learner_id: id, module_id: x.moduleId, kind: x.kind, minutes: x.minutes, started_at: at(x.daysAgo) }).execute();
      for (const l of s.labs ?? [])
        await tx.insertInto("lab_attempts").values({ learner_id: id, lab_id: l.labId, code_hash: "fixture", verdict: l.verdict, duration_ms: 10, result: JSON.stringify({ status: l.verdict }), created_at: at(l.daysAgo) }).execute();
    });
  } finally {
    await db.close();
  }
}

interface ReportJson {
  traps: { code: string; severity: string; evidence: Record<string, unknown> }[];
  hours: { logged: number; target: number };
  next: { key: string }[];
}

describe("llmpath report names the trap of each scenario", () => {
  for (const s of TRAP_SCENARIOS) {
    it(`${s.fires ? "names" : "does not name"} ${s.trap}: ${s.name}`, async () => {
      await store(s);
      const r = await cli(["report", "--json"]);
      expect(r.code).toBe(0);
      const codes = r.json<ReportJson>().traps.map((t) => t.code);
      if (s.fires) expect(codes).toContain(s.trap);
      else expect(codes).not.toContain(s.trap);
    });
  }
});

describe("llmpath report text", () => {
  it("shows the trap with its numbers and advice, in both languages", async () => {
    await store(TRAP_SCENARIOS.find((s) => s.name.startsWith("twenty reading hours in four weeks"))!);
    const en = await cli(["report"]);
    expect(en.out).toContain("⚠ Theory only: reading without building [high]");
    expect(en.out).toContain("20 h of reading in the last 28 days, 0 h of labs or projects, 0 lab(s) passed (labs ever run: 0).");
    expect(en.out).toContain("do lab la-1 now");
    expect(en.out).toMatch(/Next three steps:\n {2}1\. /);
    const zh = await cli(["report"], "zh");
    expect(zh.out).toContain("⚠ 只读不练：看了很多，动手太少【严重】");
    expect(zh.out).toContain("最近 28 天阅读 20 小时");
  });

  it("--week covers seven days against a weekly target", async () => {
    const r = (await cli(["report", "--week", "--json"])).json<ReportJson & { period: { days: number } }>();
    expect(r.period.days).toBe(7);
    expect(r.hours.target).toBe(20);
    expect(r.hours.logged).toBe(4); // two of the ten 2-hour sessions fall in the last 7 days
  });
});
