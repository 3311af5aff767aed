import type { JourneyResult, Report, RunSummary } from '../model/report.js';

export function summarize(journeys: readonly JourneyResult[]): RunSummary {
  const count = (status: JourneyResult['status']) => journeys.filter((j) => j.status === status).length;
  return {
    total: journeys.length,
    passed: count('passed'),
    failed: count('failed'),
    flaky: count('flaky'),
    skipped: count('skipped'),
    findings: journeys.reduce((sum, j) => sum + j.findings.length, 0) ,
  };
}

/** "3 of 5 journeys passed; 4 problems found." A flaky journey is never counted as passed. */
export function headline(report: Pick<Report, 'summary' | 'complete'>): string {
  const { total, passed, flaky, findings } = report.summary;
  const parts = [`${passed} of ${total} ${total === 1 ? 'journey' : 'journeys'} passed`];
  if (flaky) parts.push(`${flaky} flaky (passed only on retry)`);
  parts.push(findings === 0 ? 'no problems found' : `${findings} ${findings === 1 ? 'problem' : 'problems'} found`);
  return `${parts.join('; ')}${report.complete ? '' : ' (run interrupted: partial report)'}.`;
}

export const STATUS_WORDS: Record<JourneyResult['status'], string> = {
  passed: 'Passed',
  failed: 'Failed',
  flaky: 'Flaky',
  skipped: 'Skipped',
};
