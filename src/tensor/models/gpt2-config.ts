// GPT-2 configuration: our camelCase fields, also accepting Hugging Face's snake_case config.json keys.

export interface GPT2Config {
  nLayer: number;
  nHead: number;
  nEmbd: number;
  vocabSize: number;
  /** block size: the longest sequence the position table covers */
  nPositions: number;
  /** LayerNorm epsilon (default 1e-5) */
  layerNormEpsilon?: number;
}

/** Hugging Face's config.json names for the same fields. */
export interface HFGPT2Config {
  n_layer: number;
  n_head: number;
  n_embd: number;
  vocab_size: number;
  n_positions: number;
  layer_norm_epsilon?: number;
}

export type GPT2ConfigInput = GPT2Config | HFGPT2Config | (Partial<GPT2Config> & Partial<HFGPT2Config>);

const FIELDS: [keyof GPT2Config, keyof HFGPT2Config][] = [
  ["nLayer", "n_layer"],
  ["nHead", "n_head"],
  ["nEmbd", "n_embd"],
  ["vocabSize", "vocab_size"],
  ["nPositions", "n_positions"],
];

/** Normalise to a complete GPT2Config, with clear errors for missing or inconsistent values. */
export function normalizeConfig(input: GPT2ConfigInput): Required<GPT2Config> {
  if (input === null || typeof input !== "object") throw new Error("loadGPT2: config must be an object like {nLayer, nHead, nEmbd, vocabSize, nPositions}");
  const c = input as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const [ours, hf] of FIELDS) {
    const v = c[ours] ?? c[hf];
    if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
      throw new Error(`loadGPT2: config.${ours} (or ${hf}) must be a positive integer, got ${JSON.stringify(v)}`);
    }
    out[ours] = v;
  }
  const eps = c.layerNormEpsilon ?? c.layer_norm_epsilon ?? 1e-5;
  if (typeof eps !== "number" || !(eps > 0)) throw new Error(`loadGPT2: config.layerNormEpsilon must be a positive number, got ${JSON.stringify(eps)}`);
  if (out.nEmbd! % out.nHead! !== 0) throw new Error(`loadGPT2: nEmbd ${out.nEmbd} is not divisible by nHead ${out.nHead}`);
  return { nLayer: out.nLayer!, nHead: out.nHead!, nEmbd: out.nEmbd!, vocabSize: out.vocabSize!, nPositions: out.nPositions!, layerNormEpsilon: eps };
}
