import type { JourneyStep } from '../model/journey.js';
import type { MailSummary } from '../mail/received-mail.js';
import { FINDING_CODES } from '../model/finding-codes.js';
import type { Finding, MailRecord, StepResult } from '../model/report.js';

/** A step's entry in the report, before it has run. */
export function stepResult(step: JourneyStep, status: StepResult['status']): StepResult {
  const { file, line, column } = step.location;
  return { title: step.title, kind: step.kind, file, line, column, status, durationMs: 0, attachments: [] };
}

/** A stored mail as the report lists it; `path` is relative to the report folder. */
export function mailRecord(mail: MailSummary, path: string): MailRecord {
  return {
    id: mail.id,
    from: mail.from,
    to: mail.to.length ? mail.to : mail.envelopeTo,
    subject: mail.subject,
    receivedAt: new Date(mail.receivedAt).toISOString(),
    size: mail.size,
    path,
    sha256: mail.sha256,
  };
}

/** Added to each journey an interrupted run did not finish. */
export function interruptedFinding(neverRan: boolean): Finding {
  const { severity, title } = FINDING_CODES.RUN_INTERRUPTED;
  const message = neverRan ? 'The run was stopped before this journey started.' : `${title}: this journey was stopped before its last step.`;
  return { code: 'RUN_INTERRUPTED', severity, message, evidence: [] };
}
