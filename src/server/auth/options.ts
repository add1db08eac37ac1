// Settings of multi-user mode (what `llmpath serve --database-url` turns on).
import type { Context } from "hono";
import type { GradingQueue } from "./grading-queue-type.ts";

export interface MultiUserOptions {
  /** Mark cookies Secure (set when the app is served over HTTPS, e.g. behind a TLS proxy). */
  secureCookies?: boolean;
  /** Session lifetime in days (default 30). */
  sessionDays?: number;
  /** The client's address for rate-limiting (default: the socket's remote address, or "unknown"). */
  clientIp?: (c: Context) => string;
  /** When set, lab attempts are queued for grading workers instead of graded in the web process. */
  grading?: GradingQueue;
}
