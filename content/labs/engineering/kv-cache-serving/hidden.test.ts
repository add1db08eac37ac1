// KV cache and serving: tests run at grading only — another model shape, edge counts, cache stress, batching properties.
import { decodeStep, emptyCache, forwardFull, generate, generationMacs, PagedKVCache, simulateServing } from "learner";
import { manualSeed, nn, randint, type Tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectThrows, expectTrue, test } from "llmpath/testing";

const TOL = { atol: 1e-5, rtol: 1e-4 };

function model3x4(seed: number) {
  manualSeed(seed);
  const m = {
    wte: new nn.Embedding(17, 16),
    wpe: new nn.Embedding(32, 16),
    blocks: Array.from({ length: 3 }, () => new nn.TransformerBlock(16, 4)),
    lnF: new nn.LayerNorm(16),
    head: new nn.Linear(16, 17, { bias: false }),
  };
  for (const b of m.blocks) b.eval();
  return m;
}

test("3 layers, 4 heads: cached logits match recomputation at every step and the tokens agree", () => {
  const model = model3x4(31);
  const ids = [3, 1, 4, 1, 5, 9, 2, 6, 5];
  const full = forwardFull(model, ids) as Tensor;
  const cache = emptyCache(model);
  ids.forEach((tok, t) => {
    expectClose(decodeStep(model, cache, tok), full.select(0, t), { ...TOL, label: `position ${t}` });
  });
  expectEqual(generate(model, [2], 15, { cache: true }), generate(model, [2], 15, { cache: false }), "15 tokens after a 1-token prompt");
}, { taskId: "task-1" });

test("generating one token costs the same with or without the cache; the saving grows with length", () => {
  const cfg = { nLayer: 4, dModel: 32, vocab: 50 };
  expectEqual(generationMacs(cfg, 5, 1, true), generationMacs(cfg, 5, 1, false), "one new token after 5");
  const r = (n: number) => generationMacs(cfg, 4, n, false) / generationMacs(cfg, 4, n, true);
  expectTrue(r(64) > r(16) && r(16) > r(4), `ratio grows with n: ${r(4).toFixed(2)}, ${r(16).toFixed(2)}, ${r(64).toFixed(2)}`);
}, { taskId: "task-2" });

test("paged cache under load: at most one partial block per sequence, and far less memory than max-length slabs", () => {
  manualSeed(32);
  const lens = randint(1, 60, [12]).toFloat64Array();
  const bs = 8;
  const cache = new PagedKVCache(200, bs, 3);
  lens.forEach((_: number, s: number) => {
    cache.addSequence(s);
  });
  const maxLen = Math.max(...lens);
  for (let t = 0; t < maxLen; t++) lens.forEach((n: number, s: number) => { if (t < n) cache.append(s, [s, t, 1], [s, t, 2]); });
  let blocks = 0;
  lens.forEach((n: number, s: number) => {
    const u = cache.usage(s);
    expectEqual(u.blocks, Math.ceil(n / bs), `blocks of sequence ${s} (${n} tokens)`);
    expectTrue(u.wasted >= 0 && u.wasted < bs, `sequence ${s} wastes ${u.wasted} slots, fewer than one block`);
    const k = cache.read(s).k;
    expectEqual([k[3 * (n - 1)], k[3 * (n - 1) + 1]], [s, n - 1], `last key of sequence ${s}`);
    blocks += u.blocks;
  });
  expectEqual(cache.freeBlocks(), 200 - blocks, "free blocks");
  const paged = blocks * bs;
  const slab = lens.length * 64; // a contiguous slab per request sized for the 64-token limit
  console.log(`token slots: paged ${paged} for ${lens.reduce((a: number, b: number) => a + b, 0)} tokens, contiguous slabs ${slab}`);
  expectTrue(paged < slab, `paged slots ${paged} < slab slots ${slab}`);
}, { taskId: "task-3" });

test("paged cache rejects unknown sequences, wrong widths and duplicate ids", () => {
  const cache = new PagedKVCache(2, 2, 2);
  expectThrows(() => cache.append(1, [0, 0], [0, 0]), /unknown sequence|addSequence/);
  cache.addSequence(1);
  expectThrows(() => cache.append(1, [0], [0, 0]), /floats|width|2/);
  expectThrows(() => cache.addSequence(1), /already/);
}, { taskId: "task-3" });

test("continuous batching never takes more steps than static batching, and each request gets all its tokens", () => {
  manualSeed(33);
  for (const maxBatch of [1, 3, 4]) {
    const lens = Array.from(randint(1, 30, [17]).toFloat64Array());
    const s = simulateServing(lens, maxBatch, "static");
    const c = simulateServing(lens, maxBatch, "continuous");
    const total = lens.reduce((a, b) => a + b, 0);
    expectEqual([s.tokens, c.tokens], [total, total], `tokens, maxBatch ${maxBatch}`);
    expectTrue(c.steps <= s.steps, `continuous ${c.steps} ≤ static ${s.steps} steps (maxBatch ${maxBatch})`);
    expectTrue(c.steps >= Math.ceil(total / maxBatch), `continuous steps ${c.steps} ≥ ⌈tokens / maxBatch⌉`);
    lens.forEach((n, i) => {
      expectTrue(c.finishedAt[i] >= n && s.finishedAt[i] >= n, `request ${i} cannot finish before step ${n}`);
    });
    if (maxBatch === 4) console.log(`17 requests, 4 slots: static ${s.tokensPerStep.toFixed(2)} tokens/step, continuous ${c.tokensPerStep.toFixed(2)}`);
  }
  expectEqual(simulateServing([2, 2, 2], 1, "continuous").steps, 6, "one slot: requests run back to back");
}, { taskId: "task-4" });
