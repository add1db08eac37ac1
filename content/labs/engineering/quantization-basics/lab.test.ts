// Quantization basics: the tests shown to the learner — rounding, symmetric/asymmetric RTN, granularities, error table.
import { bitsPerWeight, dequantize, errorTable, quantizeAsymmetric, quantizeSymmetric, roundHalfEven } from "learner";
import { manualSeed, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectTrue, test } from "llmpath/testing";

// Scales are float32: compare with |a − e| ≤ 1e-6 + 1e-5·|e|, the tolerance of the PyTorch goldens.
const TOL = { atol: 1e-6, rtol: 1e-5 };

/** Max |W − W'| over a block of W, as a float64 number. */
const maxAbs = (a: Tensor, b: Tensor) => a.sub(b).abs().max().item();

test("roundHalfEven sends ties to the even neighbour, like torch.round", () => {
  const xs = [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999, 3.7, -3.7, 7];
  expectEqual(xs.map((x) => roundHalfEven(x) + 0), [0, 2, 2, 0, -2, -2, 2, 4, -4, 7], "roundHalfEven of " + xs.join(", "));
}, { taskId: "task-1" });

test("symmetric int8 per channel: scale = max|row| / 127 and codes in [−127, 127]", () => {
  const W = tensor([[0.5, -1.27, 0.01, 0], [2.54, 1.0, -0.02, 0.3]]);
  const qz = quantizeSymmetric(W, { bits: 8, granularity: "channel" });
  expectShape(qz.scale, [2, 1], "scale per output row");
  expectClose(qz.scale, [[0.01], [0.02]], { ...TOL, label: "scale" });
  expectEqual(qz.q.dtype, "int32", "q dtype");
  expectEqual(qz.q.tolist(), [[50, -127, 1, 0], [127, 50, -1, 15]], "q");
  expectEqual(qz.zero, null, "symmetric quantization has no zero point");
  expectClose(dequantize(qz), [[0.5, -1.27, 0.01, 0], [2.54, 1.0, -0.02, 0.3]], { ...TOL, label: "dequantize" });
}, { taskId: "task-2" });

test("symmetric per tensor uses one scale (1, 1); per group one scale per row and group", () => {
  manualSeed(1);
  const W = randn([4, 8]);
  const t = quantizeSymmetric(W, { bits: 4, granularity: "tensor" });
  expectShape(t.scale, [1, 1], "per-tensor scale");
  expectClose(t.scale.item(), W.abs().max().item() / 7, { ...TOL, label: "4-bit symmetric scale = max|W| / 7" });
  const g = quantizeSymmetric(W, { bits: 4, granularity: "group", groupSize: 4 });
  expectShape(g.scale, [4, 2], "per-group scale (rows, cols / groupSize)");
  const codes = g.q.toFloat64Array();
  expectTrue(codes.every((c: number) => c >= -7 && c <= 7), "4-bit symmetric codes lie in [−7, 7]");
  // Rounding moves a weight by at most half a step.
  const steps = g.scale.reshape(4, 2, 1).expand(4, 2, 4).reshape(4, 8);
  expectTrue(W.sub(dequantize(g)).abs().sub(steps.mul(0.5)).max().item() <= 1e-6, "|W − W'| ≤ scale / 2 everywhere");
}, { taskId: "task-2" });

test("asymmetric 2-bit by hand: [−1, 0, 0.5, 2] → scale 1, zero 1, q [0, 1, 1, 3]", () => {
  const qz = quantizeAsymmetric(tensor([[-1, 0, 0.5, 2]]), { bits: 2, granularity: "channel" });
  expectClose(qz.scale, [[1]], { ...TOL, label: "scale = (max − min) / 3" });
  expectClose(qz.zero, [[1]], { ...TOL, label: "zero = round(−min / scale)" });
  expectEqual(qz.q.tolist(), [[0, 1, 1, 3]], "q (0.5 rounds to 0, the even neighbour, then + zero)");
  expectClose(dequantize(qz), [[-1, 0, 0, 2]], { ...TOL, label: "(q − zero) · scale" });
}, { taskId: "task-3" });

test("asymmetric int4 groups of 32: codes in [0, 15] and every group keeps its min and max within half a step", () => {
  manualSeed(2);
  const W = randn([3, 64]).mul(0.05);
  const qz = quantizeAsymmetric(W, { bits: 4, granularity: "group", groupSize: 32 });
  expectShape(qz.scale, [3, 2], "scale");
  expectShape(qz.zero, [3, 2], "zero");
  expectTrue(qz.q.toFloat64Array().every((c: number) => c >= 0 && c <= 15), "codes lie in [0, 15]");
  const bound = qz.scale.max().item() / 2 + 1e-6;
  expectTrue(maxAbs(W, dequantize(qz)) <= bound, `max |W − W'| ≤ largest scale / 2 = ${bound}`);
}, { taskId: "task-3" });

test("error table: each extra bit roughly halves the RMSE", () => {
  manualSeed(3);
  const W = randn([64, 128]);
  const rows = errorTable(W, [2, 3, 4, 5, 6, 8], { granularity: "channel", symmetric: false });
  console.log("bits | RMSE     | SQNR (dB) | bits/weight");
  for (const r of rows) console.log(`${String(r.bits).padStart(4)} | ${r.rmse.toFixed(5)}  | ${r.sqnrDb.toFixed(2).padStart(9)} | ${r.bitsPerWeight.toFixed(3)}`);
  expectEqual(rows.map((r: { bits: number }) => r.bits), [2, 3, 4, 5, 6, 8], "one row per bit-width, in order");
  for (let i = 1; i < rows.length; i++) expectTrue(rows[i].rmse < rows[i - 1].rmse, `RMSE at ${rows[i].bits} bits < at ${rows[i - 1].bits} bits`);
  for (const b of [4, 5]) {
    const ratio = rows.find((r: { bits: number }) => r.bits === b).rmse / rows.find((r: { bits: number }) => r.bits === b + 1).rmse;
    expectTrue(ratio > 1.6 && ratio < 2.4, `RMSE(${b} bits) / RMSE(${b + 1} bits) = ${ratio.toFixed(3)} should be ≈ 2`);
  }
  const four = rows.find((r: { bits: number }) => r.bits === 4);
  const direct = dequantize(quantizeAsymmetric(W, { bits: 4, granularity: "channel" })).sub(W).pow(2).mean().sqrt().item();
  expectClose(four.rmse, direct, { atol: 1e-7, rtol: 1e-5, label: "the 4-bit row's RMSE" });
}, { taskId: "task-4" });

test("bits per weight count the fp16 scales (and fp16 zero points)", () => {
  expectClose(bitsPerWeight(4, 4096, 4096, { granularity: "group", groupSize: 128, symmetric: false }), 4.25, { atol: 1e-12, rtol: 0, label: "int4, asymmetric, groups of 128" });
  expectClose(bitsPerWeight(4, 4096, 4096, { granularity: "group", groupSize: 32, symmetric: true }), 4.5, { atol: 1e-12, rtol: 0, label: "int4, symmetric, groups of 32" });
  expectClose(bitsPerWeight(8, 64, 256, { granularity: "channel", symmetric: true }), 8 + 16 / 256, { atol: 1e-12, rtol: 0, label: "int8 per channel, 64×256" });
}, { taskId: "task-4" });
