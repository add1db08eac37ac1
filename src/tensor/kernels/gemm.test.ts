// The WASM SIMD matmul against the float64 reference loop: odd sizes, strided (transposed) operands, batches, threads.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { manualSeed, randn, type Tensor } from "../core.ts";
import { setKernelMode, setThreads } from "./config.ts";
import { useSimdGemm } from "./gemm.ts";
import { poolSize, shutdownPool } from "./pool.ts";

/** Max |s − r| − (atol + rtol·|r|) over all elements: ≤ 0 means close. */
function excess(s: Float32Array, r: Float32Array, atol: number, rtol: number): number {
  let worst = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < r.length; i++) worst = Math.max(worst, Math.abs(s[i] - r[i]) - (atol + rtol * Math.abs(r[i])));
  return worst;
}

function both(f: () => Tensor): { simd: Float32Array; ref: Float32Array } {
  setKernelMode("reference");
  const ref = f().toFloat32Array();
  setKernelMode("simd");
  const simd = f().toFloat32Array();
  return { simd, ref };
}

afterEach(() => {
  setKernelMode(null);
  setThreads(null);
});
afterAll(() => shutdownPool());

describe("simd gemm", () => {
  it("is on in simd mode and off in reference mode", () => {
    setKernelMode("simd");
    expect(useSimdGemm(1, 1, 1)).toBe(true);
    setKernelMode("reference");
    expect(useSimdGemm(512, 512, 512)).toBe(false);
  });

  it("matches the reference for sizes that are not multiples of the 4×8 tile, odd K included", () => {
    manualSeed(3);
    for (const [M, K, N] of [[1, 1, 1], [3, 5, 7], [4, 8, 8], [9, 1, 17], [33, 67, 15], [70, 257, 41], [128, 300, 130]]) {
      const a = randn([M, K]);
      const b = randn([K, N]);
      const { simd, ref } = both(() => a.matmul(b));
      expect(simd.length).toBe(M * N);
      expect(excess(simd, ref, 1e-5, 1e-4), `${M}×${K}·${K}×${N}`).toBeLessThanOrEqual(0);
    }
  });

  it("reads transposed, sliced and broadcast operands through their strides", () => {
    manualSeed(4);
    const a = randn([3, 40, 21]);
    const b = randn([3, 19, 40]);
    const w = randn([50, 21]);
    const cases: [string, () => Tensor][] = [
      ["aᵀ·bᵀ", () => a.transpose(1, 2).matmul(b.transpose(1, 2))], // (3,21,40)·(3,40,19)
      ["a·wᵀ (Linear)", () => a.matmul(w.transpose(0, 1))],
      ["slice", () => a.slice(1, 5, 35, 2).matmul(w.slice(0, 0, 20).transpose(0, 1))],
      ["broadcast batch", () => b.slice(0, 0, 1).matmul(a)], // (1,19,40)·(3,40,21)
    ];
    for (const [name, f] of cases) {
      const { simd, ref } = both(f);
      expect(excess(simd, ref, 1e-5, 1e-4), name).toBeLessThanOrEqual(0);
    }
  });

  it("gives the same gradients as the reference (backward uses transposed views)", () => {
    manualSeed(5);
    const grads = (mode: "simd" | "reference") => {
      setKernelMode(mode);
      const a = randn([30, 50], { requiresGrad: true });
      const b = randn([50, 20], { requiresGrad: true });
      manualSeed(5);
      a.matmul(b).tanh().sum().backward();
      return [a.grad!.toFloat32Array(), b.grad!.toFloat32Array()];
    };
    manualSeed(5);
    const r = grads("reference");
    manualSeed(5);
    const s = grads("simd");
    expect(excess(s[0], r[0], 1e-5, 1e-4)).toBeLessThanOrEqual(0);
    expect(excess(s[1], r[1], 1e-5, 1e-4)).toBeLessThanOrEqual(0);
  });

  it("splits a large product over worker threads with the same result as one thread", () => {
    manualSeed(6);
    const a = randn([300, 280]);
    const b = randn([280, 260]);
    setKernelMode("simd");
    setThreads(1);
    const one = a.matmul(b).toFloat32Array();
    setThreads(3);
    const three = a.matmul(b).toFloat32Array();
    const again = a.matmul(b).toFloat32Array();
    expect(poolSize()).toBe(2);
    // Each output element is computed by exactly one thread in the same order: bitwise equal.
    expect(Buffer.from(three.buffer).equals(Buffer.from(one.buffer))).toBe(true);
    expect(Buffer.from(again.buffer).equals(Buffer.from(one.buffer))).toBe(true);
  });

  it("splits ragged products (partial last panel, transposed operand) over threads bitwise like one thread", () => {
    manualSeed(7);
    const a = randn([303, 64]); // 76 panels, the last one has 3 rows; K small: packing and copy-out dominate
    const w = randn([258, 64]); // used as wᵀ (64 × 258): a transposed view, N not a multiple of 8
    setKernelMode("simd");
    setThreads(1);
    const one = a.matmul(w.transpose(0, 1)).toFloat32Array();
    setThreads(2);
    const two = a.matmul(w.transpose(0, 1)).toFloat32Array();
    expect(Buffer.from(two.buffer).equals(Buffer.from(one.buffer))).toBe(true);
  });

  it("lets a process that used worker threads exit on its own", () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
    const script = `import { randn } from "./src/tensor/core.ts"; import { setThreads } from "./src/tensor/kernels/config.ts";
      setThreads(2); const c = randn([512, 512]).matmul(randn([512, 512])); console.log("done", c.shape.join("x"));`;
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root, encoding: "utf8", timeout: 30_000 });
    expect(out.trim()).toBe("done 512x512");
  });

  it("rejects a bad LLMPATH_THREADS value by name", () => {
    expect(() => setThreads(0)).toThrow(/whole number ≥ 1/);
  });
});
