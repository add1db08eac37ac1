// Loader for the PyTorch golden fixtures in test/fixtures/goldens (shared by every engine test).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { tensor } from "../creation.ts";
import type { Tensor } from "../tensor.ts";

export interface TensorSpec {
  shape: number[];
  dtype: "float32" | "int32" | "bool";
  data: number[];
}
/** A value in inputs/outputs: a tensor, a number, or a list of tensors (optimizer steps). */
export type GoldenValue = TensorSpec | number | TensorSpec[] | number[];

export interface GoldenCase {
  name: string;
  inputs: Record<string, GoldenValue>;
  output?: TensorSpec;
  outputs?: Record<string, GoldenValue>;
  /** d(sum(output * upstream))/d(input) is what `grads` holds. */
  upstream?: TensorSpec;
  grads?: Record<string, TensorSpec>;
  args?: Record<string, unknown>;
  atol: number;
  rtol: number;
  note?: string;
}

export interface GoldenFile {
  family: string;
  seed?: number;
  torch?: string;
  note?: string;
  cases: GoldenCase[];
}

export const GOLDENS_DIR = fileURLToPath(new URL("../../../test/fixtures/goldens/", import.meta.url));

export function isTensorSpec(v: unknown): v is TensorSpec {
  return typeof v === "object" && v !== null && Array.isArray((v as TensorSpec).shape) && Array.isArray((v as TensorSpec).data);
}

/** Read `<family>.json` (e.g. "ops", "matmul", "nn_functional"). */
export function loadGoldens(family: string): GoldenFile {
  const file = `${GOLDENS_DIR}${family}.json`;
  const parsed = JSON.parse(readFileSync(file, "utf8")) as GoldenFile;
  if (!Array.isArray(parsed.cases)) throw new Error(`loadGoldens: ${file} has no "cases" array`);
  return parsed;
}

/** A spec as a Tensor in its own dtype (float32 by default; pass dtype "float64" for gradcheck-style use). */
export function toTensor(spec: GoldenValue, opts: { requiresGrad?: boolean; dtype?: "float32" | "float64" | "int32" | "bool" } = {}): Tensor {
  if (!isTensorSpec(spec)) throw new Error(`toTensor: expected a tensor spec {shape, dtype, data}, got ${JSON.stringify(spec).slice(0, 60)}`);
  return tensor(spec.data, { shape: spec.shape, dtype: opts.dtype ?? spec.dtype, requiresGrad: opts.requiresGrad });
}

/** The case's tolerances as {atol, rtol}. */
export const tol = (c: GoldenCase): { atol: number; rtol: number } => ({ atol: c.atol, rtol: c.rtol });
