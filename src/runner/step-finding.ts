import type { Redactor } from '../core/redact.js';
import { FINDING_CODES, findingCode } from '../model/finding-codes.js';
import type { JourneyStep } from '../model/journey.js';
import type { Finding } from '../model/report.js';
import type { FindingInput } from '../steps/step-failure.js';

/** A finding of `step` as the report keeps it: severity and rule from its code unless given, located at the step, secrets masked. */
export function stepFinding(step: JourneyStep, input: FindingInput & { severity?: Finding['severity'] }, redactor: Redactor): Finding {
  return {
    code: input.code,
    severity: input.severity ?? FINDING_CODES[input.code].severity,
    message: redactor.redact(input.message),
    rule: input.rule ?? findingCode(input.code).rule,
    step: step.title,
    location: step.location,
    evidence: input.evidence ?? [],
    details: input.details && redactor.redactDeep(input.details),
  };
}
