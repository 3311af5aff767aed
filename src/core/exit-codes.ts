/** Documented process exit codes (README "Exit codes"); tested in test/e2e/exit-codes.test.ts. */
export const ExitCode = {
  passed: 0,
  failed: 1,
  invalidInput: 2,
  couldNotRun: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
