// Turns whatever a test compares (number, nested array, typed array, engine Tensor) into a shape and flat data.
import { AssertionError } from "./assertion-error.ts";
import { formatShape } from "./format.ts";

/** A value seen as an n-dimensional array of numbers in row-major order. */
export interface Numeric {
  shape: number[];
  data: ArrayLike<number>;
}

interface TensorLike {
  shape: readonly number[];
  toFloat32Array(): Float32Array;
  toFloat64Array?(): Float64Array;
}

interface ListLike {
  tolist(): unknown;
}

function isTensorLike(value: object): value is TensorLike {
  const v = value as Partial<TensorLike>;
  return Array.isArray(v.shape) && typeof v.toFloat32Array === "function";
}

function isListLike(value: object): value is ListLike {
  return typeof (value as Partial<ListLike>).tolist === "function";
}

function inputError(where: string, message: string): AssertionError {
  return new AssertionError(`${where}: ${message}`, { kind: "input" });
}

/**
 * Reads `value` as numbers. Accepts numbers, booleans, nested (rectangular) arrays, typed arrays, and any
 * object with `shape` + `toFloat32Array()` or with `tolist()` (such as an llmpath Tensor; duck-typed, so the
 * engine is not imported). `where` names the assertion and argument for error messages.
 */
export function toNumeric(value: unknown, where: string): Numeric {
  if (typeof value === "number") return { shape: [], data: [value] };
  if (typeof value === "boolean") return { shape: [], data: [value ? 1 : 0] };
  if (typeof value === "bigint") return { shape: [], data: [Number(value)] };
  if (value === null || value === undefined) {
    throw inputError(where, `received ${value}; expected a number, an array, a typed array or a tensor (did the function return anything?)`);
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const arr = value as unknown as ArrayLike<number | bigint>;
    const data = typeof arr[0] === "bigint" ? Array.from(arr, Number) : (arr as ArrayLike<number>);
    return { shape: [arr.length], data };
  }
  if (Array.isArray(value)) return fromNested(value, where);
  if (typeof value === "object") {
    if (isTensorLike(value)) {
      const shape = [...value.shape];
      // float64 tensors keep their precision, so tight tolerances on float64 work are judged fairly
      return { shape, data: value.toFloat64Array ? value.toFloat64Array() : value.toFloat32Array() };
    }
    if (isListLike(value)) return toNumeric(value.tolist(), where);
  }
  throw inputError(where, `cannot compare a ${typeof value} (${String(value).slice(0, 40)}); expected a number, an array, a typed array or a tensor`);
}

function fromNested(value: unknown[], where: string): Numeric {
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe) || (ArrayBuffer.isView(probe) && !(probe instanceof DataView))) {
    const arr = probe as ArrayLike<unknown>;
    shape.push(arr.length);
    if (arr.length === 0) break;
    probe = arr[0];
  }
  const total = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(total);
  let offset = 0;
  const walk = (node: unknown, depth: number, path: number[]): void => {
    if (depth === shape.length) {
      const n = typeof node === "boolean" ? (node ? 1 : 0) : node;
      if (typeof n !== "number") {
        throw inputError(where, `element at ${formatShape(path)} is ${typeof node === "object" ? "an array" : `a ${typeof node}`}, not a number (arrays must be rectangular)`);
      }
      data[offset++] = n;
      return;
    }
    const isArr = Array.isArray(node) || (ArrayBuffer.isView(node) && !(node instanceof DataView));
    const len = isArr ? (node as ArrayLike<unknown>).length : -1;
    if (len !== shape[depth]) {
      throw inputError(where, `ragged array: the row at ${formatShape(path)} has ${len < 0 ? "no" : len} elements but the first row at that depth has ${shape[depth]} (shape ${formatShape(shape)} inferred from the first elements)`);
    }
    for (let i = 0; i < len; i++) walk((node as ArrayLike<unknown>)[i], depth + 1, [...path, i]);
  };
  walk(value, 0, []);
  return { shape, data };
}
