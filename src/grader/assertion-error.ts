// The error every lab assertion throws: a readable message plus structured fields the UI can render.

/** Structured description of a failed assertion; `kind` says which assertion produced it. */
export interface AssertionDetails {
  kind: "close" | "shape" | "equal" | "true" | "throws" | "input";
  /** First offending (multi-)index for numeric comparisons, or a property path for deep equality. */
  index?: number[];
  path?: string;
  expected?: unknown;
  received?: unknown;
  atol?: number;
  rtol?: number;
  /** Largest |received − expected| over all elements, and where it occurs. */
  maxAbsDiff?: number;
  maxAbsDiffIndex?: number[];
  shape?: number[];
  expectedShape?: number[];
  receivedShape?: number[];
  /** How many elements are outside the tolerance, out of how many. */
  mismatches?: number;
  total?: number;
}

/**
 * Thrown by `expectClose` and friends. The grader reports a test that throws this as `fail`;
 * any other exception makes the test `error`.
 */
export class AssertionError extends Error {
  override readonly name = "AssertionError";
  readonly details: AssertionDetails;
  readonly index?: number[];
  readonly expected?: unknown;
  readonly received?: unknown;
  readonly atol?: number;
  readonly rtol?: number;
  readonly maxAbsDiff?: number;
  readonly shape?: number[];

  constructor(message: string, details: AssertionDetails) {
    super(message);
    this.details = details;
    this.index = details.index;
    this.expected = details.expected;
    this.received = details.received;
    this.atol = details.atol;
    this.rtol = details.rtol;
    this.maxAbsDiff = details.maxAbsDiff;
    this.shape = details.shape;
  }
}

/** True for our AssertionError, also across bundle copies (checked by name and shape, not identity). */
export function isAssertionError(error: unknown): error is AssertionError {
  return (
    error instanceof AssertionError ||
    (error instanceof Error && error.name === "AssertionError" && typeof (error as { details?: unknown }).details === "object")
  );
}
