import type { Locator } from 'playwright';
import type { FindingCode } from '../model/finding-codes.js';
import { fail } from './step-failure.js';
import { isTimeoutError } from './timeout-error.js';

/** Waits for an element; a timeout becomes a finding with the given plain-language message. */
export async function expectVisibleOrFail(locator: Locator, timeoutMs: number, code: FindingCode, message: string): Promise<void> {
  try {
    await locator.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch (error) {
    if (isTimeoutError(error)) fail(code, message);
    throw error;
  }
}
