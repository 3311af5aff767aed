import type { Locator } from 'playwright';
import type { FindingCode } from '../model/finding-codes.js';
import { fail } from './step-failure.js';

/** Waits for an element; a timeout becomes a finding with the given plain-language message. */
export async function expectVisibleOrFail(locator: Locator, timeoutMs: number, code: FindingCode, message: string): Promise<void> {
  try {
    await locator.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch (error) {
    // Checked by name: importing playwright here would slow down `validate`.
    if ((error as Error).name === 'TimeoutError') fail(code, message);
    throw error;
  }
}
