// Messages the test process sends to the grader over IPC, and the limits both sides apply to them.
import type { AssertionDetails } from "./assertion-error.ts";

/** Captured console output kept per test (bytes of UTF-16 text, roughly characters). */
export const OUTPUT_LIMIT = 2048;
/** Longest message kept for one test. */
export const MESSAGE_LIMIT = 4096;
/** Environment variable carrying the per-run token; the harness removes it before lab code runs. */
export const NONCE_ENV = "LLMPATH_GRADER_NONCE";

/** An exception as it crosses the process boundary (stack still in bundle coordinates). */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
  /** Present when the error is a lab AssertionError. */
  details?: AssertionDetails;
}

export interface WireTest {
  name: string;
  file: string;
  taskId?: string;
}

export type ChildMessage =
  | { t: "plan"; tests: WireTest[]; loadErrors: { file: string; error: WireError }[] }
  | { t: "start"; i: number }
  | { t: "result"; i: number; status: "pass" | "fail" | "error"; error?: WireError; output?: string; durationMs: number }
  | { t: "done"; output?: string };

/** Every message carries the run's token so output from lab code cannot pass for the harness. */
export type Envelope = ChildMessage & { nonce: string };

/** Cuts `text` to `limit` characters, saying how much was dropped. */
export function capText(text: string, limit: number, dropped = 0): string {
  if (text.length <= limit && dropped === 0) return text;
  const kept = text.slice(0, limit);
  const more = text.length - kept.length + dropped;
  return `${kept}\n… [truncated: ${more} more characters]`;
}
