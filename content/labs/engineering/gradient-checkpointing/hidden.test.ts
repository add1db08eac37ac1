// gradient-checkpointing lab: hidden tests — uneven last segments, gradients of every parameter, every k measured, input checks.
import { checkpointSequential, chooseSegmentLength, predictForwardCalls, predictPeakBytes, segments, tradeoffTable } from "learner";
import { manualSeed, memory, randn, type Tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectThrows, expectTrue, test } from "llmpath/testing";

function makeModel(layers: number, n: number, d: number, seed: number) {
  manualSeed(seed);
  const params = Array.from({ length: layers }, () => ({ w: randn([d, d]).mul(0.4).requiresGrad_(), b: randn([d]).mul(0.1).requiresGrad_() }));
  const calls = { n: 0 };
  const blocks = params.map(({ w, b }) => (h: Tensor): Tensor => {
    calls.n++;
    return h.add(h.matmul(w).add(b).relu()).mul(0.9); // (n, d)
  });
  return { blocks, params, calls, x: randn([n, d]) };
}
type Model = ReturnType<typeof makeModel>;

function runStep(model: Model, k: number | null) {
  for (const p of model.params) {
    p.w.grad = null;
    p.b.grad = null;
  }
  model.calls.n = 0;
  const x = model.x.detach().requiresGrad_();
  memory.reset();
  const y = k === null ? model.blocks.reduce((h, f) => f(h), x) : checkpointSequential(model.blocks, k, x);
  y.mul(y).sum().backward();
  const peak = memory.stats().peakBytes;
  memory.reset();
  return { peak, calls: model.calls.n, grads: [x.grad!, ...model.params.flatMap((p) => [p.w.grad!, p.b.grad!])] };
}

test("segments of uneven stacks", () => {
  expectEqual(segments(5, 2), [[0, 1], [2, 3], [4]], "segments(5, 2)");
  expectEqual(segments(1, 3), [[0]], "segments(1, 3)");
  expectThrows(() => segments(0, 1), /layers/);
  expectThrows(() => segments(3, 1.5), /k/);
}, { taskId: "task-1" });

test("10 blocks, every k from 1 to 10: gradients equal the plain run, calls and peaks as predicted", () => {
  const model = makeModel(10, 3, 5, 11);
  const plain = runStep(model, null);
  // What one block keeps, seen from the plain run: every block keeps the same.
  const blockBytes = plain.peak / 10;
  const boundaryBytes = 3 * 5 * 4;
  // The loss adds y·y and its sum after the blocks: the predicted peak excludes them, so compare peaks without the loss.
  const lossBytes = 3 * 5 * 4 + 4;
  const plainBlocks = plain.peak - lossBytes;
  const perBlock = plainBlocks / 10;
  expectTrue(Number.isInteger(perBlock) && perBlock > 0, `every block keeps the same bytes (got ${blockBytes} per block incl. the loss)`);
  for (let k = 1; k <= 10; k++) {
    const r = runStep(model, k);
    r.grads.forEach((g, i) => {
      expectClose(g, plain.grads[i]!, { atol: 0, rtol: 0, label: `k = ${k}, gradient ${i}` });
    });
    expectEqual(r.calls, predictForwardCalls(10, k), `forward calls, k = ${k}`);
    const predicted = predictPeakBytes({ layers: 10, k, blockBytes: perBlock, boundaryBytes });
    const lastLen = segments(10, k).at(-1)!.length;
    // The loss nodes are alive only at the end of forward, next to the last segment's activations.
    const m = Math.ceil(10 / k) - 1;
    const expected = Math.max(m * boundaryBytes + lastLen * perBlock + lossBytes, m === 0 ? 0 : m * boundaryBytes + k * perBlock);
    expectEqual(r.peak, expected, `measured peak, k = ${k}`);
    expectTrue(predicted <= r.peak, `the predicted block peak (${predicted}) never exceeds what is measured with the loss (${r.peak}), k = ${k}`);
  }
}, { taskId: "task-3" });

test("predictions for a large stack: 96 layers, blocks keeping 14× their output", () => {
  const A = 14 * 1000;
  const B = 1000;
  expectEqual(predictPeakBytes({ layers: 96, k: 96, blockBytes: A, boundaryBytes: B }), 96 * A, "no checkpointing");
  expectEqual(predictPeakBytes({ layers: 96, k: 3, blockBytes: A, boundaryBytes: B }), 31 * B + 3 * A, "k = 3");
  expectEqual(predictForwardCalls(96, 3), 96 + 93, "forward calls, k = 3");
  const best = chooseSegmentLength(96, A, B);
  const rows = tradeoffTable(96, A, B);
  const min = Math.min(...rows.map((r: { peakBytes: number }) => r.peakBytes));
  expectEqual(rows[best - 1]!.peakBytes, min, "the chosen k has the lowest peak");
  expectTrue(Math.abs(best - Math.sqrt((96 * B) / A)) <= 1, `k ≈ √(L·B/A) = ${Math.sqrt((96 * B) / A).toFixed(2)}, chose ${best}`);
  expectEqual(chooseSegmentLength(25, 1, 1), 5, "A = B, L = 25 → √25");
}, { taskId: "task-4" });
