// GPT-2 (Hugging Face weight layout) built from F.* and core ops: forward(ids) → logits, generate(ids, ...).
//
// Weights keep Hugging Face's names (optionally prefixed `transformer.`): Conv1D weights are stored
// (in, out), so a projection is x·W + b (no transpose). The LM head is tied to wte: logits = h·wteᵀ.
import { type Tensor, arange, noGrad, rand, tensor } from "../core.ts";
import * as F from "../nn/functional.ts";
import { load } from "../io/safetensors.ts";
import { type GPT2Config, type GPT2ConfigInput, normalizeConfig } from "./gpt2-config.ts";
import { sampleToken, seededUniforms } from "./sampling.ts";

export interface GenerateOptions {
  maxNewTokens: number;
  /** softmax temperature; 0 = greedy (default 1) */
  temperature?: number;
  /** sample only among the k most likely tokens */
  topK?: number;
  /** seed a local generator (the global RNG is not touched); without it the engine's global RNG is used */
  seed?: number;
}

const fmt = (shape: readonly number[]) => `[${shape.join(", ")}]`;

/** The expected tensor names and shapes for a config (names without any `transformer.` prefix). */
export function gpt2WeightShapes(c: Required<GPT2Config>): Map<string, number[]> {
  const C = c.nEmbd;
  const shapes = new Map<string, number[]>([
    ["wte.weight", [c.vocabSize, C]],
    ["wpe.weight", [c.nPositions, C]],
    ["ln_f.weight", [C]],
    ["ln_f.bias", [C]],
  ]);
  for (let i = 0; i < c.nLayer; i++) {
    const p = `h.${i}.`;
    for (const ln of ["ln_1", "ln_2"]) {
      shapes.set(`${p}${ln}.weight`, [C]);
      shapes.set(`${p}${ln}.bias`, [C]);
    }
    shapes.set(`${p}attn.c_attn.weight`, [C, 3 * C]);
    shapes.set(`${p}attn.c_attn.bias`, [3 * C]);
    shapes.set(`${p}attn.c_proj.weight`, [C, C]);
    shapes.set(`${p}attn.c_proj.bias`, [C]);
    shapes.set(`${p}mlp.c_fc.weight`, [C, 4 * C]);
    shapes.set(`${p}mlp.c_fc.bias`, [4 * C]);
    shapes.set(`${p}mlp.c_proj.weight`, [4 * C, C]);
    shapes.set(`${p}mlp.c_proj.bias`, [C]);
  }
  return shapes;
}

export class GPT2 {
  readonly config: Required<GPT2Config>;
  private readonly w: Map<string, Tensor>;

  constructor(weights: Record<string, Tensor>, config: GPT2ConfigInput) {
    this.config = normalizeConfig(config);
    this.w = new Map();
    const hasPrefix = Object.keys(weights).some((k) => k.startsWith("transformer."));
    const strip = (k: string) => (hasPrefix && k.startsWith("transformer.") ? k.slice("transformer.".length) : k);
    const byName = new Map(Object.entries(weights).map(([k, t]) => [strip(k), t] as const));
    for (const [name, shape] of gpt2WeightShapes(this.config)) {
      const t = byName.get(name);
      const key = hasPrefix ? `transformer.${name}` : name;
      if (t === undefined) {
        throw new Error(`loadGPT2: missing tensor "${key}" (expected shape ${fmt(shape)}); the file has ${byName.size} tensors, e.g. ${[...byName.keys()].slice(0, 3).join(", ")}`);
      }
      if (t.shape.join() !== shape.join()) {
        throw new Error(`loadGPT2: tensor "${key}" has shape ${fmt(t.shape)} but config ${JSON.stringify(this.config)} expects ${fmt(shape)}`);
      }
      this.w.set(name, t.dtype === "float32" ? t : t.float());
    }
    const extraLayer = [...byName.keys()].find((k) => new RegExp(`^h\\.${this.config.nLayer}\\.`).test(k));
    if (extraLayer !== undefined) {
      throw new Error(`loadGPT2: the weights have a layer ${this.config.nLayer} ("${extraLayer}") but config.nLayer is ${this.config.nLayer}`);
    }
  }

  private p(name: string): Tensor {
    return this.w.get(name)!;
  }

  /** All parameters in a stable order (wte, wpe, blocks, ln_f). */
  parameters(): Tensor[] {
    return [...this.w.values()];
  }

  /** [Hugging Face name, tensor] pairs. */
  namedParameters(): [string, Tensor][] {
    return [...this.w.entries()];
  }

