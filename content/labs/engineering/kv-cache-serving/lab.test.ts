// KV cache and serving: the tests shown to the learner — cached decoding, multiply-add counts, paged cache, continuous batching.
import { decodeStep, emptyCache, forwardFull, generate, generationMacs, PagedKVCache, positionMacs, simulateServing } from "learner";
import { manualSeed, nn, type Tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectThrows, expectTrue, test } from "llmpath/testing";

// Cached and recomputed logits take different float32 paths: |a − e| ≤ 1e-5 + 1e-4·|e|.
const TOL = { atol: 1e-5, rtol: 1e-4 };

/** A tiny GPT from engine pieces: vocab 23, 2 layers, dModel 16, 2 heads, up to 64 positions. */
function tinyGPT(seed: number, nLayer = 2) {
  manualSeed(seed);
  const model = {
    wte: new nn.Embedding(23, 16),
    wpe: new nn.Embedding(64, 16),
    blocks: Array.from({ length: nLayer }, () => new nn.TransformerBlock(16, 2)),
    lnF: new nn.LayerNorm(16),
    head: new nn.Linear(16, 23, { bias: false }),
  };
  for (const b of model.blocks) b.eval();
  return model;
}

test("forwardFull gives (T, V) logits; position t does not depend on later tokens", () => {
  const model = tinyGPT(1);
  const a = forwardFull(model, [1, 2, 3, 4]) as Tensor;
  const b = forwardFull(model, [1, 2, 3, 9]) as Tensor;
  expectShape(a, [4, 23], "logits");
  expectClose(a.narrow(0, 0, 3), b.narrow(0, 0, 3), { ...TOL, label: "first 3 positions when only token 4 changes" });
}, { taskId: "task-1" });

test("decodeStep, one token at a time, reproduces every row of forwardFull", () => {
  const model = tinyGPT(2);
  const ids = [5, 0, 22, 7, 7, 3, 11];
  const full = forwardFull(model, ids) as Tensor;
  const cache = emptyCache(model);
  ids.forEach((tok, t) => {
    expectClose(decodeStep(model, cache, tok), full.select(0, t), { ...TOL, label: `logits at position ${t}` });
  });
  expectEqual(cache.length, ids.length, "cache.length after 7 steps");
}, { taskId: "task-1" });

test("greedy decoding with the cache produces the same 20 tokens as recomputation", () => {
  const model = tinyGPT(3);
  const prompt = [4, 8, 15, 16];
  const withCache = generate(model, prompt, 20, { cache: true });
  const recompute = generate(model, prompt, 20, { cache: false });
  expectEqual(withCache.length, 20, "number of new tokens");
  expectEqual(withCache, recompute, "tokens with the cache vs without");
}, { taskId: "task-1" });

test("multiply-adds: one position, and generating 32 tokens after 8 with and without the cache", () => {
  const cfg = { nLayer: 2, dModel: 16, vocab: 23 };
  expectEqual(positionMacs(cfg, 5), 2 * (12 * 256 + 2 * 16 * 5) + 16 * 23, "positionMacs(cfg, 5)");
  let cached = 0;
  for (let i = 1; i <= 8 + 32 - 1; i++) cached += positionMacs(cfg, i);
  let recompute = 0;
  for (let s = 0; s < 32; s++) for (let i = 1; i <= 8 + s; i++) recompute += positionMacs(cfg, i);
  expectEqual(generationMacs(cfg, 8, 32, true), cached, "cached");
  expectEqual(generationMacs(cfg, 8, 32, false), recompute, "recompute");
  const ratio = recompute / cached;
  console.log(`2 layers, d=16, V=23, 8 + 32 tokens: recompute ${recompute} MACs, cached ${cached} MACs (${ratio.toFixed(1)}× fewer)`);
  expectTrue(ratio > 10, `the cache should save more than 10× here, got ${ratio.toFixed(2)}×`);
}, { taskId: "task-2" });

test("paged cache: interleaved sequences get interleaved blocks, read back in order", () => {
  const cache = new PagedKVCache(8, 4, 2);
  cache.addSequence(0);
  cache.addSequence(1);
  const tok = (s: number, t: number) => [s * 100 + t, -(s * 100 + t)];
  for (let t = 0; t < 6; t++) {
    cache.append(0, tok(0, t), tok(0, t).map((x) => x + 0.5));
    if (t < 3) cache.append(1, tok(1, t), tok(1, t).map((x) => x + 0.5));
  }
  expectEqual(cache.blockTable(0), [0, 2], "block table of sequence 0 (blocks 0 and 2: sequence 1 took block 1 in between)");
  expectEqual(cache.blockTable(1), [1], "block table of sequence 1");
  expectEqual(Array.from(cache.read(0).k), [0, 1, 2, 3, 4, 5].flatMap((t) => tok(0, t)), "keys of sequence 0");
  expectEqual(Array.from(cache.read(1).v), [0, 1, 2].flatMap((t) => tok(1, t).map((x) => x + 0.5)), "values of sequence 1");
  expectEqual(cache.usage(0), { tokens: 6, blocks: 2, slots: 8, wasted: 2 }, "usage of sequence 0");
  expectEqual(cache.freeBlocks(), 5, "free blocks");
}, { taskId: "task-3" });

test("paged cache: releasing a sequence returns its blocks, which the next sequence reuses", () => {
  const cache = new PagedKVCache(3, 2, 1);
  cache.addSequence(7);
  for (let t = 0; t < 5; t++) cache.append(7, [t], [t]);
  expectEqual(cache.freeBlocks(), 0, "all 3 blocks in use");
  cache.addSequence(8);
  expectThrows(() => cache.append(8, [1], [1]), /out of blocks/);
  cache.release(7);
  expectEqual(cache.freeBlocks(), 3, "free blocks after release");
  cache.append(8, [42], [43]);
  expectEqual(Array.from(cache.read(8).k), [42], "sequence 8 reads its own data");
}, { taskId: "task-3" });

test("serving 4 requests of 3, 1, 1, 1 tokens with 2 slots: static takes 4 steps, continuous 3", () => {
  const s = simulateServing([3, 1, 1, 1], 2, "static");
  const c = simulateServing([3, 1, 1, 1], 2, "continuous");
  expectEqual([s.steps, s.tokens, s.finishedAt], [4, 6, [3, 1, 4, 4]], "static: steps, tokens, finishedAt");
  expectEqual([c.steps, c.tokens, c.finishedAt], [3, 6, [3, 1, 2, 3]], "continuous: steps, tokens, finishedAt");
  expectClose([s.tokensPerStep, c.tokensPerStep], [1.5, 2], { atol: 1e-12, rtol: 0, label: "tokens per step" });
}, { taskId: "task-4" });
