import type { FindingCode } from '../report/finding-codes.js';

export interface FindingInput {
  code: FindingCode;
  message: string;
  rule?: string;
  evidence?: string[];
  details?: Record<string, unknown>;
}

/**
 * Thrown by a step when the journey's promise did not hold. The runner records the
 * finding and fails the step with the finding's plain-language message.
 */
export class StepFailure extends Error {
  constructor(readonly finding: FindingInput) {
    super(finding.message);
    this.name = 'StepFailure';
  }
}

export function fail(code: FindingCode, message: string, extra: Omit<FindingInput, 'code' | 'message'> = {}): never {
  throw new StepFailure({ code, message, ...extra });
}
