// FlashAttention-2 on H100: tests run at grading only — another GPU, other shapes, rounding of partial blocks, limits.
import { attentionFlops, chooseTiles, flashAttentionBytes, ridgePoint, roofline, standardAttentionBytes, utilisation } from "learner";
import { expectClose, expectEqual, expectThrows, expectTrue, test } from "llmpath/testing";

// NVIDIA's published A100 SXM4 80 GB figures: 312 dense BF16 TFLOP/s, 2.039 TB/s, 164 KiB shared memory per SM (163 per block), 256 KiB registers, 108 SMs.
const A100 = { name: "A100 SXM4 80GB", peakTflops: 312, hbmTBps: 2.039, smemPerSmKiB: 164, maxSmemPerBlockKiB: 163, registerFilePerSmKiB: 256, numSms: 108 };
const H100 = { name: "H100 SXM5", peakTflops: 989.4, hbmTBps: 3.35, smemPerSmKiB: 228, maxSmemPerBlockKiB: 227, registerFilePerSmKiB: 256, numSms: 132 };

test("FLOPs and bytes for a small FP32 shape, computed by hand", () => {
  const s = { batch: 2, heads: 3, seqLen: 100, headDim: 64, bytesPerElement: 4 };
  expectClose(attentionFlops(s), 4 * 2 * 3 * 100 * 100 * 64, { atol: 0, rtol: 1e-12, label: "forward FLOPs" });
  expectClose(standardAttentionBytes(s), 4 * 6 * (4 * 6400 + 40000), { atol: 0, rtol: 1e-12, label: "standard bytes" });
  // 100 rows in blocks of 64: ⌈100/64⌉ = 2 passes over K and V.
  expectClose(flashAttentionBytes(s, 64), 4 * 6 * (2 * 6400 + 2 * 6400 * 2), { atol: 0, rtol: 1e-12, label: "flash bytes, partial last block" });
  expectThrows(() => flashAttentionBytes(s, 0), /blockM/);
}, { taskId: "task-2" });

test("A100's ridge (≈ 153 FLOP/B) is lower than H100's: the same kernel is closer to compute-bound there", () => {
  expectClose(ridgePoint(A100), 312 / 2.039, { atol: 1e-9, rtol: 0, label: "A100 ridge" });
  const s = { batch: 1, heads: 32, seqLen: 2048, headDim: 128 };
  const flops = attentionFlops(s);
  const bytes = flashAttentionBytes(s, 128); // intensity 128 FLOP/B from HBM
  expectEqual(roofline(A100, flops, bytes).bound, "memory", "A100, 128 < 153");
  expectEqual(roofline(H100, flops, bytes).bound, "memory", "H100, 128 < 295");
  const big = flashAttentionBytes(s, 512);
  expectEqual(roofline(A100, flops, big).bound, "compute", "blockM = 512 would give 512 FLOP/B on A100");
  expectEqual(roofline(H100, flops, big).bound, "compute", "and on H100");
  expectThrows(() => roofline(H100, 0, 10), /roofline/);
}, { taskId: "task-3" });

test("A100 tiles: 128×128 with two stages, 128×64 with three; nothing fits a tiny shared memory", () => {
  const two = chooseTiles(A100, 128);
  expectEqual([two.blockM, two.blockN, two.blocksPerSm], [128, 128, 1], "A100, d = 128, 2 stages");
  const three = chooseTiles(A100, 128, { stages: 3 });
  expectEqual([three.blockM, three.blockN], [128, 64], "A100, d = 128, 3 stages");
  expectTrue(three.smemBytes <= 163 * 1024, `3-stage tile uses ${three.smemBytes} bytes ≤ 163 KiB`);
  expectThrows(() => chooseTiles({ ...A100, name: "toy", maxSmemPerBlockKiB: 8 }, 128), /chooseTiles/);
}, { taskId: "task-4" });

test("the H100 choice for d = 64 is 128×128 (reuse 64 beats 256×64's 51.2), two blocks per SM", () => {
  const t = chooseTiles(H100, 64);
  expectEqual([t.blockM, t.blockN, t.smemBytes, t.blocksPerSm], [128, 128, 81920, 2], "d = 64");
  const wide = chooseTiles(H100, 64, { candidatesM: [256], candidatesN: [64, 128] });
  expectEqual([wide.blockM, wide.blockN], [256, 64], "with blockM fixed at 256, 256×128 overflows the accumulator budget");
}, { taskId: "task-4" });

test("forward + backward: 3.5 × the forward FLOPs in the measured time", () => {
  const s = { batch: 8, heads: 16, seqLen: 2048, headDim: 128, causal: true };
  const flops = attentionFlops(s, "forward+backward");
  expectClose(utilisation(H100, flops, 2.5), flops / 2.5e-3 / 1e12 / 989.4, { atol: 1e-12, rtol: 1e-9, label: "utilisation" });
}, { taskId: "task-5" });
