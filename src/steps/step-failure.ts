import type { FindingCode } from '../model/finding-codes.js';

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

/**
 * Thrown by a step that has already added its findings with `ctx.addFinding` (one per
 * broken link, say): the step fails with this summary and no further finding is added.
 */
export class FindingsRecorded extends Error {
  constructor(summary: string) {
    super(summary);
    this.name = 'FindingsRecorded';
  }
}

export function fail(code: FindingCode, message: string, extra: Omit<FindingInput, 'code' | 'message'> = {}): never {
  throw new StepFailure({ code, message, ...extra });
}

/**
 * Thrown when a step cannot tell whether the promise holds (a bot wall stood in the way):
 * the finding is a warning, the journey stops and is inconclusive, never failed.
 */
export class CouldNotVerify extends Error {
  constructor(readonly finding: FindingInput) {
    super(finding.message);
    this.name = 'CouldNotVerify';
  }
}
