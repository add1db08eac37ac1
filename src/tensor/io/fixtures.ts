// Test support for the linalg / quant / GPT-2 golden fixtures in test/fixtures/goldens (read from disk, Node only).
import { readFileSync } from "node:fs";
import { GOLDENS_DIR, loadGoldens } from "../testing/goldens.ts";
import { compareClose } from "../testing/allclose.ts";

export interface FixtureTensor {
  shape: number[];
  dtype: "float32" | "int32" | "bool";
  data: number[];
}

export interface FixtureCase {
  name: string;
  note?: string;
  inputs?: Record<string, FixtureTensor>;
  args?: Record<string, unknown>;
  outputs?: Record<string, FixtureTensor | number>;
  atol?: number;
  rtol?: number;
}

/** Raw bytes of a fixture file. */
export function fixtureBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(`${GOLDENS_DIR}${file}`));
}

/** Parsed JSON of a fixture file. */
export function fixtureJson<T>(file: string): T {
  return JSON.parse(readFileSync(`${GOLDENS_DIR}${file}`, "utf8")) as T;
}

/** The cases of a golden family (`linalg`, `quant`, ...), read by the shared golden loader. */
export function fixtureCases(family: string): FixtureCase[] {
  return loadGoldens(family).cases as unknown as FixtureCase[];
}

/** A fixture output that must be a tensor spec. */
export function outTensor(c: FixtureCase, key: string): FixtureTensor {
  const v = c.outputs?.[key];
  if (typeof v !== "object" || v === null) throw new Error(`fixture ${c.name}: output "${key}" is not a tensor`);
  return v;
}

/** A fixture output that must be a number. */
export function outNumber(c: FixtureCase, key: string): number {
  const v = c.outputs?.[key];
  if (typeof v !== "number") throw new Error(`fixture ${c.name}: output "${key}" is not a number`);
  return v;
}

/**
 * null when every |a[i] − e[i]| ≤ atol + rtol·|e[i]| (equal infinities and NaN against NaN count as equal, as in
 * testing/allclose.ts, which this delegates to); otherwise a readable description of the first mismatch.
 */
export function firstMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>, atol: number, rtol: number): string | null {
  const r = compareClose(Float64Array.from(actual), Float64Array.from(expected), { atol, rtol });
  return r.ok ? null : r.message;
}
