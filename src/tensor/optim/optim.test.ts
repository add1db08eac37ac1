// Optimisers beyond the goldens: Adam's L2 form, Nesterov, state dicts, param groups, clipping and schedules.
import { describe, expect, it } from "vitest";
import { type Tensor, tensor } from "../core.ts";
import { Adam, AdamW } from "./adam.ts";
import { clipGradNorm } from "./clip.ts";
import { LambdaLR, cosineWithWarmup } from "./schedules.ts";
import { SGD } from "./sgd.ts";

const close = (a: number, e: number, tol = 1e-12) => Math.abs(a - e) <= tol + 1e-9 * Math.abs(e);
const param = (v: number[]) => tensor(Float64Array.from(v), { shape: [v.length], requiresGrad: true });
const setGrad = (p: Tensor, g: number[]) => {
  p.grad = tensor(Float64Array.from(g), { shape: [g.length] });
};

describe("Adam / AdamW", () => {
  it("Adam adds weightDecay·p to the gradient (L2), matching a hand-written step", () => {
    const p = param([1.5, -2]);
    const opt = new Adam([p], { lr: 0.1, betas: [0.8, 0.9], eps: 1e-6, weightDecay: 0.5 });
    const w = [1.5, -2];
    const m = [0, 0];
    const v = [0, 0];
    const gs = [[0.3, -1], [2, 0.5], [-0.7, 0.1]];
    gs.forEach((g, k) => {
      setGrad(p, g);
      opt.step();
      const t = k + 1;
      for (let i = 0; i < 2; i++) {
        const gi = g[i] + 0.5 * w[i];
        m[i] = 0.8 * m[i] + 0.2 * gi;
        v[i] = 0.9 * v[i] + 0.1 * gi * gi;
        w[i] -= ((0.1 / (1 - 0.8 ** t)) * m[i]) / (Math.sqrt(v[i]) / Math.sqrt(1 - 0.9 ** t) + 1e-6);
      }
      const got = p.toFloat64Array();
      expect(close(got[0], w[0]) && close(got[1], w[1])).toBe(true);
    });
  });

  it("AdamW decays the weights decoupled from the gradient; default weightDecay is 0.01", () => {
    const p = param([2]);
    const opt = new AdamW([p], { lr: 0.1 });
    expect(opt.paramGroups[0].weightDecay).toBe(0.01);
    setGrad(p, [0]); // zero gradient: only the decay acts
    opt.step();
    expect(close(p.toFloat64Array()[0], 2 * (1 - 0.1 * 0.01))).toBe(true);
  });

  it("amsgrad keeps the running maximum of v", () => {
    const p = param([0]);
    const opt = new Adam([p], { lr: 1, betas: [0, 0.5], eps: 0, amsgrad: true });
    setGrad(p, [2]);
    opt.step(); // m=2, v=2, vmax=2, step = 1·2/(√2/√0.5) = 1
    expect(close(p.toFloat64Array()[0], -1)).toBe(true);
    setGrad(p, [0.1]);
    opt.step(); // v = 1.005 but vmax stays 2: step = 0.1/(√2/√0.75)
    expect(close(p.toFloat64Array()[0], -1 - 0.1 / (Math.sqrt(2) / Math.sqrt(0.75)))).toBe(true);
  });

  it("stateDict/loadStateDict continue training identically", () => {
    const run = (split: boolean) => {
      const p = param([1, 2, 3]);
      let opt = new AdamW([p], { lr: 0.05, weightDecay: 0.1 });
      for (let k = 0; k < 4; k++) {
        if (split && k === 2) {
          const sd = opt.stateDict();
          opt = new AdamW([p], { lr: 999 });
          opt.loadStateDict(sd);
        }
        setGrad(p, [k + 0.5, -k, 1]);
        opt.step();
      }
      return p.toFloat64Array();
    };
    expect([...run(true)]).toEqual([...run(false)]);
  });

  it("skips parameters without a gradient and rejects bad hyper-parameters", () => {
    const a = param([1]);
    const b = param([1]);
    const opt = new Adam([a, b], { lr: 0.1 });
    setGrad(a, [1]);
    opt.step();
    expect(b.toFloat64Array()[0]).toBe(1);
    expect(a.toFloat64Array()[0]).not.toBe(1);
    expect(() => new Adam([a], { betas: [1, 0.9] })).toThrow(/Adam: betas must be in \[0, 1\)/);
    expect(() => new AdamW([])).toThrow(/empty parameter list/);
  });
});

