// Adam and AdamW, matching torch.optim.Adam / AdamW (torch 1.13 `_single_tensor_adam[w]`) update for update.
import type { Tensor } from "../core.ts";
import { type ParamsArg, Optimizer, gradStorage, paramStorage } from "./optimizer.ts";

export interface AdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
}

/**
 * One Adam step on parameter p (t = step count after increment):
 *   AdamW: p = p·(1 − lr·wd)           Adam: g = g + wd·p   (L2 penalty)
 *   m = β1·m + (1 − β1)·g;  v = β2·v + (1 − β2)·g²   (amsgrad: vmax = max(vmax, v), used below)
 *   p = p − lr/(1 − β1^t) · m / (√v / √(1 − β2^t) + eps)
 */
function adamUpdate(
  opt: "Adam" | "AdamW",
  p: Tensor,
  s: { step: number; buffers: Record<string, Float32Array | Float64Array> },
  h: AdamOptions,
): void {
  const g = gradStorage(opt, p);
  if (!g) return;
  const { data: w, offset: wo } = paramStorage(opt, p);
  const { lr, eps, weightDecay: wd, amsgrad } = h;
  const [b1, b2] = h.betas;
  const m = s.buffers.expAvg;
  const v = s.buffers.expAvgSq;
  const vmax = s.buffers.maxExpAvgSq;
  s.step++;
  const stepSize = lr / (1 - b1 ** s.step);
  const bc2Sqrt = Math.sqrt(1 - b2 ** s.step);
  const decay = opt === "AdamW" ? 1 - lr * wd : 1;
  const l2 = opt === "Adam" ? wd : 0;
  const n = p.numel();
  for (let i = 0; i < n; i++) {
    let pi = w[wo + i] * decay;
    const gi = g.data[g.offset + i] + l2 * pi;
    m[i] = b1 * m[i] + (1 - b1) * gi;
    v[i] = b2 * v[i] + (1 - b2) * gi * gi;
    let vi = v[i];
    if (amsgrad) vi = vmax[i] = Math.max(vmax[i], vi);
    pi -= (stepSize * m[i]) / (Math.sqrt(vi) / bc2Sqrt + eps);
    w[wo + i] = pi;
  }
}

function checkAdam(name: string, h: AdamOptions): void {
  if (!(h.lr >= 0)) throw new Error(`${name}: lr must be a non-negative number, got ${h.lr}`);
  const [b1, b2] = h.betas;
  if (!(b1 >= 0 && b1 < 1 && b2 >= 0 && b2 < 1)) throw new Error(`${name}: betas must be in [0, 1), got [${b1}, ${b2}]`);
  if (!(h.eps >= 0)) throw new Error(`${name}: eps must be non-negative, got ${h.eps}`);
}

const BUFFERS = ["expAvg", "expAvgSq"] as const;
const AMS_BUFFERS = ["expAvg", "expAvgSq", "maxExpAvgSq"] as const;

/** Adam with weightDecay as an L2 penalty added to the gradient (torch.optim.Adam). */
export class Adam extends Optimizer<AdamOptions> {
  protected readonly name = "Adam";
  constructor(params: ParamsArg<AdamOptions>, opts: Partial<AdamOptions> = {}) {
    const h: AdamOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, ...opts };
    checkAdam("Adam", h);
    super(params, h);
  }
  step(): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (!p.grad) continue;
        adamUpdate("Adam", p, this.stateOf(p, group.amsgrad ? AMS_BUFFERS : BUFFERS), group);
      }
    }
  }
}

/** Adam with decoupled weight decay p ← p·(1 − lr·wd) (torch.optim.AdamW; default weightDecay 0.01). */
export class AdamW extends Optimizer<AdamOptions> {
  protected readonly name = "AdamW";
  constructor(params: ParamsArg<AdamOptions>, opts: Partial<AdamOptions> = {}) {
    const h: AdamOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01, amsgrad: false, ...opts };
    checkAdam("AdamW", h);
    super(params, h);
  }
  step(): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (!p.grad) continue;
        adamUpdate("AdamW", p, this.stateOf(p, group.amsgrad ? AMS_BUFFERS : BUFFERS), group);
      }
    }
  }
}
