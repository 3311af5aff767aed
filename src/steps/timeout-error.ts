/**
 * Playwright's `TimeoutError`, recognised by name: importing `playwright` for its `errors`
 * class would load all of Playwright into `validate`, which never opens a browser.
 */
export function isTimeoutError(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}
