// The optimiser API `optim` (torch.optim in camelCase): SGD, Adam, AdamW, clipGradNorm, LR schedules.
export { Adam, AdamW } from "./adam.ts";
export type { AdamOptions } from "./adam.ts";
export { clipGradNorm } from "./clip.ts";
export { Optimizer } from "./optimizer.ts";
export type { OptimizerStateDict, ParamGroup, ParamsArg } from "./optimizer.ts";
export { LambdaLR, cosineWithWarmup } from "./schedules.ts";
export type { CosineWithWarmupOptions } from "./schedules.ts";
export { SGD } from "./sgd.ts";
export type { SGDOptions } from "./sgd.ts";
