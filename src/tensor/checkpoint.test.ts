// checkpoint gives the same gradients as plain backprop and memory.stats() measures what it saves.
import { describe, expect, it } from "vitest";
import { type Tensor, assertClose, checkpoint, defineOp, manualSeed, memory, noGrad, rand, randn, releaseGraph, tensor } from "./core.ts";

function makeLayers(n: number, width: number): Tensor[] {
  manualSeed(3);
  return Array.from({ length: n }, () => randn([width, width], { requiresGrad: true }).mul(0.3).detach().requiresGrad_());
}
const layer = (x: Tensor, w: Tensor) => x.matmul(w).tanh().mul(x.sigmoid());

function run(layers: Tensor[], x: Tensor, useCheckpoint: boolean): { grads: Tensor[]; xGrad: Tensor; peak: number } {
  for (const w of layers) w.grad = null;
  x.grad = null;
  memory.reset();
  let h = x;
  for (const w of layers) h = useCheckpoint ? checkpoint((a) => layer(a, w), h) : layer(h, w);
  const loss = h.pow(2).sum();
  loss.backward();
  const peak = memory.stats().peakBytes;
  expect(memory.stats().liveBytes).toBe(0);
  return { grads: layers.map((w) => w.grad!), xGrad: x.grad!, peak };
}

describe("checkpoint", () => {
  it("same gradients as without it, and a smaller measured peak", () => {
    const layers = makeLayers(6, 16);
    const x = randn([8, 16], { requiresGrad: true });
    const plain = run(layers, x, false);
    const ckpt = run(layers, x, true);
    plain.grads.forEach((g, i) => {
      assertClose(ckpt.grads[i], g, { atol: 1e-6, rtol: 1e-5, name: `layer ${i}` });
    });
    assertClose(ckpt.xGrad, plain.xGrad, { atol: 1e-6, rtol: 1e-5 });
    expect(ckpt.peak).toBeLessThan(plain.peak / 2);
  });

  it("replays the random state so a dropout-like mask matches in recomputation", () => {
    const x = randn([50], { requiresGrad: true });
    const f = (a: Tensor) => a.mul(rand([50]).lt(0.5).float()).mul(2);
    manualSeed(9);
    f(x).sum().backward();
    const plain = x.grad!;
    x.grad = null;
    manualSeed(9);
    checkpoint(f, x).sum().backward();
    assertClose(x.grad!, plain, { atol: 0 });
  });
});

describe("memory.stats", () => {
  it("counts op outputs retained by the graph, not views, not noGrad, and frees them on backward", () => {
    memory.reset();
    const x = randn([10, 10], { requiresGrad: true }); // leaf: not counted
    expect(memory.stats().liveBytes).toBe(0);
    const y = x.mul(2); // 400 bytes
    expect(memory.stats().liveBytes).toBe(400);
    const v = y.transpose(0, 1).unsqueeze(0).slice(1, 0, 5); // views: 0 bytes, shape [1,5,10]
    expect(memory.stats().liveBytes).toBe(400);
    noGrad(() => x.mul(3));
    expect(memory.stats().liveBytes).toBe(400);
    const s = v.exp().sum(); // exp: 50 floats = 200 bytes, sum: 4 bytes
    const before = memory.stats().liveBytes;
    expect(before).toBe(400 + 200 + 4);
    s.backward();
    expect(memory.stats()).toEqual({ liveBytes: 0, peakBytes: before });
    memory.resetPeak();
    expect(memory.stats().peakBytes).toBe(0);
  });

  it("counts tensors saved by defineOp and releaseGraph drops a graph without backward", () => {
    memory.reset();
    const op = defineOp("saveBoth", {
      forward: (ctx, a: Tensor) => {
        ctx.save(a.mul(2));
        return a.add(1);
      },
      backward: (_ctx, g) => [g],
    });
    const a = tensor(new Float64Array(8), { requiresGrad: true });
    const out = op(a);
    expect(memory.stats().liveBytes).toBe(64 + 64);
    releaseGraph(out);
    expect(memory.stats().liveBytes).toBe(0);
  });
});
