// FlashAttention tiling: the tests shown to the learner — plain attention, online softmax, tiles, memory and traffic counts.
import { blockSize, combineStats, flashAttention, ioNaive, ioTiled, naiveAttention, onlineSoftmax } from "learner";
import { F, manualSeed, randn, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectTrue, test } from "llmpath/testing";

// float32 kernels against the engine's attention: |a − e| ≤ 1e-5 + 1e-4·|e|.
const TOL = { atol: 1e-5, rtol: 1e-4 };

/** The instrumented memory the kernels receive: counts HBM allocations, SRAM allocations (at most M) and traffic. */
function meter(M = Number.POSITIVE_INFINITY) {
  const c = { hbm: 0, sram: 0, read: 0, write: 0 };
  const mem = {
    hbm: (n: number) => { c.hbm += n; return new Float32Array(n); },
    sram: (n: number) => {
      if (c.sram + n > M) throw new Error(`SRAM overflow: ${c.sram} + ${n} floats > M = ${M}`);
      c.sram += n;
      return new Float32Array(n);
    },
    read: (n: number) => { c.read += n; },
    write: (n: number) => { c.write += n; },
  };
  return { c, mem };
}

function qkv(seed: number, T: number, d: number) {
  manualSeed(seed);
  return [randn([T, d]), randn([T, d]), randn([T, d])].map((t) => t.toFloat32Array()) as [Float32Array, Float32Array, Float32Array];
}

function reference(q: Float32Array, k: Float32Array, v: Float32Array, T: number, d: number, causal: boolean) {
  const t = (a: Float32Array) => tensor(a, { shape: [T, d] });
  return F.scaledDotProductAttention(t(q), t(k), t(v), { isCausal: causal });
}

test("naiveAttention equals the engine's attention, with and without the causal mask", () => {
  const [q, k, v] = qkv(1, 10, 4);
  for (const causal of [false, true]) {
    expectClose(tensor(naiveAttention(q, k, v, 10, 4, { causal }), { shape: [10, 4] }), reference(q, k, v, 10, 4, causal), { ...TOL, label: `causal = ${causal}` });
  }
}, { taskId: "task-1" });

test("naiveAttention keeps the whole T×T score matrix in HBM", () => {
  const [q, k, v] = qkv(2, 32, 8);
  const { c, mem } = meter();
  naiveAttention(q, k, v, 32, 8, { mem });
  expectTrue(c.hbm >= 32 * 32, `extra HBM floats ${c.hbm} should be ≥ T² = 1024`);
}, { taskId: "task-1" });

test("combineStats merges two parts of a row; the empty part (−∞, 0) is neutral", () => {
  const a = { max: 1, sum: 2 };
  const b = { max: 3, sum: 1 };
  const r = combineStats(a, b);
  expectClose([r.max, r.sum], [3, 2 * Math.exp(-2) + 1], { atol: 1e-12, rtol: 1e-12, label: "combine (1, 2) with (3, 1)" });
  const e = combineStats({ max: Number.NEGATIVE_INFINITY, sum: 0 }, a);
  expectClose([e.max, e.sum], [1, 2], { atol: 1e-12, rtol: 0, label: "empty ∪ (1, 2)" });
}, { taskId: "task-2" });

test("onlineSoftmax in chunks of 1, 3 and 7 gives the two-pass max and sum, even for scores near 1000", () => {
  const x = [1000, 998.5, -3, 1001, 999, 0.5, 1000.25];
  const mx = Math.max(...x);
  const sum = x.reduce((s, v) => s + Math.exp(v - mx), 0);
  for (const chunk of [1, 3, 7]) {
    const r = onlineSoftmax(x, chunk);
    expectClose([r.max, r.sum], [mx, sum], { atol: 1e-12, rtol: 1e-12, label: `chunk ${chunk}` });
  }
}, { taskId: "task-2" });

