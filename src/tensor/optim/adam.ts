// Adam and AdamW, matching torch.optim.Adam / AdamW (torch 1.13 `_single_tensor_adam[w]`) update for update.
import type { Tensor } from "../core.ts";
import { type FloatArray, type ParamsArg, Optimizer, gradStorage, paramStorage } from "./optimizer.ts";

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
  const gd = g.data;
  const go = g.offset;
  const c = { b1, b2, stepSize, bc2Sqrt, eps, decay, l2 };
  if (amsgrad) {
    for (let i = 0; i < n; i++) {
      let pi = w[wo + i] * decay;
      const gi = gd[go + i] + l2 * pi;
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      const vi = (vmax[i] = Math.max(vmax[i], v[i]));
      pi -= (stepSize * m[i]) / (Math.sqrt(vi) / bc2Sqrt + eps);
      w[wo + i] = pi;
    }
  } else if (w instanceof Float32Array && gd instanceof Float32Array && m instanceof Float32Array && v instanceof Float32Array) {
    adamLoopF32(w, wo, gd, go, m, v, n, c);
  } else {
    adamLoop(w, wo, gd, go, m, v, n, c);
  }
}

interface AdamConsts {
  b1: number;
  b2: number;
  stepSize: number;
  bc2Sqrt: number;
  eps: number;
  decay: number;
  l2: number;
}

/** The plain update (no amsgrad), all float32 storage: one monomorphic loop (the hot case in training). */
function adamLoopF32(w: Float32Array, wo: number, g: Float32Array, go: number, m: Float32Array, v: Float32Array, n: number, c: AdamConsts): void {
  const { b1, b2, stepSize, bc2Sqrt, eps, decay, l2 } = c;
  const a1 = 1 - b1;
  const a2 = 1 - b2;
  const invBc2 = 1 / bc2Sqrt; // one division per element instead of two (divisions bound this loop)
  for (let i = 0; i < n; i++) {
    let pi = w[wo + i] * decay;
    const gi = g[go + i] + l2 * pi;
    const mi = Math.fround(b1 * m[i] + a1 * gi); // the stored (float32) moments feed the update, as before
    m[i] = mi;
    const vi = Math.fround(b2 * v[i] + a2 * gi * gi);
    v[i] = vi;
    pi -= (stepSize * mi) / (Math.sqrt(vi) * invBc2 + eps);
    w[wo + i] = pi;
  }
}

/** The same update for any storage (float64 parameters, non-float32 gradients). */
function adamLoop(w: FloatArray, wo: number, g: ArrayLike<number>, go: number, m: FloatArray, v: FloatArray, n: number, c: AdamConsts): void {
  const { b1, b2, stepSize, bc2Sqrt, eps, decay, l2 } = c;
  for (let i = 0; i < n; i++) {
    let pi = w[wo + i] * decay;
    const gi = g[go + i] + l2 * pi;
    m[i] = b1 * m[i] + (1 - b1) * gi;
    v[i] = b2 * v[i] + (1 - b2) * gi * gi;
    pi -= (stepSize * m[i]) / (Math.sqrt(v[i]) / bc2Sqrt + eps);
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
