// memory-budget lab: the tests shown to the learner — the 16-bytes rule, parameter counts, activation formulas checked against memory.stats().
import { blockParamCount, engineActivationBytes, fits, gptParamCount, megatronActivationBytes, modelStateBytes, trainingMemory } from "learner";
import { manualSeed, memory, nn, optim, randn } from "llmpath/tensor";
import { expectEqual, expectThrows, expectTrue, test } from "llmpath/testing";

interface Measured {
  activations: number;
  params: number;
  grads: number;
  optimizer: number;
}

/** One Adam step of `layers` engine blocks, measured: the forward's activation peak and the bytes of every state tensor. */
function measureStep(c: { batch: number; seq: number; hidden: number; heads: number; layers: number }): Measured {
  manualSeed(0);
  const blocks = Array.from({ length: c.layers }, () => new nn.TransformerBlock(c.hidden, c.heads));
  const params = blocks.flatMap((b) => b.parameters());
  const opt = new optim.Adam(params, { lr: 1e-3 });
  const x = randn([c.batch, c.seq, c.hidden]).requiresGrad_(); // as if it came out of an embedding
  memory.reset();
  let y = x;
  for (const b of blocks) y = b.forward(y);
  const activations = memory.stats().peakBytes;
  y.square().mean().backward();
  opt.step();
  memory.reset(); // forget what this measurement left behind
  const bytes = (n: number) => 4 * n;
  const state = opt.stateDict().state as Record<string, { buffers: Record<string, { numel(): number }> }>;
  let optimizer = 0;
  for (const s of Object.values(state)) for (const buf of Object.values(s.buffers)) optimizer += bytes(buf.numel());
  return {
    activations,
    params: bytes(params.reduce((n, p) => n + p.numel(), 0)),
    grads: bytes(params.reduce((n, p) => n + (p.grad ? p.grad.numel() : 0), 0)),
    optimizer,
  };
}

test("modelStateBytes: Adam costs 16 bytes per parameter in fp32 and in mixed precision, split differently", () => {
  expectEqual(modelStateBytes(1000, "fp32"), { params: 4000, grads: 4000, optimizer: 8000, total: 16000 }, "fp32, 1000 parameters");
  expectEqual(modelStateBytes(1000, "mixed"), { params: 2000, grads: 2000, optimizer: 12000, total: 16000 }, "mixed, 1000 parameters");
  expectThrows(() => modelStateBytes(-1, "fp32"), /numParams/);
}, { taskId: "task-1" });

test("blockParamCount equals the engine's nn.TransformerBlock.numParameters()", () => {
  for (const [h, a] of [[16, 4], [24, 3]] as const) {
    expectEqual(blockParamCount(h), new nn.TransformerBlock(h, a).numParameters(), `blockParamCount(${h})`);
  }
}, { taskId: "task-2" });

test("gptParamCount equals the parameters of embeddings + blocks + final LayerNorm built with the engine", () => {
  const cfg = { hidden: 16, layers: 2, vocab: 50, maxSeq: 12 };
  const parts = [new nn.Embedding(cfg.vocab, cfg.hidden), new nn.Embedding(cfg.maxSeq, cfg.hidden), new nn.LayerNorm(cfg.hidden)];
  const blocks = Array.from({ length: cfg.layers }, () => new nn.TransformerBlock(cfg.hidden, 4));
  const n = [...parts, ...blocks].reduce((s, m) => s + m.numParameters(), 0);
  expectEqual(gptParamCount(cfg), n, "gptParamCount");
}, { taskId: "task-2" });

test("megatronActivationBytes is s·b·h·(34 + 5as/h): one GPT-3 175B layer at s = 2048, b = 1", () => {
  expectEqual(megatronActivationBytes({ batch: 1, seq: 2048, hidden: 12288, heads: 96 }), 2048 * 12288 * (34 + (5 * 96 * 2048) / 12288), "bytes per layer");
  expectEqual(megatronActivationBytes({ batch: 4, seq: 8, hidden: 16, heads: 2 }), 8 * 4 * 16 * 34 + 5 * 2 * 8 * 8 * 4, "a small case");
}, { taskId: "task-3" });

test("engineActivationBytes predicts memory.stats().peakBytes of one block's forward exactly", () => {
  for (const c of [{ batch: 2, seq: 8, hidden: 16, heads: 4 }, { batch: 3, seq: 5, hidden: 12, heads: 3 }]) {
    const m = measureStep({ ...c, layers: 1 });
    expectEqual(engineActivationBytes(c), m.activations, `predicted vs measured activation bytes for ${JSON.stringify(c)}`);
  }
}, { taskId: "task-4" });

test("trainingMemory (engine, fp32) equals the measured step: activation peak + weights + grads + Adam states", () => {
  const cfg = { batch: 2, seq: 6, hidden: 16, heads: 2, layers: 3 };
  const m = measureStep(cfg);
  const p = trainingMemory(cfg, { precision: "fp32", model: "engine" });
  expectEqual([p.states.params, p.states.grads, p.states.optimizer], [m.params, m.grads, m.optimizer], "[params, grads, optimizer] bytes");
  expectEqual(p.activations, m.activations, "activation bytes of 3 layers");
  const measuredTotal = m.activations + m.params + m.grads + m.optimizer;
  expectEqual(p.total, measuredTotal, "total");
  expectEqual(fits(cfg, measuredTotal, { precision: "fp32", model: "engine" }).fits, true, "fits with exactly the measured bytes");
  expectEqual(fits(cfg, measuredTotal - 1, { precision: "fp32", model: "engine" }).fits, false, "fits with one byte less");
}, { taskId: "task-5" });

test("a GPU plan: the same model fits or not depending on batch size (mixed precision, Megatron activations)", () => {
  const cfg = { batch: 1, seq: 2048, hidden: 4096, heads: 32, layers: 32 };
  const opts = { precision: "mixed", model: "megatron" } as const;
  const small = fits(cfg, 200e9, opts);
  const big = fits({ ...cfg, batch: 16 }, 200e9, opts);
  expectTrue(small.fits && !big.fits, `batch 1 should fit in 200 GB (needs ${small.totalBytes} B) and batch 16 should not (needs ${big.totalBytes} B)`);
  expectEqual(small.headroomBytes, 200e9 - small.totalBytes, "headroom");
  expectThrows(() => trainingMemory(cfg, { precision: "mixed", model: "engine" }), /fp32/);
}, { taskId: "task-5" });
