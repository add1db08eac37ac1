// FlashAttention-2 on H100: the tests shown to the learner — FLOPs, HBM bytes, roofline verdicts, tiles that fit, utilisation.
import {
  achievedTflops,
  attentionFlops,
  chooseTiles,
  flashAttentionBytes,
  ridgePoint,
  roofline,
  standardAttentionBytes,
  tileAccumulatorBytes,
  tileSmemBytes,
  utilisation,
} from "learner";
import { expectClose, expectEqual, expectThrows, expectTrue, test } from "llmpath/testing";

// NVIDIA's published H100 SXM5 figures: 989.4 dense BF16 TFLOP/s, 3.35 TB/s HBM3, 228 KiB shared memory per SM
// (at most 227 KiB per thread block), a 256 KiB register file per SM, 132 SMs.
const H100 = { name: "H100 SXM5", peakTflops: 989.4, hbmTBps: 3.35, smemPerSmKiB: 228, maxSmemPerBlockKiB: 227, registerFilePerSmKiB: 256, numSms: 132 };
// A long-context training step: batch 4, 16 heads, 4096 tokens, head dimension 128, BF16.
const SHAPE = { batch: 4, heads: 16, seqLen: 4096, headDim: 128 };
const EXACT = { atol: 0, rtol: 1e-12 };

test("forward FLOPs are 4·B·H·N²·d = 549 755 813 888; causal halves them; backward is 2.5×", () => {
  expectClose(attentionFlops(SHAPE), 549755813888, { ...EXACT, label: "forward" });
  expectClose(attentionFlops({ ...SHAPE, causal: true }), 274877906944, { ...EXACT, label: "causal forward" });
  expectClose(attentionFlops(SHAPE, "backward"), 2.5 * 549755813888, { ...EXACT, label: "backward" });
  expectClose(attentionFlops(SHAPE, "forward+backward"), 3.5 * 549755813888, { ...EXACT, label: "forward + backward" });
  expectThrows(() => attentionFlops({ ...SHAPE, seqLen: 0 }), /seqLen/);
}, { taskId: "task-1" });

test("standard attention moves e·B·H·(4Nd + 4N²) bytes; FlashAttention with 128-row blocks moves e·B·H·2Nd·(1 + 32)", () => {
  expectClose(standardAttentionBytes(SHAPE), 8858370048, { ...EXACT, label: "standard" });
  expectClose(flashAttentionBytes(SHAPE, 128), 4429185024, { ...EXACT, label: "flash, K/V re-read from HBM" });
  expectClose(flashAttentionBytes(SHAPE, 128, { kvFromL2: true }), 268435456, { ...EXACT, label: "flash, re-reads served by L2" });
}, { taskId: "task-2" });

test("H100's ridge point is 989.4 / 3.35 ≈ 295 FLOP/byte", () => {
  expectClose(ridgePoint(H100), 989.4 / 3.35, { atol: 1e-9, rtol: 0, label: "ridge" });
}, { taskId: "task-3" });

test("verdicts: standard attention is memory-bound (≈ 62 FLOP/B); flash is memory-bound from HBM, compute-bound when L2 absorbs the re-reads", () => {
  const flops = attentionFlops(SHAPE);
  const std = roofline(H100, flops, standardAttentionBytes(SHAPE));
  expectEqual(std.bound, "memory", "standard attention");
  expectClose(std.intensity, 549755813888 / 8858370048, { atol: 1e-9, rtol: 0, label: "intensity" });
  expectClose(std.attainableTflops, std.intensity * 3.35, { atol: 1e-9, rtol: 0, label: "attainable = intensity × bandwidth" });
  const hbm = roofline(H100, flops, flashAttentionBytes(SHAPE, 128));
  expectEqual(hbm.bound, "memory", "flash, every K/V pass from HBM (intensity ≈ 2·blockM/e = 128)");
  const l2 = roofline(H100, flops, flashAttentionBytes(SHAPE, 128, { kvFromL2: true }));
  expectEqual(l2.bound, "compute", "flash with L2 reuse (intensity N/e = 2048)");
  expectClose(l2.attainableTflops, 989.4, { atol: 1e-9, rtol: 0, label: "capped at peak" });
  expectClose(l2.minTimeMs, 549755813888 / 989.4e12 * 1e3, { atol: 1e-12, rtol: 1e-9, label: "minimum time, ms" });
}, { taskId: "task-3" });

test("tile footprints: Q tile plus double-buffered K and V tiles in shared memory; S and O accumulators in FP32", () => {
  expectEqual(tileSmemBytes(128, 128, 128), 163840, "2·(128·128 + 2·2·128·128) bytes");
  expectEqual(tileSmemBytes(128, 64, 128, { stages: 3 }), 2 * (128 * 128 + 2 * 3 * 64 * 128), "three stages");
  expectEqual(tileAccumulatorBytes(128, 128, 128), 131072, "4·(128·128 + 128·128) bytes");
}, { taskId: "task-4" });

test("chosen tiles on H100: d = 128 → 128×128, d = 256 → 64×64, and every choice fits", () => {
  const t128 = chooseTiles(H100, 128);
  expectEqual([t128.blockM, t128.blockN], [128, 128], "d = 128");
  const t256 = chooseTiles(H100, 256);
  expectEqual([t256.blockM, t256.blockN], [64, 64], "d = 256 needs smaller tiles");
  for (const d of [64, 96, 128, 256]) {
    const t = chooseTiles(H100, d);
    expectTrue(t.smemBytes <= 227 * 1024, `d = ${d}: ${t.smemBytes} bytes of shared memory ≤ 227 KiB`);
    expectTrue(t.accumulatorBytes <= 128 * 1024, `d = ${d}: ${t.accumulatorBytes} accumulator bytes ≤ half the register file`);
    expectEqual(t.blocksPerSm, Math.floor((228 * 1024) / t.smemBytes), `d = ${d}: blocks per SM`);
  }
}, { taskId: "task-4" });

test("a forward pass measured at 1.6 ms reaches 343.6 TFLOP/s, about 35% of H100's peak", () => {
  const flops = attentionFlops(SHAPE);
  expectClose(achievedTflops(flops, 1.6), 343.59738368, { atol: 1e-6, rtol: 0, label: "TFLOP/s" });
  expectClose(utilisation(H100, flops, 1.6), 343.59738368 / 989.4, { atol: 1e-9, rtol: 0, label: "utilisation" });
  expectThrows(() => achievedTflops(flops, 0), /achievedTflops/);
}, { taskId: "task-5" });
