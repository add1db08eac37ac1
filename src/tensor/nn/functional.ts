// The functional API `F` (torch.nn.functional in camelCase); each function lives in a small file by topic.
export { dropout, gelu, logSoftmax, relu, silu, softmax } from "./activations.ts";
export type { GeluOptions } from "./activations.ts";
export { attentionWithWeights, causalMask, maskedSoftmax, scaledDotProductAttention } from "./attention-fn.ts";
export type { AttentionOptions } from "./attention-fn.ts";
export { embedding, linear } from "./linear-fn.ts";
export { crossEntropy, nllLoss } from "./cross-entropy.ts";
export type { CrossEntropyOptions } from "./cross-entropy.ts";
export { binaryCrossEntropyWithLogits, klDiv, mseLoss } from "./losses.ts";
export type { KlDivOptions } from "./losses.ts";
export { layerNorm, rmsNorm } from "./norms.ts";
export { relativePositionBias, rope } from "./positions.ts";
export type { RopeOptions } from "./positions.ts";
export type { Reduction } from "./reduction.ts";
