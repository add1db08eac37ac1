// models: pretrained-architecture loaders (GPT-2 in the Hugging Face weight layout).
export { GPT2, type GenerateOptions, gpt2WeightShapes, loadGPT2 } from "./gpt2.ts";
export { type GPT2Config, type GPT2ConfigInput, type HFGPT2Config, normalizeConfig } from "./gpt2-config.ts";
export { sampleToken, seededUniforms } from "./sampling.ts";
