// Loading GPT-2, reference solution: the safetensors header, tensor decoding, Conv1D layout, forward and generation.
import { F, arange, getRngState, manualSeed, noGrad, rand, setRngState, type Tensor, tensor } from "llmpath/tensor";

export interface TensorEntry {
  name: string;
  dtype: string;
  shape: number[];
  /** Byte offsets relative to the start of the data section (after the header), end exclusive. */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  /** N, the little-endian u64 in the first 8 bytes. */
  headerLength: number;
  /** 8 + N: where the data section starts in the file. */
  dataStart: number;
  /** Every tensor, sorted by begin (file order); "__metadata__" is not a tensor. */
  entries: TensorEntry[];
  metadata: Record<string, string>;
}

/** Bytes per element of each safetensors dtype. */
export const ITEM_SIZE: Record<string, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };

/** Task 1: read the 8-byte length, the JSON header and every tensor's dtype, shape and offsets; validate them. */
export function parseHeader(bytes: Uint8Array): SafetensorsHeader {
  if (bytes.length < 8) throw new Error(`safetensors: the file has ${bytes.length} bytes, fewer than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (8 + n > bytes.length) throw new Error(`safetensors: header length ${n} runs past the end of the ${bytes.length}-byte file`);
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    throw new Error(`safetensors: the ${n}-byte header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  const dataLength = bytes.length - 8 - n;
  const entries: TensorEntry[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, v] of Object.entries(json)) {
    if (name === "__metadata__") {
      metadata = v as Record<string, string>;
      continue;
    }
    const info = v as { dtype: string; shape: number[]; data_offsets: [number, number] };
    const size = ITEM_SIZE[info.dtype];
    if (size === undefined) throw new Error(`safetensors: tensor "${name}" has unsupported dtype ${info.dtype}`);
    const [begin, end] = info.data_offsets;
    const need = info.shape.reduce((a, d) => a * d, 1) * size;
    if (end - begin !== need) throw new Error(`safetensors: tensor "${name}" ${info.dtype} [${info.shape.join(", ")}] needs ${need} bytes but its offsets [${begin}, ${end}) span ${end - begin}`);
    if (begin < 0 || end > dataLength) throw new Error(`safetensors: tensor "${name}" offsets [${begin}, ${end}) are outside the ${dataLength}-byte data section`);
    entries.push({ name, dtype: info.dtype, shape: [...info.shape], begin, end });
  }
  entries.sort((a, b) => a.begin - b.begin);
  return { headerLength: n, dataStart: 8 + n, entries, metadata };
}

