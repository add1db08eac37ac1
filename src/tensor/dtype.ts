// Data types of the engine: names, storage arrays, sizes and PyTorch-style type promotion.
export type DType = "float32" | "float64" | "int32" | "bool";
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** A fresh zero-filled storage array for `n` elements of `dtype`. */
export function allocate(dtype: DType, n: number): TypedArray {
  switch (dtype) {
    case "float32":
      return new Float32Array(n);
    case "float64":
      return new Float64Array(n);
    case "int32":
      return new Int32Array(n);
    case "bool":
      return new Uint8Array(n);
  }
}

export function itemSize(dtype: DType): number {
  return dtype === "float64" ? 8 : dtype === "bool" ? 1 : 4;
}

export function isFloat(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

/** torch.promote_types restricted to our dtypes: bool < int32 < float32 < float64. */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/** The dtype of a result when a tensor meets a JS number (a "weak" scalar, like torch). */
export function promoteWithScalar(t: DType, value: number): DType {
  if (isFloat(t)) return t;
  if (!Number.isInteger(value)) return "float32";
  return t === "bool" ? "int32" : t;
}

/** Float dtype used when an op needs floats (exp of int32 → float32, like torch). */
export function floatOf(dtype: DType): DType {
  return isFloat(dtype) ? dtype : "float32";
}

export function dtypeOfArray(a: TypedArray): DType {
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Float64Array) return "float64";
  if (a instanceof Int32Array) return "int32";
  return "bool";
}

export const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];
