// Errors the CLI turns into one clear sentence and an exit code: 1 for a user mistake, 2 for wrong usage.
export class UserError extends Error {
  readonly exitCode: 1 | 2;
  constructor(message: string, exitCode: 1 | 2 = 1) {
    super(message);
    this.name = "UserError";
    this.exitCode = exitCode;
  }
}
export class UsageError extends UserError {
  constructor(message: string) {
    super(message, 2);
    this.name = "UsageError";
  }
}
