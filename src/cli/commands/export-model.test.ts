// `llmpath runs import` → `llmpath runs` → `llmpath export-model`, in-process on a copy of the store template; bad input stores and writes nothing.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runs as en } from "../../i18n/en/runs.ts";
import { runs as zh } from "../../i18n/zh/runs.ts";
import { freshDataDir } from "../../store/testing/pglite-template.ts";
import { safetensors, tensor } from "../../tensor/index.ts";
import { main } from "../main.ts";

let dataDir: string;
let cleanup: () => void;
let work: string;

async function cli(args: string[], lang: "en" | "zh" = "en") {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["node", "llmpath", "--lang", lang, "--data-dir", dataDir, ...args], { out: (l) => out.push(l), err: (l) => err.push(l), env: { ...process.env, LLMPATH_LANG: lang }, isTTY: false });
  const text = out.join("\n");
  return { code, out: text, err: err.join("\n"), json: <T>() => JSON.parse(text) as T };
}

const file = (name: string, content: string | Uint8Array) => {
  const p = join(work, name);
  writeFileSync(p, content);
  return p;
};

// The experiment-tracking lab's toJSONL format: run, step, then the row's metrics in sorted order.
const JSONL = [
  { run: "lr=0.1", step: 0, loss: 2.5, lr: 0.1 },
  { run: "lr=0.01", step: 0, loss: 2.5, lr: 0.01 },
  { run: "lr=0.1", step: 1, loss: 0.75, lr: 0.1 },
  { run: "lr=0.1", step: 2, loss: 0.875, lr: 0.1 },
  { run: "lr=0.1", step: 3, accuracy: 0.625 },
]
  .map((o) => `${JSON.stringify(o)}\n`)
  .join("");

const WEIGHTS = { "fc1.weight": tensor([[0.5, -1.25], [2, 0.125]]), "fc1.bias": tensor([1, -1]) };

beforeAll(async () => {
  ({ dir: dataDir, cleanup } = await freshDataDir());
  work = mkdtempSync(join(tmpdir(), "llmpath-export-"));
});
afterAll(() => {
  cleanup?.();
  rmSync(work, { recursive: true, force: true });
});

