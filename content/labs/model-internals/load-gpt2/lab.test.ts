// Loading GPT-2: the tests shown to the learner — header parsing, decoding, Conv1D, forward and generation vs the engine.
import { conv1d, generate, gpt2Forward, loadTensors, parseHeader, toLinearWeight } from "learner";
import { F, manualSeed, models, randn, safetensors, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectThrows, expectTrue, test } from "llmpath/testing";

const CFG = { vocabSize: 20, nPositions: 8, nEmbd: 16, nLayer: 2, nHead: 2, layerNormEpsilon: 1e-5 };

/** Random GPT-2-layout weights with Hugging Face names (Conv1D weights (in, out)), seeded. */
function randomGPT2(seed: number): Record<string, Tensor> {
  manualSeed(seed);
  const C = CFG.nEmbd;
  const w: Record<string, Tensor> = { "wte.weight": randn([CFG.vocabSize, C]).mul(0.3), "wpe.weight": randn([CFG.nPositions, C]).mul(0.1) };
  for (let l = 0; l < CFG.nLayer; l++) {
    const shapes: [string, number[]][] = [
      ["ln_1.weight", [C]], ["ln_1.bias", [C]], ["ln_2.weight", [C]], ["ln_2.bias", [C]],
      ["attn.c_attn.weight", [C, 3 * C]], ["attn.c_attn.bias", [3 * C]], ["attn.c_proj.weight", [C, C]], ["attn.c_proj.bias", [C]],
      ["mlp.c_fc.weight", [C, 4 * C]], ["mlp.c_fc.bias", [4 * C]], ["mlp.c_proj.weight", [4 * C, C]], ["mlp.c_proj.bias", [C]],
    ];
    for (const [n, s] of shapes) w[`h.${l}.${n}`] = n.startsWith("ln") && n.endsWith("weight") ? randn(s).mul(0.1).add(1) : randn(s).mul(0.2);
  }
  w["ln_f.weight"] = randn([C]).mul(0.1).add(1);
  w["ln_f.bias"] = randn([C]).mul(0.1);
  return w;
}

/** A safetensors file built by hand: 8-byte little-endian length, JSON header, raw little-endian data. */
function handMade(): Uint8Array {
  const header = JSON.stringify({ __metadata__: { format: "pt" }, b: { dtype: "I32", shape: [2], data_offsets: [24, 32] }, a: { dtype: "F32", shape: [2, 3], data_offsets: [0, 24] } });
  const json = new TextEncoder().encode(header);
  const bytes = new Uint8Array(8 + json.length + 32);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  const data = 8 + json.length;
  for (const [i, v] of [1, 2, 3, 4, 5, 6.5].entries()) view.setFloat32(data + 4 * i, v, true);
  view.setInt32(data + 24, -7, true);
  view.setInt32(data + 28, 42, true);
  return bytes;
}

test("parseHeader reads the length prefix, the JSON and every tensor's dtype, shape and offsets", () => {
  const bytes = handMade();
  const h = parseHeader(bytes);
  const n = bytes.length - 8 - 32;
  expectEqual([h.headerLength, h.dataStart], [n, 8 + n], "headerLength, dataStart");
  expectEqual(h.metadata, { format: "pt" }, "metadata");
  expectEqual(h.entries, [
    { name: "a", dtype: "F32", shape: [2, 3], begin: 0, end: 24 },
    { name: "b", dtype: "I32", shape: [2], begin: 24, end: 32 },
  ], "entries in file order");
}, { taskId: "task-1" });

