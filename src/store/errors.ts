// StoreError: the one error type the store throws for problems a user or operator can fix.

export type StoreErrorCode = "data_dir_unwritable" | "locked" | "corrupt" | "connection" | "not_found" | "invalid";

/**
 * A store failure with a stable `code` (for programs and i18n), one sentence of `message`
 * (what, where, how to fix) and the facts behind it in `details` (paths, pids, host:port — never passwords).
 */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: StoreErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreError";
    this.code = code;
    this.details = details;
  }
}

export function isStoreError(e: unknown): e is StoreError {
  return e instanceof StoreError;
}

/** Node's system-error code (`EACCES`, `ENOENT`, ...) or PostgreSQL's SQLSTATE, if the value carries one. */
export function errorCode(e: unknown): string | undefined {
  if (typeof e === "object" && e !== null && "code" in e) {
    const c = (e as { code: unknown }).code;
    return typeof c === "string" ? c : undefined;
  }
  return undefined;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
