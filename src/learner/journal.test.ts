import { describe, expect, it } from "vitest";
import { parseBibtex } from "./bibtex.ts";
import { LearnerError } from "./errors.ts";
import { missingNotes, paperFromBib, papersFromBibtex, parseTags, validateContribution, validatePaper } from "./journal.ts";

const err = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof LearnerError) return { code: e.code, ...e.params };
    throw e;
  }
  return { code: "none" };
};

const BIB = `
% exported from a reference manager
@string{iclr = "International Conference on Learning Representations"}
@comment{ignore {this} please}
@inproceedings{hu2022lora,
  title     = {{LoRA}: Low-Rank Adaptation of Large
               Language Models},
  author    = {Hu, Edward J. and Shen, Yelong},
  booktitle = iclr # " (ICLR)",
  year      = 2022,
  note      = {Oral},
  keywords  = {fine-tuning, LoRA, fine-tuning},
  url       = {https://openreview.net/forum?id=nZeVKeeFYf9},
}
@article{dao2023flash2,
  title = "FlashAttention-2: Faster Attention with Better Parallelism and Work Partitioning",
  journal = {arXiv preprint},
  year = {2023},
  month = jul,
  doi = {10.48550/arXiv.2307.08691}
}
@misc(vaswani2017, title = {Attention Is All You Need}, eprint = {1706.03762}, archivePrefix = {arXiv}, year = 2017)
`;

describe("parseBibtex", () => {
  it("reads braces, quotes, numbers, @string macros, # concatenation, and both delimiters", () => {
    const e = parseBibtex(BIB);
    expect(e.map((x) => [x.type, x.key])).toEqual([
      ["inproceedings", "hu2022lora"],
      ["article", "dao2023flash2"],
      ["misc", "vaswani2017"],
    ]);
    expect(e[0]!.fields.title).toBe("LoRA: Low-Rank Adaptation of Large Language Models");
    expect(e[0]!.fields.booktitle).toBe("International Conference on Learning Representations (ICLR)");
    expect(e[0]!.fields.year).toBe("2022");
    expect(e[1]!.fields.month).toBe("7");
    expect(e[0]!.line).toBe(5);
  });
  it.each([
    ["@article{k1, title = {Unclosed", 1, "unclosed {"],
    ["@article{k1, title {x}}", 1, "expected = after field"],
    ["\n\n@article{k1, title = {a}}\n@article{k1, title = {b}}", 4, "duplicate citation key"],
    ["@article{k1, title = undefinedmacro}", 1, "unknown @string macro"],
    ["@article{k1, title = {a} year = 2020}", 1, "expected , or }"],
    ["@article k1", 1, "expected { after @article"],
  ])("names the line and the problem in %j", (text, line, problem) => {
    const e = err(() => parseBibtex(text, "refs.bib")) as { code: string; line: number; problem: string; file: string };
    expect(e.code).toBe("bibtex.malformed");
    expect(e.file).toBe("refs.bib");
    expect(e.line).toBe(line);
    expect(e.problem).toContain(problem);
  });
  it("refuses a file with no entries", () => {
    expect(err(() => parseBibtex("just some text", "x.bib")).code).toBe("bibtex.empty");
  });
});

describe("papers from BibTeX", () => {
  it("maps venue, year, oral, tags and a link (url, DOI or arXiv)", () => {
    const papers = papersFromBibtex(BIB, "refs.bib", 2025);
    expect(papers[0]).toMatchObject({ venue: "International Conference on Learning Representations (ICLR)", year: 2022, oral: true, tags: ["fine-tuning", "lora"], bibkey: "hu2022lora" });
    expect(papers[1]).toMatchObject({ link: "https://doi.org/10.48550/arXiv.2307.08691", oral: false, year: 2023 });
    expect(papers[2]).toMatchObject({ link: "https://arxiv.org/abs/1706.03762", venue: "arXiv" });
  });
  it("fails the whole import on one bad entry, naming it", () => {
    const e = err(() => papersFromBibtex("@article{a, title={A}, year=2020}\n@article{b, year = 2020}", "r.bib", 2025));
    expect(e).toMatchObject({ code: "bibtex.noTitle", key: "b", line: 2 });
    expect(err(() => paperFromBib({ type: "article", key: "c", line: 3, fields: { title: "T", year: "20x4" } }, 2025))).toMatchObject({ code: "bibtex.badYear", key: "c" });
  });
});

describe("journal validation", () => {
  it("accepts a paper and normalises title and tags", () => {
    expect(validatePaper({ title: "  Attention   Is All You Need ", year: 2017, tags: ["NLP", "nlp", " attention"] }, 2025)).toMatchObject({
      title: "Attention Is All You Need",
      tags: ["nlp", "attention"],
      oral: false,
      link: null,
    });
  });
  it("refuses empty titles, bad years and non-http links", () => {
    expect(err(() => validatePaper({ title: " " }, 2025)).code).toBe("journal.titleMissing");
    expect(err(() => validatePaper({ title: "x", year: 3000 }, 2025)).code).toBe("journal.yearInvalid");
    expect(err(() => validatePaper({ title: "x", link: "javascript:alert(1)" }, 2025)).code).toBe("journal.linkInvalid");
  });
  it("validates contributions: kinds and statuses", () => {
    expect(validateContribution({ project: "vllm", kind: "bug-fix", link: "https://github.com/vllm-project/vllm/pull/1" })).toMatchObject({ kind: "bug_fix", status: "planned" });
    expect(validateContribution({ project: "hf", kind: "Model card", status: "merged" })).toMatchObject({ kind: "model_card", status: "merged" });
    expect(err(() => validateContribution({ project: "x", kind: "tweet" })).code).toBe("journal.kindInvalid");
    expect(err(() => validateContribution({ project: "x", kind: "feature", status: "done-ish" })).code).toBe("journal.statusInvalid");
    expect(err(() => validateContribution({ project: "", kind: "feature" })).code).toBe("journal.projectMissing");
  });
  it("lists template fields still empty, experiments first", () => {
    expect(missingNotes({ results: "x" })).toEqual(["setup", "baselineDelta", "innovation", "reproduce"]);
    expect(parseTags("a, B,,a")).toEqual(["a", "b"]);
  });
});
