// Turning learner data into jsonb safely: only real JSON goes in, and nothing is changed on the way.
import { type RawBuilder, sql } from "kysely";
import { StoreError } from "./errors.ts";

function describePath(p: readonly (string | number)[]): string {
  return p.length === 0 ? "the value" : `the value at ${p.map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`)).join("")}`;
}

/** Throws StoreError `invalid` for anything JSON would drop or alter: undefined, functions, bigint, NaN/Infinity, cycles. */
function check(value: unknown, where: string, p: (string | number)[], seen: Set<object>): void {
  const bad = (what: string): never => {
    throw new StoreError("invalid", `${where}: ${describePath(p)} is ${what}, which cannot be stored as JSON; convert it to a string, number, boolean, null, array or plain object.`, {
      where,
      path: p.join("."),
    });
  };
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) bad(String(value));
    return;
  }
  if (value === undefined) bad("undefined");
  if (typeof value === "bigint") bad("a bigint");
  if (typeof value === "function" || typeof value === "symbol") bad(`a ${typeof value}`);
  const obj = value as object;
  if (obj instanceof Date) {
    if (Number.isNaN(obj.getTime())) bad("an invalid Date");
    return; // stored as its ISO string, like JSON.stringify does
  }
  if (seen.has(obj)) bad("a circular reference");
  seen.add(obj);
  if (Array.isArray(obj)) {
    obj.forEach((v, i) => {
      check(v, where, [...p, i], seen);
    });
  } else {
    for (const [k, v] of Object.entries(obj)) {
      if (v === undefined) continue; // absent and undefined properties mean the same thing
      check(v, where, [...p, k], seen);
    }
  }
  seen.delete(obj);
}

/** JSON text for `value`, or StoreError `invalid` naming `where` (e.g. "addLabAttempt result"). */
export function toJsonText(value: unknown, where: string): string {
  check(value, where, [], new Set());
  const text = JSON.stringify(value);
  if (text.includes("\\u0000")) {
    throw new StoreError("invalid", `${where}: a string contains the NUL character (\\u0000), which PostgreSQL cannot store in jsonb; remove it.`, { where });
  }
  return text;
}

/** A SQL expression `($1::text)::jsonb`, so both drivers send plain text and the server parses it. */
export function jsonb(value: unknown, where: string): RawBuilder<string> {
  return sql<string>`cast(${toJsonText(value, where)}::text as jsonb)`;
}