describe("SGD", () => {
  it("nesterov and weight decay follow torch's formula", () => {
    const p = param([1]);
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 });
    let w = 1;
    let buf = 0;
    [[0.5], [-1], [2]].forEach((g, k) => {
      setGrad(p, g);
      opt.step();
      const d = g[0] + 0.01 * w;
      buf = k === 0 ? d : 0.9 * buf + d;
      w -= 0.1 * (d + 0.9 * buf);
      expect(close(p.toFloat64Array()[0], w)).toBe(true);
    });
  });

  it("plain SGD is p − lr·g; lr is settable; param groups keep their own lr", () => {
    const a = param([1]);
    const b = param([1]);
    const opt = new SGD([{ params: [a] }, { params: [b], lr: 1 }], { lr: 0.1 });
    setGrad(a, [1]);
    setGrad(b, [1]);
    opt.step();
    expect(close(a.toFloat64Array()[0], 0.9)).toBe(true);
    expect(close(b.toFloat64Array()[0], 0)).toBe(true);
    opt.lr = 0.5;
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.5, 0.5]);
    opt.zeroGrad();
    expect(a.grad).toBeNull();
    expect(() => new SGD([a], { lr: 0.1, nesterov: true })).toThrow(/nesterov needs momentum > 0/);
  });
});

describe("clipGradNorm", () => {
  it("leaves small gradients alone and returns the global norm", () => {
    const a = param([0, 0]);
    const b = param([0]);
    setGrad(a, [0.3, 0]);
    setGrad(b, [0.4]);
    expect(close(clipGradNorm([a, b], 1), 0.5)).toBe(true);
    expect([...a.grad!.toFloat64Array()]).toEqual([0.3, 0]);
  });

  it("scales by maxNorm/(norm+1e-6) and supports the infinity norm", () => {
    const a = param([0, 0]);
    setGrad(a, [3, -4]);
    expect(close(clipGradNorm([a], 1), 5)).toBe(true);
    const g = a.grad!.toFloat64Array();
    expect(close(g[0], (3 * 1) / (5 + 1e-6)) && close(g[1], (-4 * 1) / (5 + 1e-6))).toBe(true);
    setGrad(a, [3, -4]);
    expect(clipGradNorm([a], 2, Number.POSITIVE_INFINITY)).toBe(4);
    expect(close(a.grad!.toFloat64Array()[1], (-4 * 2) / (4 + 1e-6))).toBe(true);
    expect(() => clipGradNorm([a], 1, 1)).toThrow(/normType must be 2 or Infinity/);
  });
});

describe("schedules", () => {
  it("cosineWithWarmup: warm-up ramp, peak, midpoint, floor", () => {
    const f = cosineWithWarmup({ warmupSteps: 4, totalSteps: 14, maxLr: 1, minLr: 0.1 });
    expect([f(0), f(3)]).toEqual([0.25, 1]);
    expect(f(4)).toBe(1);
    expect(close(f(9), 0.55)).toBe(true);
    expect(close(f(14), 0.1)).toBe(true);
    expect(close(f(100), 0.1)).toBe(true);
    expect(() => cosineWithWarmup({ warmupSteps: 5, totalSteps: 5, maxLr: 1 })).toThrow(/warmupSteps < totalSteps/);
  });

  it("LambdaLR multiplies the initial lr by lambda(epoch)", () => {
    const p = param([1]);
    const opt = new SGD([p], { lr: 0.2 });
    const sched = new LambdaLR(opt, (e) => 1 / (e + 1));
    expect(opt.lr).toBe(0.2);
    sched.step();
    expect(close(opt.lr, 0.1)).toBe(true);
    sched.step();
    expect(close(sched.getLastLr()[0], 0.2 / 3)).toBe(true);
    const sd = sched.stateDict();
    const again = new LambdaLR(new SGD([param([0])], { lr: 0.2 }), (e) => 1 / (e + 1));
    again.loadStateDict(sd);
    expect(close(again.getLastLr()[0], 0.2 / 3)).toBe(true);
  });
});
