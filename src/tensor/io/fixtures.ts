// Test support for the linalg / quant / GPT-2 golden fixtures in test/fixtures/goldens (read from disk, Node only).
import { readFileSync } from "node:fs";
import { GOLDENS_DIR, loadGoldens } from "../testing/goldens.ts";

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

/** First index i where |a[i] − e[i]| > atol + rtol·|e[i]|, with a readable description; null if all close. */
export function firstMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>, atol: number, rtol: number): string | null {
  if (actual.length !== expected.length) return `length ${actual.length} ≠ expected ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      return `index ${i}: expected ${e}, received ${a} (|diff| ${Math.abs(a - e)} > atol ${atol} + rtol ${rtol}·|e|)`;
    }
  }
  return null;
}
