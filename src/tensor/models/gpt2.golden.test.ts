// tiny-gpt2 golden: load the Hugging Face-layout safetensors, reproduce PyTorch's logits, generate deterministically.
import { describe, expect, it } from "vitest";
import { tensor } from "../core.ts";
import { firstMismatch, fixtureBytes, fixtureJson } from "../io/fixtures.ts";
import { load } from "../io/safetensors.ts";
import { loadGPT2 } from "./index.ts";

interface Expected {
  config: { vocab_size: number; n_positions: number; n_embd: number; n_layer: number; n_head: number; layer_norm_epsilon: number };
  input_ids: { shape: number[]; data: number[] };
  logits: { shape: number[]; data: number[] };
  atol: number;
  rtol: number;
}

const expected = fixtureJson<Expected>("tiny-gpt2.expected.json");
const bytes = fixtureBytes("tiny-gpt2.safetensors");
const ids = () => tensor(Int32Array.from(expected.input_ids.data), { shape: expected.input_ids.shape, dtype: "int32" });

describe("tiny-gpt2 golden", () => {
  const model = loadGPT2(bytes, expected.config);

  it("tiny-gpt2 logits", () => {
    const logits = model.forward(ids());
    expect(logits.shape).toEqual(expected.logits.shape);
    expect(firstMismatch(logits.toFloat64Array(), expected.logits.data, expected.atol, expected.rtol)).toBeNull();
  });

  it("accepts camelCase config, number[][] ids and a transformer. prefix", () => {
    const c = expected.config;
    const prefixed = Object.fromEntries(Object.entries(load(bytes)).map(([k, t]) => [`transformer.${k}`, t]));
    const m2 = loadGPT2(prefixed, { nLayer: c.n_layer, nHead: c.n_head, nEmbd: c.n_embd, vocabSize: c.vocab_size, nPositions: c.n_positions });
    const rows = [expected.input_ids.data.slice(0, 10)];
    const logits = m2.forward(rows);
    expect(logits.shape).toEqual([1, 10, 64]);
    expect(firstMismatch(logits.toFloat64Array(), expected.logits.data.slice(0, 640), expected.atol, expected.rtol)).toBeNull();
    expect(model.parameters()).toHaveLength(4 + 12 * 2);
  });

  it("generates greedily = repeated argmax of forward", () => {
    const prompt = [expected.input_ids.data.slice(0, 4)];
    const out = model.generate(prompt, { maxNewTokens: 3, temperature: 0 }) as number[][];
    const manual = prompt.map((r) => [...r]);
    for (let s = 0; s < 3; s++) {
      const row = model.forward(manual).select(1, manual[0]!.length - 1).select(0, 0);
      manual[0]!.push(row.argmax().item());
    }
    expect(out).toEqual(manual);
  });

  it("samples deterministically with a seed, and topK 1 is greedy", () => {
    const prompt = ids().slice(1, 0, 3);
    const a = model.generate(prompt, { maxNewTokens: 4, seed: 7 });
    const b = model.generate(prompt, { maxNewTokens: 4, seed: 7 });
    expect((a as ReturnType<typeof tensor>).tolist()).toEqual((b as ReturnType<typeof tensor>).tolist());
    expect((a as ReturnType<typeof tensor>).shape).toEqual([2, 7]);
    const k1 = model.generate(prompt, { maxNewTokens: 4, topK: 1, seed: 3 }) as ReturnType<typeof tensor>;
    const greedy = model.generate(prompt, { maxNewTokens: 4, temperature: 0 }) as ReturnType<typeof tensor>;
    expect(k1.tolist()).toEqual(greedy.tolist());
    // generating past the block size crops the context instead of failing
    const long = model.generate([expected.input_ids.data.slice(0, 10)], { maxNewTokens: 8, temperature: 0 }) as number[][];
    expect(long[0]).toHaveLength(18);
  });

  it("explains bad weights, configs and ids", () => {
    const w = load(bytes);
    const c = expected.config;
    const { "h.1.mlp.c_fc.bias": _dropped, ...missing } = w;
    expect(() => loadGPT2(missing, c)).toThrow(/loadGPT2: missing tensor "h.1.mlp.c_fc.bias" \(expected shape \[128\]\)/);
    expect(() => loadGPT2(w, { ...c, n_embd: 48 })).toThrow(/loadGPT2: tensor "wte.weight" has shape \[64, 32\] but config .* expects \[64, 48\]/);
    expect(() => loadGPT2(w, { ...c, n_layer: 1 })).toThrow(/the weights have a layer 1 \("h.1.[\w.]+"\) but config.nLayer is 1/);
    expect(() => loadGPT2(w, { ...c, n_head: 0 })).toThrow(/config.nHead \(or n_head\) must be a positive integer, got 0/);
    expect(() => model.forward([Array(17).fill(1)])).toThrow("Cannot forward sequence of length 17, block size is only 16");
    expect(() => model.forward([[1, 64]])).toThrow(/token id 64 at \[0, 1\] is out of range for vocabSize 64/);
    expect(() => model.forward(tensor([[1, 2]]))).toThrow(/ids must be int32 token ids, got float32/);
  });
});
