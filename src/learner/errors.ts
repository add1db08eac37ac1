// Learner-core errors as data: a message code (from i18n/*/learner.ts) and its parameters; the CLI localises them.
export class LearnerError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = "LearnerError";
  }
}
