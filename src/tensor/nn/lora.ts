// LoRA: a frozen Linear plus a trainable low-rank update, y = x Wᵀ + b + (α/r)·(x Aᵀ) Bᵀ.
import type { Tensor } from "../core.ts";
import { zeros } from "../core.ts";
import { kaimingUniform } from "./init.ts";
import type { Linear } from "./layers.ts";
import { Module, Parameter } from "./module.ts";

/**
 * Wraps an existing Linear (its parameters are frozen: requiresGrad = false) with A (r, in),
 * kaiming-uniform initialised, and B (out, r) = 0, so at initialisation the output equals the base layer.
 * Trainable values: r·(in + out).
 */
export class LoRALinear extends Module {
  readonly r: number;
  readonly alpha: number;
  readonly scaling: number;
  base: Linear;
  loraA: Tensor;
  loraB: Tensor;
  constructor(base: Linear, opts: { r: number; alpha?: number }) {
    super();
    const { r } = opts;
    if (!(Number.isInteger(r) && r > 0)) throw new Error(`LoRALinear: rank r must be a positive integer, got ${r}`);
    this.r = r;
    this.alpha = opts.alpha ?? r;
    this.scaling = this.alpha / r;
    this.base = base;
    for (const p of base.parameters()) p.requiresGrad = false;
    this.loraA = Parameter(kaimingUniform([r, base.inFeatures])); // (r, in)
    this.loraB = Parameter(zeros([base.outFeatures, r])); // (out, r)
  }
  forward(x: Tensor): Tensor {
    const update = x.matmul(this.loraA.transpose(0, 1)).matmul(this.loraB.transpose(0, 1)); // (..., out)
    return this.base.forward(x).add(update.mul(this.scaling));
  }
}
