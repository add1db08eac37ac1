// GPTQ: the tests shown to the learner — Hessian and damping, Cholesky factors, the column loop, and GPTQ vs RTN.
import { cholesky, dampen, gptqQuantize, hessian, inverseCholeskyUpper, outputError } from "learner";
import { eye, manualSeed, quant, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectShape, expectThrows, expectTrue, test } from "llmpath/testing";

// Factorisations are float64: |a − e| ≤ 1e-9 + 1e-9·|e|. Weights are float32: |a − e| ≤ 1e-6 + 1e-5·|e|.
const F64 = { atol: 1e-9, rtol: 1e-9 };
const F32 = { atol: 1e-6, rtol: 1e-5 };

/** Group-wise round-to-nearest from the engine (the baseline GPTQ must beat). */
function rtn(W: Tensor, bits: number, groupSize: number): Tensor {
  return quant.dequantizeGroupwise(quant.quantizeGroupwise(W, { bits, groupSize }));
}

/** A layer like the golden case: small weights, 256 calibration rows, input channel 5 twenty times larger. */
function layerCase(seed: number): { W: Tensor; X: Tensor } {
  manualSeed(seed);
  const W = randn([16, 64]).mul(0.05);
  const X = randn([256, 64]);
  for (let s = 0; s < 256; s++) X.data[s * 64 + 5] *= 20;
  return { W, X };
}

test("hessian(X) = 2 XᵀX, a symmetric (in, in) matrix", () => {
  manualSeed(1);
  const X = randn([10, 4]);
  const H = hessian(X);
  expectShape(H, [4, 4], "H");
  expectClose(H, X.double().transpose(0, 1).matmul(X.double()).mul(2), { atol: 1e-5, rtol: 1e-6, label: "2 XᵀX" });
  expectClose(H, H.transpose(0, 1), { ...F64, label: "H = Hᵀ" });
}, { taskId: "task-1" });

test("dampen adds λ·mean(diag H) to the diagonal only", () => {
  const H = tensor([[2, 1], [1, 4]], { dtype: "float64" });
  expectClose(dampen(H, 0.1), [[2.3, 1], [1, 4.3]], { ...F64, label: "dampen(H, 0.1): mean(diag) = 3" });
}, { taskId: "task-1" });

test("cholesky: L is lower triangular and L Lᵀ = A", () => {
  expectClose(cholesky(tensor([[4, 2], [2, 3]], { dtype: "float64" })), [[2, 0], [1, Math.SQRT2]], { ...F64, label: "cholesky([[4, 2], [2, 3]])" });
  manualSeed(2);
  const X = randn([12, 6]).double();
  const A = X.transpose(0, 1).matmul(X).add(eye(6).double());
  const L = cholesky(A);
  expectClose(L.matmul(L.transpose(0, 1)), A, { ...F64, label: "L Lᵀ" });
  expectClose(L.triu(1), A.mul(0), { ...F64, label: "entries above the diagonal" });
}, { taskId: "task-2" });

test("cholesky refuses a matrix that is not positive definite, with a clear message", () => {
  expectThrows(() => cholesky(tensor([[1, 2], [2, 1]], { dtype: "float64" })), /positive definite/);
}, { taskId: "task-2" });

test("inverseCholeskyUpper(H) = U upper triangular with Uᵀ U = H⁻¹", () => {
  manualSeed(3);
  const X = randn([20, 5]).double();
  const H = X.transpose(0, 1).matmul(X).mul(2).add(eye(5).double().mul(0.1));
  const U = inverseCholeskyUpper(H);
  expectClose(U.tril(-1), H.mul(0), { ...F64, label: "entries below the diagonal" });
  expectClose(H.matmul(U.transpose(0, 1).matmul(U)), eye(5).double(), { atol: 1e-8, rtol: 0, label: "H · (Uᵀ U)" });
}, { taskId: "task-2" });

test("with a diagonal Hessian there is nothing to compensate: GPTQ = round-to-nearest", () => {
  manualSeed(4);
  const W = randn([8, 64]);
  const H = tensor(Float64Array.from({ length: 64 * 64 }, (_, k) => (k % 65 === 0 ? 1 + (k % 7) : 0)), { shape: [64, 64], dtype: "float64" });
  const r = gptqQuantize(W, H, { bits: 4, groupSize: 32, blockSize: 32 });
  expectClose(r.Wq, rtn(W, 4, 32), { ...F32, label: "GPTQ with diagonal H vs RTN" });
}, { taskId: "task-3" });

test("GPTQ returns codes in [0, 15] with W' = (q − zero) · scale per group", () => {
  const { W, X } = layerCase(5);
  const r = gptqQuantize(W, hessian(X), { bits: 4, groupSize: 32 });
  expectShape(r.Wq, [16, 64], "Wq");
  expectShape(r.scale, [16, 2], "scale");
  expectTrue(r.q.toFloat64Array().every((c: number) => c >= 0 && c <= 15), "codes in [0, 15]");
  const spread = (t: Tensor) => t.reshape(16, 2, 1).expand(16, 2, 32).reshape(16, 64);
  expectClose(r.Wq, r.q.float().sub(spread(r.zero)).mul(spread(r.scale)), { ...F32, label: "(q − zero) · scale" });
}, { taskId: "task-3" });

test("lazy batches are an exact rewrite: blockSize 32, 64 and 128 give the same W'", () => {
  const { W, X } = layerCase(6);
  const H = hessian(X);
  const a = gptqQuantize(W, H, { bits: 4, groupSize: 32, blockSize: 32 }).Wq;
  expectClose(gptqQuantize(W, H, { bits: 4, groupSize: 32, blockSize: 64 }).Wq, a, { ...F32, label: "blockSize 64 vs 32" });
  expectClose(gptqQuantize(W, H, { bits: 4, groupSize: 32, blockSize: 128 }).Wq, a, { ...F32, label: "blockSize 128 vs 32" });
}, { taskId: "task-3" });

test("outputError is ‖X Wᵀ − X W'ᵀ‖_F", () => {
  const X = tensor([[1, 0], [0, 2]]);
  expectClose(outputError(X, tensor([[1, 1]]), tensor([[0, 1]])), 1, { ...F64, label: "error of one changed weight" });
  expectClose(outputError(X, tensor([[1, 1], [0, 0]]), tensor([[0, 0], [0, 0]])), Math.sqrt(5), { ...F64, label: "√(1² + 2²)" });
}, { taskId: "task-4" });

test("on a seeded layer like the golden case, 4-bit GPTQ (groups of 32) beats RTN on the calibration set", () => {
  const { W, X } = layerCase(7);
  const eRtn = outputError(X, W, rtn(W, 4, 32));
  const eGptq = outputError(X, W, gptqQuantize(W, hessian(X), { bits: 4, groupSize: 32 }).Wq);
  console.log(`output error ‖X Wᵀ − X W'ᵀ‖_F: RTN ${eRtn.toFixed(4)}, GPTQ ${eGptq.toFixed(4)} (ratio ${(eGptq / eRtn).toFixed(3)})`);
  expectTrue(eGptq < 0.9 * eRtn, `GPTQ error ${eGptq} should be below 0.9 × RTN error ${eRtn}`);
}, { taskId: "task-4" });
