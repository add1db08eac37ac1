// Reads and checks typed answers: choices by letter or number, numbers with fractions or scientific notation.
import type { Text } from "../curriculum/index.ts";

export type Checkable = { kind: "numeric"; answer: number; tolerance: number } | { kind: "choice"; choices: Text[]; correct: number };

/** "b" / "B" / "2" → 1 (zero-based); undefined when it is not one of the choices. */
export function parseChoice(text: string, count: number): number | undefined {
  const s = text.trim().toLowerCase();
  let i: number | undefined;
  if (/^[a-z]$/.test(s)) i = s.charCodeAt(0) - 97;
  else if (/^\d+$/.test(s)) i = Number(s) - 1;
  return i !== undefined && i >= 0 && i < count ? i : undefined;
}

/** "3.742", "1e-3", "98,368", "1/2", "-0.5", "50%" → number; undefined when unreadable. */
export function parseNumber(text: string): number | undefined {
  const s = text.trim().replace(/(\d),(?=\d{3}\b)/g, "$1").replace(/\s+/g, "");
  if (/^[-+]?\d+\/\d+$/.test(s)) {
    const [a, b] = s.split("/").map(Number) as [number, number];
    return b === 0 ? undefined : a / b;
  }
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?%$/i.test(s)) return Number(s.slice(0, -1)) / 100;
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return Number(s);
  return undefined;
}

/** Absolute tolerance from the content, plus a hair for binary rounding of the typed decimal. */
export function withinTolerance(given: number, expected: number, tolerance: number): boolean {
  return Math.abs(given - expected) <= tolerance + 1e-9 * Math.max(1, Math.abs(expected));
}

export type CheckResult = { status: "correct" | "wrong"; given: number } | { status: "unreadable" };

export function checkAnswer(q: Checkable, text: string): CheckResult {
  if (q.kind === "choice") {
    const i = parseChoice(text, q.choices.length);
    return i === undefined ? { status: "unreadable" } : { status: i === q.correct ? "correct" : "wrong", given: i };
  }
  const n = parseNumber(text);
  return n === undefined ? { status: "unreadable" } : { status: withinTolerance(n, q.answer, q.tolerance) ? "correct" : "wrong", given: n };
}

export const choiceLetter = (i: number) => String.fromCharCode(97 + i);
