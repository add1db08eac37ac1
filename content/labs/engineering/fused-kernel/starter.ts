// Fused bias + GELU: your file — scalar GELU (tanh form) and its derivative, one-loop kernels, a defineOp wrapper.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
import { defineOp, type Tensor } from "llmpath/tensor"; // forward and backward also need `Tensor` as a value: new Tensor(data, shape, dtype)

type Floats = Float32Array | Float64Array;

const K = Math.sqrt(2 / Math.PI);
const A = 0.044715;

/** Task 1: GELU, tanh approximation: ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
export function geluTanh(x: number): number {
  throw new Error("TODO: task 1 — ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))");
}

/** Task 1: d/dx of geluTanh: ½(1 + t) + ½·x·(1 − t²)·√(2/π)·(1 + 3·0.044715·x²), with t = tanh(u). */
export function geluTanhGrad(x: number): number {
  throw new Error("TODO: task 1 — differentiate the product: ½(1 + t) + ½·x·(1 − t²)·du/dx");
}

/** Task 2: out[i] = gelu(x[i] + b[i mod cols]) in one loop; x is row-major (rows, cols), out has x's length. */
export function biasGeluForward(x: Floats, b: Floats, cols: number, out: Floats): void {
  throw new Error("TODO: task 2 — one loop over x: out[i] = geluTanh(x[i] + b[i mod cols])");
}

/** Task 3: gx[i] = g[i]·gelu'(x[i] + b[i mod cols]); gb[j] = Σ over rows of gx[·, j]. One loop; gb must start at 0. */
export function biasGeluBackward(x: Floats, b: Floats, cols: number, g: Floats, gx: Floats, gb: Floats): void {
  throw new Error("TODO: task 3 — one loop: gx[i] = g[i]·geluTanhGrad(x[i] + b[j]); gb[j] += gx[i]");
}

/** A contiguous typed array holding exactly t's elements (no copy when t already is one). */
function flat(t: Tensor): Floats {
  const c = t.contiguous();
  const data = c.data as Floats;
  return c.offset === 0 && data.length === c.numel() ? data : (data.subarray(c.offset, c.offset + c.numel()) as Floats);
}

function empty(dtype: "float32" | "float64", n: number): Floats {
  return dtype === "float64" ? new Float64Array(n) : new Float32Array(n);
}

/** Task 4: gelu(x + b) as one differentiable op: x (…, C), b (C); one output buffer forward, two gradients backward. */
export const fusedBiasGelu = defineOp("fusedBiasGelu", {
  forward(ctx, x: Tensor, b: Tensor): Tensor {
    throw new Error("TODO: task 4 — check shapes, save x and b, allocate one output array, run biasGeluForward, wrap it in a Tensor");
  },
  backward(ctx, grad: Tensor): (Tensor | null)[] {
    throw new Error("TODO: task 4 — allocate gx and gb, run biasGeluBackward, return [gx, gb] as tensors");
  },
});
