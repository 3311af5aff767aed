import { ExitCode } from './exit-codes.js';

/**
 * An error the user can act on. The CLI prints `message` (and `hint`) without a stack
 * trace and exits with `exitCode`. Anything else that escapes is a bug in journey-audit.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Input the user gave us (a journey, a config value, a flag) is invalid: exit 2. */
export class InvalidInputError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.invalidInput, hint);
    this.name = 'InvalidInputError';
  }
}

/** journey-audit cannot run here (no browser, port taken, …): exit 3. */
export class CannotRunError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.couldNotRun, hint);
    this.name = 'CannotRunError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
