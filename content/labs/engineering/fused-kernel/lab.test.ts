// Fused bias + GELU: the tests shown to the learner — scalar GELU and derivative, the two kernels, the op, and what fusion saves.
import { biasGeluBackward, biasGeluForward, fusedBiasGelu, geluTanh, geluTanhGrad } from "learner";
import { F, gradcheck, manualSeed, memory, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectTrue, test } from "llmpath/testing";

// float32 values against the engine's composed GELU: |a − e| ≤ 1e-6 + 1e-5·|e|; float64: 1e-12.
const F32 = { atol: 1e-6, rtol: 1e-5 };

const unfused = (x: Tensor, b: Tensor) => F.gelu(x.add(b), { approximate: "tanh" });

/** Ops recorded in the autograd graph behind t, and the bytes of the tensors they produced. */
function graphCost(t: Tensor): { ops: number; bytes: number } {
  const seen = new Set<unknown>();
  let bytes = 0;
  const visit = (u: Tensor) => {
    const node = u.gradFn;
    if (!node || seen.has(node)) return;
    seen.add(node);
    bytes += node.bytes;
    for (const i of node.inputs) visit(i);
  };
  visit(t);
  return { ops: seen.size, bytes };
}

test("geluTanh matches F.gelu(x, {approximate: 'tanh'}) and geluTanhGrad matches central differences", () => {
  const xs = [-4, -1.5, -0.3, 0, 0.2, 1, 2.5, 6];
  expectClose(xs.map(geluTanh), F.gelu(tensor(xs, { dtype: "float64" }), { approximate: "tanh" }), { atol: 1e-12, rtol: 1e-12, label: "geluTanh" });
  const h = 1e-6;
  expectClose(xs.map(geluTanhGrad), xs.map((x) => (geluTanh(x + h) - geluTanh(x - h)) / (2 * h)), { atol: 1e-8, rtol: 1e-7, label: "geluTanhGrad" });
}, { taskId: "task-1" });

test("biasGeluForward writes gelu(x + b) into out and leaves x and b alone", () => {
  manualSeed(1);
  const x = randn([5, 7]);
  const b = randn([7]);
  const xs = x.toFloat32Array();
  const bs = b.toFloat32Array();
  const out = new Float32Array(35);
  biasGeluForward(xs, bs, 7, out);
  expectClose(tensor(out, { shape: [5, 7] }), unfused(x, b), { ...F32, label: "out" });
  expectClose(xs, x.toFloat32Array(), { atol: 0, rtol: 0, label: "x unchanged" });
  expectClose(bs, b.toFloat32Array(), { atol: 0, rtol: 0, label: "b unchanged" });
}, { taskId: "task-2" });

test("biasGeluBackward gives the gradients autograd finds through the unfused version", () => {
  manualSeed(2);
  const x = randn([4, 6], { requiresGrad: true });
  const b = randn([6], { requiresGrad: true });
  const g = randn([4, 6]);
  unfused(x, b).backward(g);
  const gx = new Float32Array(24);
  const gb = new Float32Array(6);
  biasGeluBackward(x.toFloat32Array(), b.toFloat32Array(), 6, g.toFloat32Array(), gx, gb);
  expectClose(tensor(gx, { shape: [4, 6] }), x.grad, { ...F32, label: "∂L/∂x" });
  expectClose(tensor(gb), b.grad, { ...F32, label: "∂L/∂b (summed over rows)" });
}, { taskId: "task-3" });

test("fusedBiasGelu equals the unfused op in values and gradients (float32)", () => {
  manualSeed(3);
  const x1 = randn([8, 16], { requiresGrad: true });
  const b1 = randn([16], { requiresGrad: true });
  const x2 = x1.detach().requiresGrad_();
  const b2 = b1.detach().requiresGrad_();
  const g = randn([8, 16]);
  const y1 = fusedBiasGelu(x1, b1);
  const y2 = unfused(x2, b2);
  expectClose(y1, y2, { ...F32, label: "values" });
  y1.backward(g);
  y2.backward(g);
  expectClose(x1.grad, x2.grad, { ...F32, label: "∂L/∂x" });
  expectClose(b1.grad, b2.grad, { ...F32, label: "∂L/∂b" });
}, { taskId: "task-4" });

test("gradcheck of fusedBiasGelu in float64", () => {
  manualSeed(4);
  const x = randn([3, 5]).double().requiresGrad_();
  const b = randn([5]).double().requiresGrad_();
  expectTrue(gradcheck((xx: Tensor, bb: Tensor) => fusedBiasGelu(xx, bb), [x, b], { eps: 1e-6, atol: 1e-7, rtol: 1e-5 }), "gradcheck passes");
}, { taskId: "task-4" });

test("fusion: one op and one output buffer instead of nine (counted in the autograd graph)", () => {
  manualSeed(5);
  const x = randn([64, 256], { requiresGrad: true });
  const b = randn([256], { requiresGrad: true });
  memory.reset();
  const yu = unfused(x, b);
  const peakUnfused = memory.stats().peakBytes;
  const cu = graphCost(yu);
  memory.reset();
  const yf = fusedBiasGelu(x, b);
  const peakFused = memory.stats().peakBytes;
  const cf = graphCost(yf);
  memory.reset();
  console.log(`unfused: ${cu.ops} ops writing ${cu.bytes} bytes (activation memory ${peakUnfused}); fused: ${cf.ops} op writing ${cf.bytes} bytes (activation memory ${peakFused})`);
  expectEqual(cf.ops, 1, "ops recorded by the fused version");
  expectEqual(cf.bytes, 64 * 256 * 4, "bytes written by the fused version: one float32 output");
  expectTrue(cu.bytes / cf.bytes >= 8, `the unfused chain writes ${(cu.bytes / cf.bytes).toFixed(1)}× the fused bytes (expected ≥ 8)`);
  expectTrue(peakFused < peakUnfused / 3, `fused activation memory ${peakFused} should be < a third of unfused ${peakUnfused}`);
  const time = (f: () => unknown) => { const t0 = performance.now(); for (let i = 0; i < 5; i++) f(); return (performance.now() - t0) / 5; };
  const xd = x.detach();
  const bd = b.detach();
  console.log(`forward time (printed, not asserted): unfused ${time(() => unfused(xd, bd)).toFixed(2)} ms, fused ${time(() => fusedBiasGelu(xd, bd)).toFixed(2)} ms`);
}, { taskId: "task-4" });
