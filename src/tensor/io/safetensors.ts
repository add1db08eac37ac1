// safetensors.load / loadWithMetadata / save: Hugging Face's tensor file format <-> engine Tensors.
//
// Load: F32 → float32, F64 → float64, F16/BF16 → float32 (exact), I32/I16/I8/U8 → int32,
// I64 → int32 (error if out of range), BOOL → bool. Every tensor is an independent copy.
// Save: float32 → F32, float64 → F64, int32 → I32, bool → BOOL by default; pass a per-tensor
// target (`{ w: "F16" }`) to write F16/BF16 (round-to-nearest-even via float32, like torch),
// I8/U8/I16/I64 (values must be integers in range) or any other listed dtype.

import { type Tensor, tensor } from "../core.ts";
import { decodeRaw, defaultStDType, encodeValues } from "./codec.ts";
import { type RawTensor, ST_DTYPE_SIZE, type StDType, parseSafetensors, serializeSafetensors } from "./safetensors-format.ts";

export type { StDType as SafetensorsDType } from "./safetensors-format.ts";

/** Load every tensor of a safetensors file, with the file's `__metadata__` (string → string). */
export function loadWithMetadata(bytes: Uint8Array): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
  const parsed = parseSafetensors(bytes);
  const tensors: Record<string, Tensor> = {};
  for (const [name, raw] of parsed.tensors) {
    const { data, dtype } = decodeRaw(name, raw);
    tensors[name] = tensor(data, { shape: raw.shape, dtype });
  }
  return { tensors, metadata: parsed.metadata };
}

/** Load every tensor of a safetensors file (e.g. `load(fs.readFileSync("model.safetensors"))`). */
export function load(bytes: Uint8Array): Record<string, Tensor> {
  return loadWithMetadata(bytes).tensors;
}

/**
 * Serialise tensors to safetensors bytes. `metadata` values must be strings; `dtypes` optionally
 * names a file dtype per tensor. Tensors are written largest element size first, then by name,
 * so every tensor stays aligned in the file (as the reference writer does).
 */
export function save(record: Record<string, Tensor>, metadata?: Record<string, string>, dtypes: Record<string, StDType> = {}): Uint8Array {
  for (const [name, target] of Object.entries(dtypes)) {
    if (!Object.hasOwn(record, name)) {
      throw new Error(`safetensors: save: a dtype was given for "${name}" but there is no tensor of that name (have: ${Object.keys(record).join(", ") || "none"})`);
    }
    if (!Object.hasOwn(ST_DTYPE_SIZE, target)) {
      throw new Error(`safetensors: save: unknown dtype ${JSON.stringify(target)} for "${name}"; use one of ${Object.keys(ST_DTYPE_SIZE).join(", ")}`);
    }
  }
  const entries: [string, RawTensor][] = [];
  for (const [name, t] of Object.entries(record)) {
    if (t === null || typeof t !== "object" || typeof (t as Tensor).toFloat64Array !== "function") {
      throw new Error(`safetensors: save: "${name}" is not a Tensor`);
    }
    const target = dtypes[name] ?? defaultStDType(t.dtype);
    if (target === "BOOL" && t.dtype !== "bool") {
      throw new Error(`safetensors: save: "${name}" has dtype ${t.dtype}; only bool tensors can be written as BOOL`);
    }
    const bytes = encodeValues(name, t.toFloat64Array(), target);
    entries.push([name, { dtype: target, shape: [...t.shape], bytes }]);
  }
  entries.sort(([na, a], [nb, b]) => ST_DTYPE_SIZE[b.dtype] - ST_DTYPE_SIZE[a.dtype] || (na < nb ? -1 : na > nb ? 1 : 0));
  return serializeSafetensors(entries, metadata);
}
