// Re-runs every golden test file of the engine with the WASM SIMD kernels forced on for every float32 size.
// (goldens-reference.test.ts does the same with LLMPATH_KERNELS=reference; the files themselves run in auto mode.)
import { setKernelMode } from "./config.ts";
import "../matmul.golden.test.ts";
import "../ops.golden.test.ts";
import "../nn/attention.golden.test.ts";
import "../nn/functional.golden.test.ts";
import "../nn/lora.golden.test.ts";
import "../optim/training.golden.test.ts";
import "../models/gpt2.golden.test.ts";
import "../linalg/linalg.golden.test.ts";
import "../quant/quant.golden.test.ts";
import { beforeAll, expect, it } from "vitest";
import { useSimdGemm } from "./gemm.ts";

beforeAll(() => setKernelMode("simd"));

it("the SIMD path is really on for these goldens", () => {
  expect(useSimdGemm(2, 3, 4)).toBe(true);
});