describe("llmpath runs / export-model", () => {
  let runId = 0;

  it("has every message in both languages", () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it("imports one run of a JSONL export with its config and lists it with final values", async () => {
    const jsonl = file("runs.jsonl", JSONL);
    const config = file("config.json", JSON.stringify({ lr: 0.1, steps: 4, optimizer: "SGD" }));
    const several = await cli(["runs", "import", jsonl, "--name", "tiny"]);
    expect(several.code).toBe(1);
    expect(several.err).toMatch(/holds 2 runs \(lr=0\.1, lr=0\.01\); choose one with --run/);
    const r = await cli(["runs", "import", jsonl, "--run", "lr=0.1", "--name", "tiny regression", "--config", config, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ name: "tiny regression", metrics: 3, points: 7 });
    runId = r.json<{ id: number }>().id;
    const list = await cli(["runs", "--json"]);
    expect(list.json()).toEqual([{ id: runId, name: "tiny regression", createdAt: expect.any(String), config: { lr: 0.1, steps: 4, optimizer: "SGD" }, final: { loss: 0.875, lr: 0.1, accuracy: 0.625 } }]);
    expect((await cli(["runs"])).out).toContain(`${runId}  tiny regression  `);
  });

  it("exports model.safetensors, config.json and a model card whose metrics are the last logged values", async () => {
    const weights = file("w.safetensors", safetensors.save(WEIGHTS));
    const out = join(work, "card");
    const r = await cli(["export-model", String(runId), "--weights", weights, "--out", out, "--license", "mit", "--language", "zh,en", "--dataset", "llmpath/synthetic"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["README.md", "config.json", "model.safetensors"]);

    const back = safetensors.load(readFileSync(join(out, "model.safetensors")));
    expect(Object.keys(back).sort()).toEqual(["fc1.bias", "fc1.weight"]);
    for (const [name, t] of Object.entries(WEIGHTS)) expect(back[name]!.tolist()).toEqual(t.tolist());

    const config = JSON.parse(readFileSync(join(out, "config.json"), "utf8")) as Record<string, unknown>;
    expect(config).toMatchObject({ lr: 0.1, steps: 4, optimizer: "SGD", library_name: "llmpath", num_parameters: 6 });
    expect(config.tensors).toEqual([
      { name: "fc1.bias", shape: [2], dtype: "F32" },
      { name: "fc1.weight", shape: [2, 2], dtype: "F32" },
    ]);

    const readme = readFileSync(join(out, "README.md"), "utf8");
    const front = /^---\n([\s\S]*?)\n---\n/.exec(readme);
    expect(front).not.toBeNull();
    const meta = parse(front![1]!) as Record<string, unknown>;
    expect(meta).toMatchObject({ language: ["zh", "en"], license: "mit", library_name: "llmpath", datasets: ["llmpath/synthetic"], metrics: ["accuracy", "loss", "lr"] });
    const index = meta["model-index"] as { name: string; results: { dataset: { name: string }; metrics: { type: string; value: number }[] }[] }[];
    expect(index[0]!.name).toBe("tiny regression");
    const reported = Object.fromEntries(index[0]!.results.map((res) => [res.metrics[0]!.type, res.metrics[0]!.value]));
    expect(reported).toEqual({ loss: 0.875, lr: 0.1, accuracy: 0.625 }); // the last logged values, not the best (loss 0.75)
    expect(readme).toContain("| loss | 0.875 | 2 | 0.75 | 1 |");
  });

  it("refuses a malformed JSONL line, naming it, and stores nothing", async () => {
    const bad = file("bad.jsonl", '{"run":"x","step":0,"loss":1}\n{"run":"x","step":1,"loss":}\n');
    const r = await cli(["runs", "import", bad]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`${bad}, line 2: not valid JSON (it starts {"run":"x","step":1,"loss":}); each line must be one object like {"run":"fast","step":0,"loss":2.5}.`);
    const zh = await cli(["runs", "import", file("nan.jsonl", '{"run":"x","step":0,"loss":null}\n')], "zh");
    expect(zh.err).toMatch(/第 1 行：指标 "loss" 必须是有限的数/);
    expect((await cli(["runs", "--json"])).json<unknown[]>()).toHaveLength(1);
  });

  it("names the existing runs for an unknown id", async () => {
    const weights = file("w2.safetensors", safetensors.save(WEIGHTS));
    const r = await cli(["export-model", String(runId + 100), "--weights", weights, "--out", join(work, "nope")]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`There is no run ${runId + 100}; your runs are: ${runId} (tiny regression).`);
  });

  it("refuses corrupt weights in one sentence and a non-empty folder without --force", async () => {
    const good = safetensors.save(WEIGHTS);
    const corrupt = file("corrupt.safetensors", good.subarray(0, good.length - 3));
    const out = join(work, "corrupt-out");
    const r = await cli(["export-model", String(runId), "--weights", corrupt, "--out", out]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^\S+corrupt\.safetensors is not a usable safetensors file: .*truncated.*\.$/);
    expect(r.err.split("\n")).toHaveLength(1);

    const busy = join(work, "busy");
    mkdirSync(busy);
    writeFileSync(join(busy, "notes.txt"), "mine");
    const weights = file("w3.safetensors", good);
    const refused = await cli(["export-model", String(runId), "--weights", weights, "--out", busy]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/is not empty \(1 entries\).*--force/);
    expect(readdirSync(busy)).toEqual(["notes.txt"]);
    const forced = await cli(["export-model", String(runId), "--weights", weights, "--out", busy, "--force"]);
    expect(forced.code).toBe(0);
    expect(readdirSync(busy).sort()).toEqual(["README.md", "config.json", "model.safetensors", "notes.txt"]);
  });
});
