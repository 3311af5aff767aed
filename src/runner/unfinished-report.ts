import type { Journey } from '../model/journey.js';
import { toolVersion } from '../core/version.js';
import { REPORT_SCHEMA_VERSION, type Report } from '../model/report.js';
import { summarize } from '../report/summary.js';
import { interruptedFinding, stepResult } from './records.js';

/**
 * The report of a run stopped before Playwright could write one (Ctrl-C while it was
 * starting): every journey listed as not run, so the run still leaves a record.
 */
export function unfinishedReport(options: { runId: string; startedAt: string; journeys: Journey[]; reason: string }): Report {
  const journeys = options.journeys.map((j) => ({
    name: j.name,
    file: j.file,
    status: 'skipped' as const,
    durationMs: 0,
    retries: 0,
    error: options.reason,
    steps: j.steps.map((s) => stepResult(s, 'not-run')),
    findings: [interruptedFinding(true)],
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
