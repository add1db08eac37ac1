// Basic nn layers: Linear, Embedding, LayerNorm, RMSNorm, Dropout, GELU.
import { type Tensor, ones, zeros } from "../core.ts";
import { dropout, gelu } from "./activations.ts";
import { kaimingUniform, normal, uniform } from "./init.ts";
import { embedding, linear } from "./linear-fn.ts";
import { Module, Parameter } from "./module.ts";
import { layerNorm, rmsNorm } from "./norms.ts";
import { asShape } from "./shape-check.ts";

/** y = x Wᵀ + b, weight (out, in); torch's default init: kaiming-uniform(a=√5) weight, U(±1/√in) bias. */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Tensor;
  bias: Tensor | null;
  constructor(inFeatures: number, outFeatures: number, opts: { bias?: boolean } = {}) {
    super();
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = Parameter(kaimingUniform([outFeatures, inFeatures])); // (out, in)
    this.bias = opts.bias ?? true ? Parameter(uniform([outFeatures], 1 / Math.sqrt(inFeatures))) : null; // (out)
  }
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
}

/** A lookup table (num, dim) initialised N(0, 1) like torch. */
export class Embedding extends Module {
  weight: Tensor;
  constructor(numEmbeddings: number, embeddingDim: number) {
    super();
    this.weight = Parameter(normal([numEmbeddings, embeddingDim])); // (num, dim)
  }
  forward(ids: Tensor): Tensor {
    return embedding(ids, this.weight);
  }
}

export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  weight: Tensor | null;
  bias: Tensor | null;
  constructor(normalizedShape: number | readonly number[], opts: { eps?: number; elementwiseAffine?: boolean; bias?: boolean } = {}) {
    super();
    this.normalizedShape = asShape(normalizedShape);
    this.eps = opts.eps ?? 1e-5;
    const affine = opts.elementwiseAffine ?? true;
    this.weight = affine ? Parameter(ones(this.normalizedShape)) : null;
    this.bias = affine && (opts.bias ?? true) ? Parameter(zeros(this.normalizedShape)) : null;
  }
  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps);
  }
}

export class RMSNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  weight: Tensor | null;
  constructor(normalizedShape: number | readonly number[], opts: { eps?: number; elementwiseAffine?: boolean } = {}) {
    super();
    this.normalizedShape = asShape(normalizedShape);
    this.eps = opts.eps ?? 1e-6;
    this.weight = opts.elementwiseAffine ?? true ? Parameter(ones(this.normalizedShape)) : null;
  }
  forward(x: Tensor): Tensor {
    return rmsNorm(x, this.normalizedShape, this.weight, this.eps);
  }
}

/** Zeroes elements with probability p while training; identity after eval(). */
export class Dropout extends Module {
  readonly p: number;
  constructor(p = 0.5) {
    super();
    if (!(p >= 0 && p <= 1)) throw new Error(`Dropout: p must be in [0, 1], got ${p}`);
    this.p = p;
  }
  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training);
  }
}

export class GELU extends Module {
  readonly approximate: "none" | "tanh";
  constructor(opts: { approximate?: "none" | "tanh" } = {}) {
    super();
    this.approximate = opts.approximate ?? "none";
  }
  forward(x: Tensor): Tensor {
    return gelu(x, { approximate: this.approximate });
  }
}