/** float16 bits → number: sign, 5 exponent bits (bias 15), 10 mantissa bits. */
function f16(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24; // subnormal
  if (exp === 31) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Task 2: decode every tensor to an engine Tensor: F32/F16/BF16 → float32, I32 → int32 (little-endian). */
export function loadTensors(bytes: Uint8Array): Record<string, Tensor> {
  const header = parseHeader(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Record<string, Tensor> = {};
  for (const e of header.entries) {
    const at = header.dataStart + e.begin;
    const n = e.shape.reduce((a, d) => a * d, 1);
    if (e.dtype === "I32") {
      const v = new Int32Array(n);
      for (let i = 0; i < n; i++) v[i] = view.getInt32(at + 4 * i, true);
      out[e.name] = tensor(v, { shape: e.shape, dtype: "int32" });
      continue;
    }
    const v = new Float32Array(n);
    if (e.dtype === "F32") for (let i = 0; i < n; i++) v[i] = view.getFloat32(at + 4 * i, true);
    else if (e.dtype === "F16") for (let i = 0; i < n; i++) v[i] = f16(view.getUint16(at + 2 * i, true));
    else if (e.dtype === "BF16") for (let i = 0; i < n; i++) v[i] = new Float32Array(new Uint32Array([view.getUint16(at + 2 * i, true) << 16]).buffer)[0]!;
    else throw new Error(`loadTensors: tensor "${e.name}" has dtype ${e.dtype}; this loader reads F32, F16, BF16 and I32`);
    out[e.name] = tensor(v, { shape: e.shape, dtype: "float32" });
  }
  return out;
}

/** Task 3: Hugging Face's Conv1D: y = x·W + b with W stored (in, out) — the transpose of nn.Linear's (out, in). */
export function conv1d(x: Tensor, weight: Tensor, bias: Tensor): Tensor {
  return x.matmul(weight).add(bias); // (..., in) · (in, out) → (..., out)
}

/** Task 3: the same layer as an nn.Linear weight (out, in). */
export function toLinearWeight(conv1dWeight: Tensor): Tensor {
  return conv1dWeight.transpose(0, 1).contiguous();
}

export interface GPT2Config {
  vocabSize: number;
  nPositions: number;
  nEmbd: number;
  nLayer: number;
  nHead: number;
  layerNormEpsilon: number;
}

/** Task 4: logits (B, T, vocabSize) of GPT-2 for int32 ids (B, T), from Hugging Face-named weights. */
export function gpt2Forward(w: Record<string, Tensor>, cfg: GPT2Config, ids: Tensor): Tensor {
  const get = (name: string): Tensor => {
    const t = w[name] ?? w[`transformer.${name}`];
    if (!t) throw new Error(`gpt2Forward: missing weight "${name}"`);
    return t;
  };
  const [B, T] = ids.shape as [number, number];
  if (T > cfg.nPositions) throw new Error(`Cannot forward sequence of length ${T}, block size is only ${cfg.nPositions}`);
  const C = cfg.nEmbd;
  const H = cfg.nHead;
  const eps = cfg.layerNormEpsilon;
  const pos = arange(0, T, 1, { dtype: "int32" });
  let x = F.embedding(ids, get("wte.weight")).add(F.embedding(pos, get("wpe.weight"))); // (B, T, C)
  for (let l = 0; l < cfg.nLayer; l++) {
    const p = (n: string) => get(`h.${l}.${n}`);
    const h = F.layerNorm(x, [C], p("ln_1.weight"), p("ln_1.bias"), eps);
    const qkv = conv1d(h, p("attn.c_attn.weight"), p("attn.c_attn.bias")); // (B, T, 3C)
    const [q, k, v] = qkv.split(C, -1).map((t) => t.reshape(B, T, H, C / H).transpose(1, 2)) as [Tensor, Tensor, Tensor]; // (B, H, T, C/H)
    const y = F.scaledDotProductAttention(q, k, v, { isCausal: true }).transpose(1, 2).reshape(B, T, C); // (B, T, C)
    x = x.add(conv1d(y, p("attn.c_proj.weight"), p("attn.c_proj.bias")));
    const h2 = F.layerNorm(x, [C], p("ln_2.weight"), p("ln_2.bias"), eps);
    const m = F.gelu(conv1d(h2, p("mlp.c_fc.weight"), p("mlp.c_fc.bias")), { approximate: "tanh" }); // (B, T, 4C)
    x = x.add(conv1d(m, p("mlp.c_proj.weight"), p("mlp.c_proj.bias")));
  }
  x = F.layerNorm(x, [C], get("ln_f.weight"), get("ln_f.bias"), eps);
  return x.matmul(get("wte.weight").transpose(0, 1)); // (B, T, V): the LM head is tied to wte
}

export interface GenerateOptions {
  maxNewTokens: number;
  /** 0 = greedy. */
  temperature: number;
  topK?: number;
  seed?: number;
}

/** Task 5: append tokens one at a time (context cropped to nPositions); greedy or top-k sampling, seeded. */
export function generate(w: Record<string, Tensor>, cfg: GPT2Config, prompt: readonly number[], opts: GenerateOptions): number[] {
  const out = [...prompt];
  const saved = getRngState();
  manualSeed(opts.seed ?? 0);
  try {
    noGrad(() => {
      for (let i = 0; i < opts.maxNewTokens; i++) {
        const ctx = out.slice(-cfg.nPositions);
        const logits = gpt2Forward(w, cfg, tensor([ctx], { dtype: "int32" })).slice(1, ctx.length - 1, ctx.length).reshape(cfg.vocabSize);
        const z = Array.from(logits.toFloat64Array());
        if (opts.temperature === 0) {
          out.push(z.indexOf(Math.max(...z)));
          continue;
        }
        const k = Math.min(opts.topK ?? z.length, z.length);
        const cutoff = [...z].sort((a, b) => b - a)[k - 1]!;
        const max = Math.max(...z);
        const p = z.map((v) => (v >= cutoff ? Math.exp((v - max) / opts.temperature) : 0));
        const total = p.reduce((a, b) => a + b, 0);
        let u = rand([1]).item() * total;
        let pick = p.findLastIndex((v) => v > 0);
        for (let j = 0; j < p.length; j++) {
          u -= p[j]!;
          if (p[j]! > 0 && u < 0) {
            pick = j;
            break;
          }
        }
        out.push(pick);
      }
    });
  } finally {
    setRngState(saved);
  }
  return out;
}