test("parseHeader rejects a truncated file and offsets that do not match the shape", () => {
  const bytes = handMade();
  expectEqual(parseHeader(bytes).entries.length, 2, "the intact file parses");
  expectThrows(() => parseHeader(bytes.subarray(0, 5)));
  expectThrows(() => parseHeader(bytes.subarray(0, 40)));
  const bad = new TextEncoder().encode(JSON.stringify({ a: { dtype: "F32", shape: [3], data_offsets: [0, 8] } }));
  const file = new Uint8Array(8 + bad.length + 8);
  new DataView(file.buffer).setBigUint64(0, BigInt(bad.length), true);
  file.set(bad, 8);
  expectThrows(() => parseHeader(file), /"?a"?/);
}, { taskId: "task-1" });

test("loadTensors decodes F32 and I32 little-endian data", () => {
  const t = loadTensors(handMade());
  expectEqual(Object.keys(t).sort(), ["a", "b"], "names");
  expectEqual([t.a.dtype, t.b.dtype], ["float32", "int32"], "dtypes");
  expectEqual(t.a.tolist(), [[1, 2, 3], [4, 5, 6.5]], "a");
  expectEqual(t.b.tolist(), [-7, 42], "b");
}, { taskId: "task-2" });

test("loadTensors matches safetensors.load on F32, F16 and BF16 files", () => {
  manualSeed(1);
  const record = { x: randn([5, 7]), y: randn([3]).mul(1000), z: randn([2, 2, 2]).mul(1e-3) };
  const bytes = safetensors.save(record, undefined, { y: "F16", z: "BF16" });
  const mine = loadTensors(bytes);
  const ref = safetensors.load(bytes);
  for (const k of ["x", "y", "z"]) expectClose(mine[k], ref[k]!, { atol: 0, rtol: 0, label: `tensor ${k}` });
}, { taskId: "task-2" });

test("Conv1D (in, out) is nn.Linear (out, in) transposed", () => {
  manualSeed(2);
  const W = randn([6, 4]); // Conv1D: in = 6, out = 4
  const b = randn([4]);
  const x = randn([2, 3, 6]);
  expectShape(toLinearWeight(W), [4, 6], "Linear weight");
  expectClose(conv1d(x, W, b), F.linear(x, toLinearWeight(W), b), { atol: 1e-6, rtol: 1e-6, label: "conv1d vs linear" });
}, { taskId: "task-3" });

test("gpt2Forward matches models.loadGPT2(...).forward on random weights", () => {
  const w = randomGPT2(3);
  const bytes = safetensors.save(w);
  const ids = tensor([[1, 5, 9, 2, 19, 0, 7], [3, 3, 3, 3, 3, 3, 3]], { dtype: "int32" });
  const mine = gpt2Forward(loadTensors(bytes), CFG, ids);
  expectShape(mine, [2, 7, 20], "logits");
  expectClose(mine, models.loadGPT2(bytes, CFG).forward(ids), { atol: 1e-5, rtol: 1e-4, label: "logits vs the engine's GPT-2" });
}, { taskId: "task-4" });

test("greedy generation matches the engine's; top-k sampling only picks top-k tokens and is seeded", () => {
  const w = randomGPT2(4);
  const engine = models.loadGPT2(w, CFG);
  const greedy = generate(w, CFG, [1, 2, 3], { maxNewTokens: 10, temperature: 0 });
  expectEqual(greedy, (engine.generate([[1, 2, 3]], { maxNewTokens: 10, temperature: 0 }) as number[][])[0], "greedy continuation (context cropped to 8)");
  const a = generate(w, CFG, [4], { maxNewTokens: 6, temperature: 1, topK: 3, seed: 5 });
  expectEqual(generate(w, CFG, [4], { maxNewTokens: 6, temperature: 1, topK: 3, seed: 5 }), a, "same seed, same tokens");
  for (let i = 1; i < a.length; i++) {
    const logits = engine.forward([a.slice(0, i)]).slice(1, i - 1, i).reshape(20).tolist() as number[];
    const third = [...logits].sort((x, y) => y - x)[2]!;
    expectTrue(logits[a[i]!]! >= third, `token ${i} (${a[i]}) is among the 3 most likely`);
  }
}, { taskId: "task-5" });
