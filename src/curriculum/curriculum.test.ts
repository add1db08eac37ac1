// The shipped curriculum is valid, and each kind of corruption is reported with its file and field.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { allPrerequisites, DEFAULT_CONTENT_DIR, loadCurriculum, loadCurriculumWithProblems, topologicalOrder, unlocked } from "./index.ts";

const REQUIRED: Record<string, string[]> = {
  foundations: ["linear-algebra", "probability-statistics", "dl-toolchain"],
  "model-internals": ["transformer-anatomy", "pretraining", "efficient-finetuning"],
  engineering: ["distributed-training", "memory-management", "quantization", "inference-optimization"],
  breakthroughs: ["prompt-engineering", "llm-safety", "multimodal"],
  "continuous-evolution": ["research-tracking", "open-source", "domain-depth"],
};

describe("the shipped curriculum", () => {
  const c = loadCurriculum();

  it("has the five stages in order with the article's budgets", () => {
    expect(c.stages.map((s) => s.id)).toEqual(Object.keys(REQUIRED));
    expect(c.stages.slice(0, 3).map((s) => s.hours)).toEqual([200, 300, 400]);
  });

  it("contains every required module in its stage", () => {
    for (const [stage, ids] of Object.entries(REQUIRED)) {
      for (const id of ids) expect(c.modules.get(id)?.stage, id).toBe(stage);
    }
  });

  it("orders modules so that prerequisites come first", () => {
    const order = topologicalOrder(c);
    expect(order).toHaveLength(c.modules.size);
    for (const m of c.modules.values()) for (const p of m.prerequisites) expect(order.indexOf(p)).toBeLessThan(order.indexOf(m.id));
  });

  it("answers graph queries", () => {
    const pre = allPrerequisites(c, "transformer-anatomy");
    expect(pre).toContain("linear-algebra");
    expect(pre).not.toContain("transformer-anatomy");
    const first = unlocked(c, new Set());
    expect(first).toContain("linear-algebra");
    expect(first).not.toContain("transformer-anatomy");
  });
});

describe("corrupted copies of the content", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** Copies roadmap.yaml and modules/ into a temp folder, lets `mutate` edit it, and returns the problems. */
  function corrupt(mutate: (root: string) => void) {
    const root = mkdtempSync(join(tmpdir(), "llmpath-content-"));
    dirs.push(root);
    cpSync(join(DEFAULT_CONTENT_DIR, "roadmap.yaml"), join(root, "roadmap.yaml"));
    cpSync(join(DEFAULT_CONTENT_DIR, "modules"), join(root, "modules"), { recursive: true });
    mutate(root);
    return loadCurriculumWithProblems(root).problems;
  }
  const editYaml = (file: string, edit: (doc: Record<string, unknown>) => void) => {
    const doc = parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    edit(doc);
    writeFileSync(file, stringify(doc));
  };
  const mod = (root: string, stage: string, id: string) => join(root, "modules", stage, id, "module.yaml");

  it("the pristine copy has no problems", () => {
    expect(corrupt(() => {})).toEqual([]);
  });

  it("duplicate module id", () => {
    const problems = corrupt((root) => {
      cpSync(join(root, "modules/foundations/linear-algebra"), join(root, "modules/foundations/linear-algebra-2"), { recursive: true });
    });
    expect(problems).toContainEqual(
      expect.objectContaining({ file: "modules/foundations/linear-algebra-2/module.yaml", path: "id", message: expect.stringContaining('duplicate module id "linear-algebra"') }),
    );
  });

  it("unknown prerequisite", () => {
    const problems = corrupt((root) => editYaml(mod(root, "model-internals", "pretraining"), (d) => (d.prerequisites = ["no-such-module"])));
    expect(problems).toContainEqual(
      expect.objectContaining({ file: "modules/model-internals/pretraining/module.yaml", path: "prerequisites[0]", message: 'unknown prerequisite "no-such-module"' }),
    );
  });

  it("a cycle", () => {
    const problems = corrupt((root) => {
      editYaml(mod(root, "foundations", "linear-algebra"), (d) => (d.prerequisites = ["probability-statistics"]));
      editYaml(mod(root, "foundations", "probability-statistics"), (d) => (d.prerequisites = ["linear-algebra"]));
    });
    const cycle = problems.find((p) => p.message.includes("cycle"));
    expect(cycle?.path).toBe("prerequisites");
    expect(cycle?.file).toMatch(/modules\/foundations\/(linear-algebra|probability-statistics)\/module\.yaml/);
    expect(cycle?.message).toMatch(/linear-algebra → probability-statistics → linear-algebra|probability-statistics → linear-algebra → probability-statistics/);
  });

  it("a prerequisite in a later stage", () => {
    const problems = corrupt((root) => editYaml(mod(root, "foundations", "dl-toolchain"), (d) => (d.prerequisites = ["quantization"])));
    expect(problems).toContainEqual(
      expect.objectContaining({ file: "modules/foundations/dl-toolchain/module.yaml", path: "prerequisites[0]", message: expect.stringContaining("later stage") }),
    );
  });

  it("missing zh text", () => {
    const problems = corrupt((root) =>
      editYaml(mod(root, "engineering", "quantization"), (d) => {
        const objectives = d.objectives as { zh?: string }[];
        delete objectives[1]!.zh;
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ file: "modules/engineering/quantization/module.yaml", path: "objectives[1].zh", message: "missing zh text" }),
    );
  });

  it("wrong hour sum", () => {
    const problems = corrupt((root) => editYaml(mod(root, "foundations", "linear-algebra"), (d) => (d.hours = (d.hours as number) + 7)));
    expect(problems).toContainEqual(
      expect.objectContaining({ file: "roadmap.yaml", path: "stages[0].hours", message: expect.stringMatching(/budgets 200 h but its modules add up to 207 h/) }),
    );
  });

  it("broken YAML and missing files", () => {
    const problems = corrupt((root) => {
      writeFileSync(mod(root, "breakthroughs", "multimodal"), "id: [unclosed\n");
      rmSync(join(root, "modules/breakthroughs/llm-safety/notes.zh.md"));
    });
    expect(problems).toContainEqual(expect.objectContaining({ file: "modules/breakthroughs/multimodal/module.yaml", message: expect.stringContaining("not valid YAML") }));
    expect(problems).toContainEqual(expect.objectContaining({ file: "modules/breakthroughs/llm-safety/notes.zh.md", message: "file is missing" }));
  });
});
