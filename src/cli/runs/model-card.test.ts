// The pure builders: JSONL parsing (with line-numbered problems), run picking, summaries, slugs, and the card's metadata.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { RunRow } from "../../server/experiments-repo.ts";
import { safetensors, tensor } from "../../tensor/index.ts";
import { RunsError, buildConfig, buildReadme, cardMetadata, checkLicense, parseLanguages, parseRunsJsonl, pickRun, slug, summarise, tensorInfo } from "./model-card.ts";

const code = (f: () => unknown): { code: string; params: Record<string, string | number> } => {
  try {
    f();
  } catch (e) {
    if (e instanceof RunsError) return { code: e.code, params: e.params };
    throw e;
  }
  throw new Error("expected a RunsError");
};

const JSONL = ['{"run":"fast","step":0,"loss":2.5,"lr":0.1}', '{"run":"slow","step":0,"loss":2.5}', "", '{"run":"fast","step":1,"loss":1.25,"lr":0.1}', '{"run":"fast","step":2,"loss":1.5}'].join("\n");

const RUN: RunRow = {
  id: 7,
  name: "Tiny GPT: lr=3e-4",
  createdAt: new Date("2026-01-02T03:04:05Z"),
  config: { lr: 3e-4, steps: 3 },
  metrics: {
    loss: [
      { step: 0, value: 3 },
      { step: 1, value: 1 },
      { step: 2, value: 2 },
    ],
    accuracy: [
      { step: 0, value: 0.5 },
      { step: 2, value: 0.75 },
    ],
  },
};

describe("parseRunsJsonl", () => {
  it("groups rows by run, each metric in step order", () => {
    const runs = parseRunsJsonl(JSONL);
    expect([...runs.keys()]).toEqual(["fast", "slow"]);
    expect(runs.get("fast")).toEqual({
      loss: [
        { step: 0, value: 2.5 },
        { step: 1, value: 1.25 },
        { step: 2, value: 1.5 },
      ],
      lr: [
        { step: 0, value: 0.1 },
        { step: 1, value: 0.1 },
      ],
    });
  });

  it("names the line of each problem", () => {
    expect(code(() => parseRunsJsonl('{"run":"a","step":0,"loss":1}\n{"run":"a",'))).toMatchObject({ code: "runs.jsonl.notJson", params: { line: 2 } });
    expect(code(() => parseRunsJsonl("[1]"))).toMatchObject({ code: "runs.jsonl.notObject", params: { line: 1 } });
    expect(code(() => parseRunsJsonl('\n{"step":0,"loss":1}'))).toMatchObject({ code: "runs.jsonl.run", params: { line: 2 } });
    expect(code(() => parseRunsJsonl('{"run":"a","step":1.5,"loss":1}'))).toMatchObject({ code: "runs.jsonl.step", params: { line: 1, value: "1.5" } });
    expect(code(() => parseRunsJsonl('{"run":"a","step":0}'))).toMatchObject({ code: "runs.jsonl.noMetrics", params: { line: 1 } });
    expect(code(() => parseRunsJsonl('{"run":"a","step":0,"loss":"NaN"}'))).toMatchObject({ code: "runs.jsonl.value", params: { line: 1, metric: "loss" } });
    expect(code(() => parseRunsJsonl('{"run":"a","step":0,"loss":1}\n{"run":"a","step":0,"loss":2}'))).toMatchObject({ code: "runs.jsonl.duplicate", params: { line: 2, first: 1 } });
    expect(code(() => parseRunsJsonl("\n \n"))).toMatchObject({ code: "runs.jsonl.empty" });
  });

  it("picks the only run, or the named one", () => {
    const runs = parseRunsJsonl(JSONL);
    expect(code(() => pickRun(runs))).toMatchObject({ code: "runs.import.severalRuns", params: { count: 2, runs: "fast, slow" } });
    expect(code(() => pickRun(runs, "medium"))).toMatchObject({ code: "runs.import.noSuchRun", params: { runs: "fast, slow" } });
    expect(pickRun(runs, "slow")).toEqual({ name: "slow", metrics: { loss: [{ step: 0, value: 2.5 }] } });
  });
});

describe("summaries and names", () => {
  it("final is the last step's value; best is the lowest loss and the highest accuracy", () => {
    expect(summarise(RUN.metrics)).toEqual({ loss: { final: 2, finalStep: 2, best: 1, bestStep: 1 }, accuracy: { final: 0.75, finalStep: 2, best: 0.75, bestStep: 2 } });
  });
  it("slugs names into folder names", () => {
    expect(slug("Tiny GPT: lr=3e-4", 7)).toBe("tiny-gpt-lr-3e-4");
    expect(slug("唐诗", 3)).toBe("run-3");
  });
  it("reads language lists and refuses codes that are not ISO 639", () => {
    expect(parseLanguages("zh, en")).toEqual(["zh", "en"]);
    expect(code(() => parseLanguages("chinese"))).toMatchObject({ code: "export.language", params: { value: "chinese" } });
    expect(checkLicense("Apache-2.0")).toBe("apache-2.0");
    expect(code(() => checkLicense("MIT licence"))).toMatchObject({ code: "export.license", params: { value: "MIT licence" } });
  });
});

describe("the card", () => {
  const bytes = safetensors.save({ "fc.weight": tensor([[1, 2, 3], [4, 5, 6]]), "fc.bias": tensor([0.5, -0.5]) }, undefined, { "fc.bias": "F16" });
  const tensors = tensorInfo(bytes);

  it("lists tensor names, shapes and file dtypes", () => {
    expect(tensors).toEqual([
      { name: "fc.bias", shape: [2], dtype: "F16" },
      { name: "fc.weight", shape: [2, 3], dtype: "F32" },
    ]);
    expect(buildConfig(RUN, tensors)).toMatchObject({ lr: 3e-4, steps: 3, library_name: "llmpath", num_parameters: 8, llmpath_run: { id: 7 } });
  });

  it("front matter parses back with one model-index result per metric holding its final value", () => {
    const readme = buildReadme(RUN, { license: "mit", languages: ["zh", "en"], dataset: "llmpath/tang-poems" }, tensors);
    const m = /^---\n([\s\S]*?)\n---\n/.exec(readme);
    expect(m).not.toBeNull();
    const meta = parse(m![1]!) as Record<string, unknown>;
    expect(meta).toEqual(cardMetadata(RUN, { license: "mit", languages: ["zh", "en"], dataset: "llmpath/tang-poems" }));
    expect(meta).toMatchObject({ language: ["zh", "en"], license: "mit", library_name: "llmpath", datasets: ["llmpath/tang-poems"], metrics: ["accuracy", "loss"] });
    const results = (meta["model-index"] as { name: string; results: { metrics: { type: string; value: number }[] }[] }[])[0]!;
    expect(results.name).toBe("Tiny GPT: lr=3e-4");
    expect(results.results.map((r) => r.metrics[0])).toEqual([
      { type: "accuracy", value: 0.75, name: "accuracy" },
      { type: "loss", value: 2, name: "loss" },
    ]);
    expect(readme).toContain("| loss | 2 | 2 | 1 | 1 |");
    expect(readme).toContain("safetensors.torch import load_file");
  });
});
