// gradient-checkpointing lab: the tests shown to the learner — same gradients, measured peak and recompute counts against your predictions.
import { checkpointSequential, chooseSegmentLength, predictForwardCalls, predictPeakBytes, segments, tradeoffTable } from "learner";
import { manualSeed, memory, onesLike, randn, type Tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectThrows, test } from "llmpath/testing";

/** A residual MLP stack (n, d) → (n, d) whose blocks count their forward calls. */
function makeModel(layers: number, n: number, d: number, seed: number) {
  manualSeed(seed);
  const params = Array.from({ length: layers }, () => ({
    w1: randn([d, 2 * d]).mul(0.3).requiresGrad_(),
    w2: randn([2 * d, d]).mul(0.3).requiresGrad_(),
  }));
  const calls = { n: 0 };
  const blocks = params.map(({ w1, w2 }) => (h: Tensor): Tensor => {
    calls.n++;
    return h.add(h.matmul(w1).tanh().matmul(w2)); // (n, d)
  });
  const x = randn([n, d]);
  return { blocks, params, calls, x };
}

type Model = ReturnType<typeof makeModel>;

/** One step (forward + backward with an all-ones upstream gradient): measured peak bytes, forward calls, gradients. */
function runStep(model: Model, k: number | null) {
  for (const p of model.params) {
    p.w1.grad = null;
    p.w2.grad = null;
  }
  model.calls.n = 0;
  const x = model.x.detach().requiresGrad_();
  memory.reset();
  const y = k === null ? model.blocks.reduce((h, b) => b(h), x) : checkpointSequential(model.blocks, k, x);
  y.backward(onesLike(y));
  const peak = memory.stats().peakBytes;
  memory.reset();
  const grads = [x.grad!, ...model.params.flatMap((p) => [p.w1.grad!, p.w2.grad!])];
  return { peak, calls: model.calls.n, out: y.detach(), grads };
}

/** Bytes one block keeps and its output's bytes, measured on block 0. */
function measureBlock(model: Model) {
  const x = model.x.detach().requiresGrad_();
  memory.reset();
  const y = model.blocks[0]!(x);
  const blockBytes = memory.stats().peakBytes;
  memory.reset();
  return { blockBytes, boundaryBytes: y.numel() * 4 };
}

test("segments splits 7 blocks into segments of 3: [0,1,2] [3,4,5] [6]", () => {
  expectEqual(segments(7, 3), [[0, 1, 2], [3, 4, 5], [6]], "segments(7, 3)");
  expectEqual(segments(4, 4), [[0, 1, 2, 3]], "segments(4, 4)");
  expectThrows(() => segments(4, 0), /k/);
}, { taskId: "task-1" });

test("checkpointSequential gives the same output and gradients as the plain run (8 blocks, k = 2)", () => {
  const model = makeModel(8, 6, 4, 1);
  const plain = runStep(model, null);
  const ck = runStep(model, 2);
  expectClose(ck.out, plain.out, { atol: 0, rtol: 0, label: "output" });
  ck.grads.forEach((g, i) => {
    expectClose(g, plain.grads[i]!, { atol: 0, rtol: 0, label: i === 0 ? "x.grad" : `parameter gradient ${i - 1}` });
  });
}, { taskId: "task-2" });

test("recompute: the blocks are called L + (L − last segment) times, as predictForwardCalls says", () => {
  const model = makeModel(8, 6, 4, 2);
  expectEqual(runStep(model, null).calls, 8, "plain run");
  for (const k of [1, 2, 3, 8]) expectEqual(runStep(model, k).calls, predictForwardCalls(8, k), `forward calls with k = ${k}`);
  expectEqual(predictForwardCalls(8, 3), 14, "predictForwardCalls(8, 3)");
}, { taskId: "task-3" });

test("peak activation bytes fall as predicted: measured with memory.stats() for k = 1, 2, 4, 8", () => {
  const model = makeModel(8, 6, 4, 3);
  const { blockBytes, boundaryBytes } = measureBlock(model);
  const plain = runStep(model, null).peak;
  expectEqual(plain, 8 * blockBytes, "plain run: 8 blocks' activations");
  for (const k of [1, 2, 4, 8]) {
    expectEqual(predictPeakBytes({ layers: 8, k, blockBytes, boundaryBytes }), runStep(model, k).peak, `predicted vs measured peak, k = ${k}`);
  }
}, { taskId: "task-3" });

test("trade-off table: with blocks that keep as much as their output, the best k for 16 layers is √16 = 4", () => {
  const rows = tradeoffTable(16, 100, 100);
  expectEqual(rows.length, 16, "rows");
  expectEqual(rows[3], { k: 4, segments: 4, peakBytes: 700, forwardCalls: 28 }, "row k = 4");
  expectEqual(chooseSegmentLength(16, 100, 100), 4, "chooseSegmentLength(16, A = B)");
  expectEqual(chooseSegmentLength(9, 100, 100), 3, "chooseSegmentLength(9, A = B)");
}, { taskId: "task-4" });

test("the chosen k is the one with the lowest measured peak (12 blocks), and the measured table is printed", () => {
  const model = makeModel(12, 4, 4, 4);
  const { blockBytes, boundaryBytes } = measureBlock(model);
  const measured = Array.from({ length: 12 }, (_, i) => ({ k: i + 1, ...runStep(model, i + 1) }));
  let best = measured[0]!;
  for (const r of measured) if (r.peak < best.peak || (r.peak === best.peak && r.calls < best.calls)) best = r;
  console.log(["k  peak bytes  forward calls (measured)", ...measured.map((r) => `${r.k}  ${r.peak}  ${r.calls}`)].join("\n"));
  expectEqual(chooseSegmentLength(12, blockBytes, boundaryBytes), best.k, "chosen k vs measured best k");
}, { taskId: "task-4" });
