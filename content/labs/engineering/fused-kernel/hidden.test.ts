// Fused bias + GELU: tests run at grading only — 3-D inputs, float64 gradcheck, views, extreme values, bad shapes.
import { biasGeluBackward, biasGeluForward, fusedBiasGelu, geluTanh, geluTanhGrad } from "learner";
import { F, gradcheck, manualSeed, noGrad, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectThrows, expectTrue, test } from "llmpath/testing";

const F32 = { atol: 1e-6, rtol: 1e-5 };
const unfused = (x: Tensor, b: Tensor) => F.gelu(x.add(b), { approximate: "tanh" });

test("geluTanh and its derivative at large |x| stay finite and approach relu and the step", () => {
  expectClose([geluTanh(30), geluTanh(-30), geluTanhGrad(30), geluTanhGrad(-30)], [30, 0, 1, 0], { atol: 1e-12, rtol: 1e-12, label: "x = ±30" });
  expectClose(geluTanhGrad(0), 0.5, { atol: 1e-15, rtol: 0, label: "gelu'(0)" });
}, { taskId: "task-1" });

test("float64 kernels: forward and backward on a (3, 4) block", () => {
  manualSeed(11);
  const x = randn([3, 4]).double().requiresGrad_();
  const b = randn([4]).double().requiresGrad_();
  const g = randn([3, 4]).double();
  const out = new Float64Array(12);
  biasGeluForward(x.toFloat64Array(), b.toFloat64Array(), 4, out);
  const y = unfused(x, b);
  expectClose(tensor(out, { shape: [3, 4], dtype: "float64" }), y, { atol: 1e-12, rtol: 1e-12, label: "float64 forward" });
  y.backward(g);
  const gx = new Float64Array(12);
  const gb = new Float64Array(4);
  biasGeluBackward(x.toFloat64Array(), b.toFloat64Array(), 4, g.toFloat64Array(), gx, gb);
  expectClose(tensor(gx, { shape: [3, 4], dtype: "float64" }), x.grad, { atol: 1e-12, rtol: 1e-10, label: "float64 ∂L/∂x" });
  expectClose(tensor(gb, { dtype: "float64" }), b.grad, { atol: 1e-12, rtol: 1e-10, label: "float64 ∂L/∂b" });
}, { taskId: "task-3" });

test("fusedBiasGelu on (2, 3, 4) input: values, gradients and a float64 gradcheck", () => {
  manualSeed(12);
  const x = randn([2, 3, 4]).double().requiresGrad_();
  const b = randn([4]).double().requiresGrad_();
  expectClose(fusedBiasGelu(x, b), unfused(x, b), { atol: 1e-12, rtol: 1e-12, label: "values (2, 3, 4)" });
  expectTrue(gradcheck((xx: Tensor, bb: Tensor) => fusedBiasGelu(xx, bb), [x, b], { eps: 1e-6, atol: 1e-7, rtol: 1e-5 }), "gradcheck (2, 3, 4)");
}, { taskId: "task-4" });

test("a non-contiguous x (a transposed view) gives the same result as its contiguous copy", () => {
  manualSeed(13);
  const base = randn([6, 5]);
  const xt = base.transpose(0, 1); // (5, 6), not contiguous
  const b = randn([6]);
  expectClose(fusedBiasGelu(xt, b), unfused(xt, b), { ...F32, label: "transposed x" });
}, { taskId: "task-4" });

test("gradients reach x and b when used inside a bigger graph, and the op works under noGrad", () => {
  manualSeed(14);
  const x = randn([4, 8], { requiresGrad: true });
  const b = randn([8], { requiresGrad: true });
  fusedBiasGelu(x.mul(2), b).sum().backward();
  const x2 = x.detach().requiresGrad_();
  const b2 = b.detach().requiresGrad_();
  unfused(x2.mul(2), b2).sum().backward();
  expectClose(x.grad, x2.grad, { atol: 1e-5, rtol: 1e-5, label: "∂/∂x through x·2 (float32 chain vs float64 kernel math)" });
  expectClose(b.grad, b2.grad, { ...F32, label: "∂/∂b" });
  const y = noGrad(() => fusedBiasGelu(x, b));
  expectEqual(y.requiresGrad, false, "requiresGrad under noGrad");
}, { taskId: "task-4" });

test("a bias whose size is not the last dim of x is rejected with a clear error", () => {
  expectThrows(() => fusedBiasGelu(randn([3, 5]), randn([4])), /^(?!TODO)[\s\S]*(bias|last dim|shape|size)/i);
}, { taskId: "task-4" });

test("biasGeluForward on one row of one column and on a 1000-element row", () => {
  const out1 = new Float32Array(1);
  biasGeluForward(Float32Array.of(0.25), Float32Array.of(0.5), 1, out1);
  expectClose(out1[0], geluTanh(Math.fround(0.25) + Math.fround(0.5)), { ...F32, label: "one element" });
  manualSeed(15);
  const x = randn([1, 1000]);
  const b = randn([1000]);
  const out = new Float32Array(1000);
  biasGeluForward(x.toFloat32Array(), b.toFloat32Array(), 1000, out);
  expectClose(tensor(out, { shape: [1, 1000] }), unfused(x, b), { ...F32, label: "1 × 1000" });
}, { taskId: "task-2" });
