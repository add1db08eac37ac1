// `npm start`'s server: prints its URL, serves the roadmap page and /api/roadmap.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { llmpathAsync, tempDir } from "./cli-helpers.ts";

const REQUIRED = [
  "linear-algebra", "probability-statistics", "dl-toolchain", "transformer-anatomy", "pretraining", "efficient-finetuning",
  "distributed-training", "memory-management", "quantization", "inference-optimization", "prompt-engineering", "llm-safety",
  "multimodal", "research-tracking", "open-source", "domain-depth",
];

describe("llmpath serve", () => {
  let child: ReturnType<typeof llmpathAsync>;
  let url = "";
  beforeAll(async () => {
    child = llmpathAsync(["serve", "--port", "0", "--data-dir", tempDir(), "--lang", "en"]);
    url = await new Promise<string>((resolve, reject) => {
      let out = "";
      let err = "";
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
      child.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
    });
  });
  afterAll(() => {
    child?.kill("SIGTERM");
  });

  it("GET / lists all 5 stages and every required module", async () => {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.match(/<section class="stage"/g)).toHaveLength(5);
    for (const id of REQUIRED) expect(html).toContain(`data-module="${id}"`);
    expect(html).toMatch(/data-module="transformer-anatomy" data-state="locked"/);
  });

  it("GET /?lang=zh renders Chinese", async () => {
    expect(await (await fetch(`${url}?lang=zh`)).text()).toContain("学习路线");
  });

  it("GET /api/roadmap returns stages and modules with hours and prerequisites", async () => {
    const view = (await (await fetch(`${url}api/roadmap`)).json()) as {
      stages: { hours: number; modules: { id: string; hours: number; prerequisites: string[] }[] }[];
    };
    expect(view.stages).toHaveLength(5);
    const modules = view.stages.flatMap((s) => s.modules);
    for (const id of REQUIRED) expect(modules.map((m) => m.id)).toContain(id);
    const ta = modules.find((m) => m.id === "transformer-anatomy")!;
    expect(ta.hours).toBeGreaterThan(0);
    expect(ta.prerequisites.length).toBeGreaterThan(0);
  });

  it("unknown API paths are JSON 404s", async () => {
    const res = await fetch(`${url}api/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });
});
