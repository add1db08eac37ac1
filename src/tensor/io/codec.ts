// Converts between safetensors element bytes (little-endian) and the engine's typed arrays.
//
// Load mapping: F32 → float32, F64 → float64, F16/BF16 → float32 (exact widening),
// I32/I16/I8/U8 → int32, I64 → int32 (error if a value does not fit), BOOL → bool.

import type { DType, TypedArray } from "../dtype.ts";
import { decodeBf16, decodeF16, encodeBf16, encodeF16 } from "./half.ts";
import type { RawTensor, StDType } from "./safetensors-format.ts";

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** An aligned, independent copy of the bytes (typed arrays need alignment; we must not alias the file). */
function alignedCopy(bytes: Uint8Array): ArrayBuffer {
  const buf = new ArrayBuffer(bytes.length);
  new Uint8Array(buf).set(bytes);
  return buf;
}

/** Read n little-endian elements with a DataView getter (portable path for big-endian hosts). */
function readWith<T extends TypedArray>(out: T, bytes: Uint8Array, size: number, get: (v: DataView, at: number) => number): T {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = get(v, i * size);
  return out;
}

function u16(bytes: Uint8Array): Uint16Array {
  if (LITTLE_ENDIAN) return new Uint16Array(alignedCopy(bytes));
  const out = new Uint16Array(bytes.length / 2);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = v.getUint16(i * 2, true);
  return out;
}

/** Decode a tensor's bytes to the engine dtype and storage described above. */
export function decodeRaw(name: string, raw: RawTensor): { data: TypedArray; dtype: DType } {
  const { bytes } = raw;
  switch (raw.dtype) {
    case "F32":
      return {
        dtype: "float32",
        data: LITTLE_ENDIAN ? new Float32Array(alignedCopy(bytes)) : readWith(new Float32Array(bytes.length / 4), bytes, 4, (v, a) => v.getFloat32(a, true)),
      };
    case "F64":
      return {
        dtype: "float64",
        data: LITTLE_ENDIAN ? new Float64Array(alignedCopy(bytes)) : readWith(new Float64Array(bytes.length / 8), bytes, 8, (v, a) => v.getFloat64(a, true)),
      };
    case "F16":
      return { dtype: "float32", data: decodeF16(u16(bytes)) };
    case "BF16":
      return { dtype: "float32", data: decodeBf16(u16(bytes)) };
    case "I32":
      return {
        dtype: "int32",
        data: LITTLE_ENDIAN ? new Int32Array(alignedCopy(bytes)) : readWith(new Int32Array(bytes.length / 4), bytes, 4, (v, a) => v.getInt32(a, true)),
      };
    case "I16":
      return { dtype: "int32", data: readWith(new Int32Array(bytes.length / 2), bytes, 2, (v, a) => v.getInt16(a, true)) };
    case "I8":
      return { dtype: "int32", data: Int32Array.from(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length)) };
    case "U8":
      return { dtype: "int32", data: Int32Array.from(bytes) };
    case "I64": {
      const out = new Int32Array(bytes.length / 8);
      const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < out.length; i++) {
        const x = v.getBigInt64(i * 8, true);
        if (x > 2147483647n || x < -2147483648n) {
          throw new Error(`safetensors: tensor "${name}" (I64) element ${i} = ${x} does not fit the engine's int32`);
        }
        out[i] = Number(x);
      }
      return { dtype: "int32", data: out };
    }
    case "BOOL": {
      const out = Uint8Array.from(bytes);
      const bad = out.findIndex((b) => b > 1);
      if (bad >= 0) throw new Error(`safetensors: tensor "${name}" (BOOL) element ${bad} is byte ${out[bad]}, expected 0 or 1`);
      return { dtype: "bool", data: out };
    }
  }
}

/** The file dtype a tensor is written as when no target is given. */
export function defaultStDType(dtype: DType): StDType {
  return ({ float32: "F32", float64: "F64", int32: "I32", bool: "BOOL" } as const)[dtype];
}

const INT_RANGE: Partial<Record<StDType, [number, number]>> = {
  I64: [-(2 ** 53), 2 ** 53],
  I32: [-2147483648, 2147483647],
  I16: [-32768, 32767],
  I8: [-128, 127],
  U8: [0, 255],
  BOOL: [0, 1],
};

/** Encode contiguous values as little-endian bytes of the target dtype; integer targets require integral values in range. */
export function encodeValues(name: string, values: TypedArray, target: StDType): Uint8Array {
  const range = INT_RANGE[target];
  if (range !== undefined) {
    for (let i = 0; i < values.length; i++) {
      const x = values[i]!;
      if (!Number.isInteger(x) || x < range[0] || x > range[1]) {
        throw new Error(`safetensors: save: tensor "${name}" element ${i} = ${x} cannot be stored as ${target} (integers in [${range[0]}, ${range[1]}] only); quantise it first or pick a float dtype`);
      }
    }
  }
  const n = values.length;
  const out = new Uint8Array(n * (target === "F64" || target === "I64" ? 8 : target === "F32" || target === "I32" ? 4 : target === "F16" || target === "BF16" || target === "I16" ? 2 : 1));
  const v = new DataView(out.buffer);
  switch (target) {
    case "F64":
      for (let i = 0; i < n; i++) v.setFloat64(i * 8, values[i]!, true);
      break;
    case "F32":
      for (let i = 0; i < n; i++) v.setFloat32(i * 4, values[i]!, true);
      break;
    case "F16":
    case "BF16": {
      const bits = target === "F16" ? encodeF16(values) : encodeBf16(values);
      for (let i = 0; i < n; i++) v.setUint16(i * 2, bits[i]!, true);
      break;
    }
    case "I64":
      for (let i = 0; i < n; i++) v.setBigInt64(i * 8, BigInt(values[i]!), true);
      break;
    case "I32":
      for (let i = 0; i < n; i++) v.setInt32(i * 4, values[i]!, true);
      break;
    case "I16":
      for (let i = 0; i < n; i++) v.setInt16(i * 2, values[i]!, true);
      break;
    case "I8":
      for (let i = 0; i < n; i++) v.setInt8(i, values[i]!);
      break;
    case "U8":
    case "BOOL":
      for (let i = 0; i < n; i++) out[i] = values[i]!;
      break;
  }
  return out;
}
