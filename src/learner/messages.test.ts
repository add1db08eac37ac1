// Every learner-facing message exists in zh-CN and en with the same placeholders, and every code the learner core
// can raise or return has a message.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { learner as en } from "../i18n/en/learner.ts";
import { learner as zh } from "../i18n/zh/learner.ts";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const here = new URL(".", import.meta.url).pathname;
const cliDir = join(here, "../cli/commands");
const sources = [
  ...readdirSync(here).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts")).map((f) => join(here, f)),
  ...readdirSync(cliDir).filter((f) => /^(plan|log|session|placement|review|journal|report|_learner)\.ts$/.test(f)).map((f) => join(cliDir, f)),
].map((f) => readFileSync(f, "utf8"));

describe("learner messages", () => {
  it("have the same keys in both languages", () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });
  it("have the same placeholders in both languages", () => {
    for (const key of Object.keys(en)) expect([key, placeholders(zh[key]!)]).toEqual([key, placeholders(en[key]!)]);
  });
  it("are not left untranslated (zh differs from en except for pure symbols)", () => {
    const same = Object.keys(en).filter((k) => en[k] === zh[k] && /[a-z]{3,}/i.test(en[k]!.replace(/\{\w+\}|llmpath|[a-z-]+ --?[a-z]+/g, "")));
    expect(same).toEqual([]);
  });
  it("cover every error code and message key used in code", () => {
    const used = new Set<string>();
    for (const src of sources) {
      for (const m of src.matchAll(/(?:LearnerError|\bt|c\.t|\.t|key:)\(?\s*"([a-z_]+(?:\.[A-Za-z_]+)+)"/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(30);
    expect([...used].filter((k) => !(k in en) && !k.startsWith("state.") && !k.startsWith("module."))).toEqual([]);
  });
  it("have title, evidence and advice for each trap", () => {
    for (const code of ["framework_first", "theory_only", "fragmented"]) for (const part of ["title", "evidence", "advice"]) expect(en).toHaveProperty([`trap.${code}.${part}`]);
  });
});
