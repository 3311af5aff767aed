import type { JourneyResult, Report, RunSummary, Finding, Outcome } from '../model/report.js';

export function summarize(journeys: readonly JourneyResult[]): RunSummary {
  const count = (status: JourneyResult['status']) => journeys.filter((j) => j.status === status).length;
  return {
    total: journeys.length,
    passed: count('passed'),
    failed: count('failed'),
    flaky: count('flaky'),
    skipped: count('skipped'),
    inconclusive: count('inconclusive'),
    findings: journeys.reduce((sum, j) => sum + j.findings.length, 0) ,
    errors: journeys.reduce((sum, j) => sum + j.findings.filter((f) => f.severity === 'error').length, 0),
    warnings: journeys.reduce((sum, j) => sum + j.findings.filter((f) => f.severity === 'warning').length, 0),
  };
}

/**
 * A journey's outcome follows its worst finding: never passed while it holds an error
 * (a check that went on after failing, a finding added without failing the step);
 * inconclusive when the audit could not verify everything and found nothing broken.
 */
export function journeyOutcome(outcome: Outcome, findings: readonly Finding[], inconclusive?: string): Outcome {
  const passed = outcome === 'passed' || outcome === 'flaky';
  if (passed && findings.some((f) => f.severity === 'error')) return 'failed';
  if (outcome === 'passed' && inconclusive) return 'inconclusive';
  return outcome;
}

/** Passed, but with warnings a reader should see. */
export function passedWithWarnings(j: Pick<JourneyResult, 'status' | 'findings'>): boolean {
  return j.status === 'passed' && j.findings.some((f) => f.severity === 'warning');
}

/** The journey's result in words: "Passed with warnings", "Inconclusive (could not verify)". */
export function statusWords(j: Pick<JourneyResult, 'status' | 'findings'>): string {
  return passedWithWarnings(j) ? 'Passed with warnings' : STATUS_WORDS[j.status];
}

/**
 * "3 of 5 journeys passed; 4 problems found." A flaky journey is never counted as passed;
 * problems are broken promises (errors), warnings are counted apart.
 */
export function headline(report: Pick<Report, 'summary' | 'complete'>): string {
  const { total, passed, flaky, inconclusive = 0 } = report.summary;
  // Reports written before severities were counted: every finding was a problem.
  const errors = report.summary.errors ?? report.summary.findings;
  const warnings = report.summary.warnings ?? 0;
  const parts = [`${passed} of ${total} ${total === 1 ? 'journey' : 'journeys'} passed`];
  if (flaky) parts.push(`${flaky} flaky (passed only on retry)`);
  if (inconclusive) parts.push(`${inconclusive} inconclusive (could not verify)`);
  parts.push(errors === 0 ? 'no problems found' : `${errors} ${errors === 1 ? 'problem' : 'problems'} found`);
  if (warnings) parts.push(`${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`);
  return `${parts.join('; ')}${report.complete ? '' : ' (run interrupted: partial report)'}.`;
}

export const STATUS_WORDS: Record<JourneyResult['status'], string> = {
  passed: 'Passed',
  failed: 'Failed',
  flaky: 'Flaky',
  skipped: 'Skipped',
  inconclusive: 'Inconclusive (could not verify)',
};
