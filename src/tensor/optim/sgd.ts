// SGD with momentum, dampening, Nesterov and L2 weight decay, matching torch.optim.SGD's update exactly.
import type { Tensor } from "../core.ts";
import { type ParamsArg, Optimizer, gradStorage, paramStorage } from "./optimizer.ts";

export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
}

/**
 * For each parameter with a gradient g (torch 1.13 `_single_tensor_sgd`):
 *   d = g + weightDecay·p
 *   buf = d on the first step, else momentum·buf + (1 − dampening)·d
 *   d = nesterov ? d + momentum·buf : buf        (when momentum ≠ 0)
 *   p = p − lr·d
 */
export class SGD extends Optimizer<SGDOptions> {
  protected readonly name = "SGD";
  constructor(params: ParamsArg<SGDOptions>, opts: { lr: number } & Partial<SGDOptions>) {
    if (!(opts?.lr >= 0)) throw new Error(`SGD: lr must be a non-negative number, got ${opts?.lr}`);
    const defaults: SGDOptions = { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, ...opts };
    if (defaults.nesterov && (defaults.momentum <= 0 || defaults.dampening !== 0)) {
      throw new Error("SGD: nesterov needs momentum > 0 and dampening = 0");
    }
    super(params, defaults);
  }

  step(): void {
    for (const group of this.paramGroups) {
      const { lr, momentum, dampening, weightDecay, nesterov } = group;
      for (const p of group.params) this.update(p, lr, momentum, dampening, weightDecay, nesterov);
    }
  }

  private update(p: Tensor, lr: number, momentum: number, dampening: number, wd: number, nesterov: boolean): void {
    const g = gradStorage("SGD", p);
    if (!g) return;
    const { data: w, offset: wo } = paramStorage("SGD", p);
    const n = p.numel();
    const s = this.stateOf(p, momentum !== 0 ? ["momentumBuffer"] : []);
    const buf = s.buffers.momentumBuffer;
    const first = s.step === 0;
    s.step++;
    for (let i = 0; i < n; i++) {
      let d = g.data[g.offset + i];
      if (wd !== 0) d += wd * w[wo + i];
      if (momentum !== 0) {
        const b = first ? d : momentum * buf[i] + (1 - dampening) * d;
        buf[i] = b;
        d = nesterov ? d + momentum * buf[i] : buf[i];
      }
      w[wo + i] -= lr * d;
    }
  }
}
