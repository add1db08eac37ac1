// `llmpath journal`: papers (with BibTeX import, all or nothing), the experiments-first template, contributions.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDataDir } from "../../store/testing/pglite-template.ts";
import { runCli, writeContent } from "./_learner-fixture.ts";

let content: string;
let dataDir: string;
let cleanup: () => void;
const files = mkdtempSync(join(tmpdir(), "llmpath-bib-"));
const cli = (args: string[], lang: "en" | "zh" = "en") => runCli(args, { content, dataDir, lang });
const bib = (name: string, text: string) => {
  const f = join(files, name);
  writeFileSync(f, text);
  return f;
};

beforeAll(async () => {
  content = writeContent();
  ({ dir: dataDir, cleanup } = await freshDataDir());
});
afterAll(() => {
  cleanup?.();
  rmSync(content, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

const GOOD = `@inproceedings{hu2022lora, title={{LoRA}: Low-Rank Adaptation}, booktitle={ICLR}, year=2022, note={Oral}, url={https://arxiv.org/abs/2106.09685}}
@article{dao2023, title={FlashAttention-2}, journal={arXiv}, year={2023}, doi={10.48550/arXiv.2307.08691}, keywords={kernels, attention}}`;

describe("llmpath journal", () => {
  it("adds a paper and shows the experiments-first template", async () => {
    const add = await cli(["journal", "add", "Attention Is All You Need", "--venue", "NeurIPS", "--year", "2017", "--oral", "--tags", "transformer", "--json"]);
    expect(add.json()).toMatchObject({ id: 1, title: "Attention Is All You Need", venue: "NeurIPS", year: 2017, oral: true, tags: ["transformer"] });
    const show = await cli(["journal", "show", "1"]);
    expect(show.out.indexOf("1. Setup")).toBeLessThan(show.out.indexOf("4. The claimed innovation"));
    expect(show.out).toContain('llmpath journal note 1 --setup "…"');
    const note = await cli(["journal", "note", "1", "--setup", "WMT14 en-de, 8 P100", "--results", "28.4 BLEU", "--json"]);
    expect(note.json()).toMatchObject({ notes: { setup: "WMT14 en-de, 8 P100", results: "28.4 BLEU" }, missing: ["baselineDelta", "innovation", "reproduce"] });
    expect((await cli(["journal", "show", "1"], "zh")).out).toContain("1. 实验设置");
  });

  it("imports BibTeX, skipping papers already there", async () => {
    const f = bib("good.bib", GOOD);
    const first = await cli(["journal", "import", f, "--json"]);
    expect(first.json<{ added: { bibkey: string; oral: boolean }[] }>().added.map((p) => [p.bibkey, p.oral])).toEqual([
      ["hu2022lora", true],
      ["dao2023", false],
    ]);
    const again = await cli(["journal", "import", f]);
    expect(again.out).toContain("Imported 0 paper(s)");
    expect(again.out).toContain("Skipped 2 already in your journal: hu2022lora, dao2023");
    expect((await cli(["journal", "list", "--tag", "kernels", "--json"])).json<{ title: string }[]>().map((p) => p.title)).toEqual(["FlashAttention-2"]);
  });

  it("refuses malformed BibTeX and bad input with exit 1, importing nothing", async () => {
    const cases = [
      [["journal", "import", bib("broken.bib", `@article{ok1, title={Fine}, year=2020}\n\n@article{bad, title={Unclosed, year=2021\n`)], /broken\.bib, line 3: malformed BibTeX: unclosed \{/],
      [["journal", "import", bib("notitle.bib", "@article{x1, year=2020}")], /"x1" \(line 1\) has no title/],
      [["journal", "import", join(files, "missing.bib")], /Cannot read .*missing\.bib: ENOENT/],
      [["journal", "add", "X", "--year", "20x4"], /not a year/],
      [["journal", "add", "X", "--link", "ftp://x"], /not a web link/],
      [["journal", "show", "99"], /no paper #99/],
      [["journal", "show", "abc"], /"abc" is not a number/],
      [["journal", "note", "1"], /Nothing to change/],
    ] as const;
    for (const [args, message] of cases) {
      const r = await cli([...args]);
      expect([args.join(" "), r.code]).toEqual([args.join(" "), 1]);
      expect(r.err).toMatch(message);
    }
    expect((await cli(["journal", "list", "--json"])).json<unknown[]>().length).toBe(3);
  });

  it("tracks contributions", async () => {
    const add = await cli(["journal", "contrib", "add", "vllm", "--kind", "feature", "--link", "https://github.com/vllm-project/vllm/pull/1", "--json"]);
    expect(add.json()).toMatchObject({ id: 1, project: "vllm", kind: "feature", status: "planned" });
    expect((await cli(["journal", "contrib", "set", "1", "--status", "merged"])).out).toBe("Contribution #1 is now merged.");
    expect((await cli(["journal", "contrib", "list"], "zh")).out).toContain("#1 vllm · 新功能 · merged");
    const bad = await cli(["journal", "contrib", "add", "hf", "--kind", "tweet"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/use one of: model_card, feature, bug_fix, discussion/);
    expect((await cli(["journal", "contrib", "set", "7", "--status", "merged"])).err).toMatch(/no contribution #7/);
  });
});
