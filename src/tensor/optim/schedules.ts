// Learning-rate schedules: cosine decay with linear warm-up, and a LambdaLR-like scheduler.
import type { Optimizer } from "./optimizer.ts";

export interface CosineWithWarmupOptions {
  warmupSteps: number;
  totalSteps: number;
  maxLr: number;
  minLr?: number;
}

/**
 * lr(s) for 0-based step s: s < warmup → maxLr·(s+1)/warmup;
 * otherwise minLr + ½(maxLr − minLr)(1 + cos(π·(s − warmup)/(total − warmup))), held at minLr after total.
 */
export function cosineWithWarmup(opts: CosineWithWarmupOptions): (step: number) => number {
  const { warmupSteps, totalSteps, maxLr } = opts;
  const minLr = opts.minLr ?? 0;
  if (!(warmupSteps >= 0 && totalSteps > warmupSteps)) {
    throw new Error(`cosineWithWarmup: need 0 ≤ warmupSteps < totalSteps, got warmupSteps ${warmupSteps}, totalSteps ${totalSteps}`);
  }
  return (step: number) => {
    if (step < warmupSteps) return (maxLr * (step + 1)) / warmupSteps;
    const progress = Math.min(1, (step - warmupSteps) / (totalSteps - warmupSteps));
    return minLr + 0.5 * (maxLr - minLr) * (1 + Math.cos(Math.PI * progress));
  };
}

/**
 * Like torch.optim.lr_scheduler.LambdaLR: each group's lr = its initial lr · lrLambda(epoch).
 * Construction applies lrLambda(0); each step() advances the epoch by one.
 * Cosine with warm-up: `new LambdaLR(opt, (s) => cosineWithWarmup({...})(s) / maxLr)` with opt.lr = maxLr.
 */
export class LambdaLR {
  readonly optimizer: Optimizer<{ lr: number }>;
  readonly baseLrs: number[];
  lastEpoch = 0;
  private readonly lrLambda: (epoch: number) => number;

  constructor(optimizer: Optimizer<{ lr: number }>, lrLambda: (epoch: number) => number) {
    this.optimizer = optimizer;
    this.lrLambda = lrLambda;
    this.baseLrs = optimizer.paramGroups.map((g) => g.lr);
    this.apply();
  }

  private apply(): void {
    const f = this.lrLambda(this.lastEpoch);
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = this.baseLrs[i] * f;
    });
  }

  step(): void {
    this.lastEpoch++;
    this.apply();
  }

  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  stateDict(): { lastEpoch: number; baseLrs: number[] } {
    return { lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs] };
  }

  loadStateDict(sd: { lastEpoch: number; baseLrs: number[] }): void {
    this.lastEpoch = sd.lastEpoch;
    this.baseLrs.splice(0, this.baseLrs.length, ...sd.baseLrs);
    this.apply();
  }
}
