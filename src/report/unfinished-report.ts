import type { Journey } from '../journey/model.js';
import { toolVersion } from '../core/version.js';
import { FINDING_CODES } from './finding-codes.js';
import { REPORT_SCHEMA_VERSION, type Report } from './model.js';
import { summarize } from './summary.js';

/**
 * The report of a run stopped before Playwright could write one (Ctrl-C while it was
 * starting): every journey listed as not run, so the run still leaves a record.
 */
export function unfinishedReport(options: { runId: string; startedAt: string; journeys: Journey[]; reason: string }): Report {
  const { severity } = FINDING_CODES.RUN_INTERRUPTED;
  const journeys = options.journeys.map((j) => ({
    name: j.name,
    file: j.file,
    status: 'skipped' as const,
    durationMs: 0,
    retries: 0,
    error: options.reason,
    steps: j.steps.map((s) => ({ title: s.title, kind: s.kind, file: s.location.file, line: s.location.line, column: s.location.column, status: 'not-run' as const, durationMs: 0, attachments: [] })),
    findings: [{ code: 'RUN_INTERRUPTED' as const, severity, message: 'The run was stopped before this journey started.', evidence: [] }],
    mailboxes: {},
    mails: [],
    attachments: [],
  }));
  const finishedAt = new Date();
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'journey-audit', version: toolVersion() },
    runId: options.runId,
    startedAt: options.startedAt,
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - Date.parse(options.startedAt),
    complete: false,
    summary: summarize(journeys),
    errors: [options.reason],
    journeys,
    strayMails: [],
  };
}
