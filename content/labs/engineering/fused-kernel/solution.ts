// Fused bias + GELU: reference solution — scalar GELU (tanh form) and its derivative, one-loop kernels, a defineOp wrapper.
import { defineOp, Tensor } from "llmpath/tensor";

type Floats = Float32Array | Float64Array;

const K = Math.sqrt(2 / Math.PI);
const A = 0.044715;

/** Task 1: GELU, tanh approximation: ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
export function geluTanh(x: number): number {
  return 0.5 * x * (1 + Math.tanh(K * (x + A * x * x * x)));
}

/** Task 1: d/dx of geluTanh: ½(1 + t) + ½·x·(1 − t²)·√(2/π)·(1 + 3·0.044715·x²), with t = tanh(u). */
export function geluTanhGrad(x: number): number {
  const t = Math.tanh(K * (x + A * x * x * x));
  return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * K * (1 + 3 * A * x * x);
}

/** Task 2: out[i] = gelu(x[i] + b[i mod cols]) in one loop; x is row-major (rows, cols), out has x's length. */
export function biasGeluForward(x: Floats, b: Floats, cols: number, out: Floats): void {
  if (b.length !== cols || x.length % cols !== 0 || out.length !== x.length) {
    throw new Error(`biasGeluForward: x has ${x.length} values, b ${b.length}, out ${out.length}; need b.length = cols = ${cols} dividing x.length = out.length`);
  }
  for (let i = 0, j = 0; i < x.length; i++) {
    out[i] = geluTanh(x[i]! + b[j]!);
    if (++j === cols) j = 0;
  }
}

/** Task 3: gx[i] = g[i]·gelu'(x[i] + b[i mod cols]); gb[j] = Σ over rows of gx[·, j]. One loop; gb must start at 0. */
export function biasGeluBackward(x: Floats, b: Floats, cols: number, g: Floats, gx: Floats, gb: Floats): void {
  if (b.length !== cols || gb.length !== cols || x.length % cols !== 0 || g.length !== x.length || gx.length !== x.length) {
    throw new Error(`biasGeluBackward: x ${x.length}, g ${g.length}, gx ${gx.length} values, b ${b.length}, gb ${gb.length}; cols = ${cols}`);
  }
  for (let i = 0, j = 0; i < x.length; i++) {
    const d = g[i]! * geluTanhGrad(x[i]! + b[j]!);
    gx[i] = d;
    gb[j] += d;
    if (++j === cols) j = 0;
  }
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
    const cols = x.shape[x.shape.length - 1];
    if (b.dim() !== 1 || cols === undefined || b.shape[0] !== cols) {
      throw new Error(`fusedBiasGelu: bias must be 1-D of size ${cols} (the last dim of x [${x.shape.join(", ")}]), got [${b.shape.join(", ")}]`);
    }
    if (x.dtype !== b.dtype || (x.dtype !== "float32" && x.dtype !== "float64")) {
      throw new Error(`fusedBiasGelu: x and b must share a float dtype, got ${x.dtype} and ${b.dtype}`);
    }
    ctx.save(x, b);
    const out = empty(x.dtype, x.numel());
    biasGeluForward(flat(x), flat(b), cols, out);
    return new Tensor(out, x.shape, x.dtype);
  },
  backward(ctx, grad: Tensor): (Tensor | null)[] {
    const [x, b] = ctx.saved as [Tensor, Tensor];
    const cols = b.shape[0]!;
    const gx = empty(x.dtype as "float32" | "float64", x.numel());
    const gb = empty(x.dtype as "float32" | "float64", cols);
    biasGeluBackward(flat(x), flat(b), cols, flat(grad.to(x.dtype)), gx, gb);
    return [new Tensor(gx, x.shape, x.dtype), new Tensor(gb, [cols], x.dtype)];
  },
});
