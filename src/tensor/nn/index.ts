// The module API `nn` (torch.nn in camelCase): Module, Parameter, layers, containers, attention, LoRA.
export { MultiheadAttention } from "./attention.ts";
export type { MhaForwardOptions } from "./attention.ts";
export { ModuleList, Sequential } from "./containers.ts";
export type { TensorModule } from "./containers.ts";
export * as init from "./init.ts";
export { Dropout, Embedding, GELU, LayerNorm, Linear, RMSNorm } from "./layers.ts";
export { LoRALinear } from "./lora.ts";
export { Module, Parameter, isParameter } from "./module.ts";
export type { LoadResult } from "./module.ts";
export { MLP, TransformerBlock } from "./transformer.ts";
export type { TransformerBlockOptions } from "./transformer.ts";
