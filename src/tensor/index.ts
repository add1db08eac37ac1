// Public entry of the tensor engine, imported by labs as `llmpath/tensor`.
// The core (Tensor, creation, ops, autograd) is re-exported from ./core.ts; families live in their folders.
export * from "./core.ts";
export * as F from "./nn/functional.ts";
export * as nn from "./nn/index.ts";
export * as optim from "./optim/index.ts";
export * as linalg from "./linalg/index.ts";
export * as safetensors from "./io/safetensors.ts";
export * as models from "./models/index.ts";
export * as quant from "./quant/index.ts";
