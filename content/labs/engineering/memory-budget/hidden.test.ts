// memory-budget lab: hidden tests — more shapes against the engine's measured peak, stacks of layers, fit predictions, bad inputs.
import { blockParamCount, engineActivationBytes, fits, gptParamCount, megatronActivationBytes, modelStateBytes, trainingMemory } from "learner";
import { manualSeed, memory, nn, randn } from "llmpath/tensor";
import { expectEqual, expectThrows, expectTrue, test } from "llmpath/testing";

/** Activation peak of a forward through `layers` engine blocks, measured with memory.stats(). */
function measuredActivations(c: { batch: number; seq: number; hidden: number; heads: number }, layers: number): number {
  manualSeed(3);
  const blocks = Array.from({ length: layers }, () => new nn.TransformerBlock(c.hidden, c.heads));
  const x = randn([c.batch, c.seq, c.hidden]).requiresGrad_();
  memory.reset();
  let y = x;
  for (const b of blocks) y = b.forward(y);
  const peak = memory.stats().peakBytes;
  memory.reset();
  return peak;
}

test("the 16-bytes rule for a 7B model: 112 GB of model states in both precisions", () => {
  const n = 7_000_000_000;
  expectEqual(modelStateBytes(n, "mixed").total, 16 * n, "mixed total");
  expectEqual(modelStateBytes(n, "fp32").total, 16 * n, "fp32 total");
  expectEqual(modelStateBytes(0, "mixed").total, 0, "no parameters");
  expectThrows(() => modelStateBytes(1.5, "fp32"), /numParams/);
}, { taskId: "task-1" });

test("GPT-2 small's parameter count: 124,439,808", () => {
  expectEqual(gptParamCount({ hidden: 768, layers: 12, vocab: 50257, maxSeq: 1024 }), 124_439_808, "GPT-2 small");
  expectEqual(blockParamCount(768), 7_087_872, "one GPT-2 small block");
}, { taskId: "task-2" });

for (const c of [
  { batch: 2, seq: 2, hidden: 8, heads: 2 },
  { batch: 3, seq: 7, hidden: 20, heads: 5 },
  { batch: 2, seq: 12, hidden: 8, heads: 8 },
]) {
  test(`engineActivationBytes matches the measured peak for ${JSON.stringify(c)}`, () => {
    expectEqual(engineActivationBytes(c), measuredActivations(c, 1), "bytes");
  }, { taskId: "task-4" });
}

test("activations grow linearly with layers: 4 layers measure 4 × one layer", () => {
  const c = { batch: 2, seq: 6, hidden: 12, heads: 2 };
  const four = measuredActivations(c, 4);
  expectEqual(4 * engineActivationBytes(c), four, "4 layers");
  expectEqual(trainingMemory({ ...c, layers: 4 }, { precision: "fp32", model: "engine" }).activations, four, "trainingMemory activations");
}, { taskId: "task-5" });

test("attention's s² term: doubling the sequence more than doubles the Megatron estimate when 5as > 34h", () => {
  const c = { batch: 1, seq: 4096, hidden: 1024, heads: 16 };
  const one = megatronActivationBytes(c);
  const two = megatronActivationBytes({ ...c, seq: 8192 });
  expectTrue(two > 2 * one, `seq 8192 (${two} B) should be more than twice seq 4096 (${one} B)`);
  expectThrows(() => megatronActivationBytes({ ...c, heads: 0 }), /heads/);
  expectThrows(() => engineActivationBytes({ ...c, seq: 2.5 }), /seq/);
}, { taskId: "task-3" });

test("fits agrees with the measured footprint around the boundary, for several small runs", () => {
  for (const c of [{ batch: 2, seq: 4, hidden: 8, heads: 2, layers: 2 }, { batch: 3, seq: 3, hidden: 12, heads: 3, layers: 1 }]) {
    const acts = measuredActivations(c, c.layers);
    const states = 16 * c.layers * new nn.TransformerBlock(c.hidden, c.heads).numParameters();
    const measured = acts + states;
    const opts = { precision: "fp32", model: "engine" } as const;
    expectEqual([fits(c, measured, opts).fits, fits(c, measured - 1, opts).fits], [true, false], `fits at the measured bytes and one below, ${JSON.stringify(c)}`);
    expectEqual(fits(c, measured + 100, opts).headroomBytes, 100, "headroom");
  }
  expectThrows(() => trainingMemory({ batch: 1, seq: 4, hidden: 8, heads: 2, layers: 0 }, { precision: "fp32", model: "engine" }), /layers/);
}, { taskId: "task-5" });