  /** ids: int32 (B, T) tensor or number[][] → logits (B, T, vocabSize). */
  forward(ids: Tensor | number[][]): Tensor {
    const idx = this.checkIds(ids);
    const [B, T] = idx.shape as [number, number];
    const { nEmbd: C, nHead: nh, nLayer, layerNormEpsilon: eps } = this.config;
    const hd = C / nh;
    const pos = arange(0, T, 1, { dtype: "int32" }); // (T)
    let x = F.embedding(idx, this.p("wte.weight")).add(F.embedding(pos, this.p("wpe.weight"))); // (B, T, C)
    for (let i = 0; i < nLayer; i++) {
      const p = (n: string) => this.p(`h.${i}.${n}`);
      // attention: x + c_proj(attn(ln_1(x)))
      const h = F.layerNorm(x, [C], p("ln_1.weight"), p("ln_1.bias"), eps); // (B, T, C)
      const qkv = h.matmul(p("attn.c_attn.weight")).add(p("attn.c_attn.bias")); // (B, T, 3C)
      const [q, k, v] = qkv.split(C, -1).map((t) => t.reshape(B, T, nh, hd).transpose(1, 2)) as [Tensor, Tensor, Tensor]; // (B, nh, T, hd)
      const y = F.scaledDotProductAttention(q, k, v, { isCausal: true }); // (B, nh, T, hd)
      const merged = y.transpose(1, 2).contiguous().reshape(B, T, C); // (B, T, C)
      x = x.add(merged.matmul(p("attn.c_proj.weight")).add(p("attn.c_proj.bias"))); // (B, T, C)
      // MLP: x + c_proj(gelu_tanh(c_fc(ln_2(x))))
      const h2 = F.layerNorm(x, [C], p("ln_2.weight"), p("ln_2.bias"), eps); // (B, T, C)
      const fc = F.gelu(h2.matmul(p("mlp.c_fc.weight")).add(p("mlp.c_fc.bias")), { approximate: "tanh" }); // (B, T, 4C)
      x = x.add(fc.matmul(p("mlp.c_proj.weight")).add(p("mlp.c_proj.bias"))); // (B, T, C)
    }
    x = F.layerNorm(x, [C], this.p("ln_f.weight"), this.p("ln_f.bias"), eps); // (B, T, C)
    return x.matmul(this.p("wte.weight").transpose(0, 1)); // (B, T, V), tied LM head
  }

  /**
   * Append maxNewTokens tokens to each row (no gradient; the context is cropped to the last
   * nPositions tokens, as in nanoGPT; each step re-runs the whole window, no KV cache).
   * Returns number[][] for number[][] input, an int32 (B, T + maxNewTokens) tensor for tensor input.
   */
  generate(ids: Tensor | number[][], opts: GenerateOptions): Tensor | number[][] {
    const { maxNewTokens, temperature = 1, topK, seed } = opts;
    if (!Number.isInteger(maxNewTokens) || maxNewTokens < 0) throw new Error(`GPT2.generate: maxNewTokens must be a non-negative integer, got ${maxNewTokens}`);
    if (!(temperature >= 0) || !Number.isFinite(temperature)) throw new Error(`GPT2.generate: temperature must be ≥ 0, got ${temperature}`);
    if (topK !== undefined && (!Number.isInteger(topK) || topK < 1)) throw new Error(`GPT2.generate: topK must be a positive integer, got ${topK}`);
    const rows = (this.checkIds(ids).tolist() as number[][]).map((r) => [...r]);
    const uniform = seed !== undefined ? seededUniforms(seed) : () => rand([1]).item();
    const V = this.config.vocabSize;
    noGrad(() => {
      for (let step = 0; step < maxNewTokens; step++) {
        const ctx = rows.map((r) => r.slice(-this.config.nPositions));
        const T = ctx[0]!.length;
        const logits = this.forward(ctx).slice(1, T - 1, T).contiguous().toFloat64Array(); // (B, 1, V)
        for (const [b, r] of rows.entries()) r.push(sampleToken(logits.subarray(b * V, (b + 1) * V), temperature, topK, temperature === 0 ? 0 : uniform()));
      }
    });
    if (Array.isArray(ids)) return rows;
    return tensor(Int32Array.from(rows.flat()), { shape: [rows.length, rows[0]!.length], dtype: "int32" });
  }

  private checkIds(ids: Tensor | number[][]): Tensor {
    const op = "GPT2.forward";
    let t: Tensor;
    if (Array.isArray(ids)) {
      if (ids.length === 0 || !ids.every((r) => Array.isArray(r) && r.length === ids[0]!.length)) {
        throw new Error(`${op}: ids must be a non-empty rectangular number[][] (B rows of T token ids)`);
      }
      t = tensor(Int32Array.from(ids.flat()), { shape: [ids.length, ids[0]!.length], dtype: "int32" });
    } else {
      t = ids;
    }
    if (t.shape.length !== 2) throw new Error(`${op}: ids must have shape (B, T), got ${fmt(t.shape)}`);
    if (t.dtype !== "int32") throw new Error(`${op}: ids must be int32 token ids, got ${t.dtype}; use tensor(ids, {dtype: "int32"})`);
    const [, T] = t.shape as [number, number];
    if (T === 0) throw new Error(`${op}: cannot forward an empty sequence (T = 0)`);
    if (T > this.config.nPositions) throw new Error(`Cannot forward sequence of length ${T}, block size is only ${this.config.nPositions}`);
    const values = t.toFloat64Array();
    const bad = values.findIndex((v) => !(v >= 0 && v < this.config.vocabSize));
    if (bad >= 0) {
      throw new Error(`${op}: token id ${values[bad]} at [${Math.floor(bad / T)}, ${bad % T}] is out of range for vocabSize ${this.config.vocabSize}`);
    }
    return t;
  }
}

/** Load Hugging Face GPT-2-layout safetensors bytes (or already-loaded tensors) into a GPT2. */
export function loadGPT2(bytes: Uint8Array | Record<string, Tensor>, config: GPT2ConfigInput): GPT2 {
  return new GPT2(bytes instanceof Uint8Array ? load(bytes) : bytes, config);
}