test("flashAttention equals the engine's attention for tiles that do not divide T (causal and not)", () => {
  const [q, k, v] = qkv(3, 37, 8);
  for (const causal of [false, true]) {
    const { out, lse } = flashAttention(q, k, v, 37, 8, { causal, blockQ: 8, blockK: 5 });
    expectClose(tensor(out, { shape: [37, 8] }), reference(q, k, v, 37, 8, causal), { ...TOL, label: `out, causal = ${causal}` });
    const t = (a: Float32Array) => tensor(a, { shape: [37, 8] });
    let scores = t(q).matmul(t(k).transpose(0, 1)).div(Math.sqrt(8));
    if (causal) scores = scores.add(tensor(Float32Array.from({ length: 37 * 37 }, (_, i) => (i % 37 > Math.floor(i / 37) ? -Infinity : 0)), { shape: [37, 37] }));
    expectClose(tensor(lse), scores.logsumexp(-1), { ...TOL, label: `log-sum-exp per row, causal = ${causal}` });
  }
}, { taskId: "task-3" });

test("flashAttention's extra memory grows like T, the naive one's like T²", () => {
  const extra = (T: number, naive: boolean) => {
    const [q, k, v] = qkv(4, T, 16);
    const { c, mem } = meter();
    if (naive) naiveAttention(q, k, v, T, 16, { mem });
    else flashAttention(q, k, v, T, 16, { blockQ: 16, blockK: 16, mem });
    return c.hbm + c.sram;
  };
  const [n1, n2, f1, f2] = [extra(128, true), extra(256, true), extra(128, false), extra(256, false)];
  console.log(`extra floats: naive ${n1} → ${n2} (×${(n2 / n1).toFixed(2)}), tiled ${f1} → ${f2} (×${(f2 / f1).toFixed(2)}) when T doubles`);
  expectTrue(n2 / n1 > 3.9, `naive: doubling T should ~quadruple the extra memory (×${(n2 / n1).toFixed(2)})`);
  expectTrue(f2 / f1 < 2.05, `tiled: doubling T should at most double the extra memory (×${(f2 / f1).toFixed(2)})`);
  expectTrue(f2 < n2 / 20, `at T = 256 tiled needs ${f2} floats, naive ${n2}`);
}, { taskId: "task-3" });

test("blockSize(4096, 16) = 39: the largest B with 4·B·d + B² + 2B ≤ M", () => {
  expectEqual(blockSize(4096, 16), 39, "blockSize(4096, 16)");
}, { taskId: "task-4" });

test("traffic: the kernels move exactly ioNaive and ioTiled floats, and tiling moves fewer", () => {
  const T = 128;
  const d = 16;
  const M = 4096;
  const B = blockSize(M, d);
  const [q, k, v] = qkv(5, T, d);
  const naive = meter();
  naiveAttention(q, k, v, T, d, { mem: naive.mem });
  const tiled = meter(M);
  flashAttention(q, k, v, T, d, { blockQ: B, blockK: B, mem: tiled.mem });
  const movedNaive = naive.c.read + naive.c.write;
  const movedTiled = tiled.c.read + tiled.c.write;
  expectEqual(ioNaive(T, d), 4 * T * d + 4 * T * T, "ioNaive(128, 16) = 4Td + 4T²");
  expectEqual(movedNaive, ioNaive(T, d), "floats moved by naiveAttention");
  expectEqual(ioTiled(T, d, B, B), 2 * T * d + T + 2 * T * d * Math.ceil(T / B), "ioTiled(128, 16, 39, 39) = 2Td + T + 2Td·⌈T/Br⌉");
  expectEqual(movedTiled, ioTiled(T, d, B, B), "floats moved by flashAttention");
  console.log(`HBM traffic at T = ${T}, d = ${d}, M = ${M} (tiles of ${B}): naive ${movedNaive}, tiled ${movedTiled} floats (${(movedNaive / movedTiled).toFixed(2)}× less)`);
  expectTrue(movedTiled < movedNaive, `tiled traffic ${movedTiled} < naive ${movedNaive}`);
}, { taskId: "task-4" });
