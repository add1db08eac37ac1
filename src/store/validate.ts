// Input checks for store methods: each failure is a StoreError `invalid` naming the method, the field and the fix.
import { StoreError } from "./errors.ts";

function invalid(where: string, field: string, problem: string, fix: string): StoreError {
  return new StoreError("invalid", `${where}: ${field} ${problem}; ${fix}.`, { where, field });
}

export function text(where: string, field: string, v: unknown, opts: { max?: number; allowEmpty?: boolean } = {}): string {
  const max = opts.max ?? 10_000;
  if (typeof v !== "string") throw invalid(where, field, `must be a string, got ${v === null ? "null" : typeof v}`, "pass a string");
  if (!opts.allowEmpty && v.trim() === "") throw invalid(where, field, "is empty", "pass a non-empty string");
  if (v.length > max) throw invalid(where, field, `is ${v.length} characters long (limit ${max})`, "shorten it");
  if (v.includes("\u0000")) throw invalid(where, field, "contains the NUL character", "remove it");
  return v;
}

export function optionalText(where: string, field: string, v: unknown, max?: number): string | null {
  return v === undefined || v === null ? null : text(where, field, v, { max, allowEmpty: true });
}

export function id(where: string, field: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v <= 0 || v > 2_147_483_647) {
    throw invalid(where, field, `must be a positive integer id, got ${String(v)}`, "pass the id returned by ensureLearner");
  }
  return v;
}

export function oneOf<T extends string>(where: string, field: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) {
    throw invalid(where, field, `is ${JSON.stringify(v)}`, `use one of ${allowed.map((a) => `"${a}"`).join(", ")}`);
  }
  return v as T;
}

export function int(where: string, field: string, v: unknown, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw invalid(where, field, `must be a whole number from ${min} to ${max}, got ${String(v)}`, "round it or fix the value");
  }
  return v;
}

export function date(where: string, field: string, v: unknown): Date {
  if (!(v instanceof Date) || Number.isNaN(v.getTime())) throw invalid(where, field, "must be a valid Date", "pass a Date object");
  return v;
}

export function stringArray(where: string, field: string, v: unknown): string[] {
  if (!Array.isArray(v)) throw invalid(where, field, "must be an array of strings", "pass an array");
  return v.map((x, i) => text(where, `${field}[${i}]`, x, { max: 200 }));
}

export function plainObject(where: string, field: string, v: unknown): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw invalid(where, field, "must be a plain object", "pass an object such as {}");
  return v as Record<string, unknown>;
}
