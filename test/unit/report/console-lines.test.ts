import { describe, expect, it } from 'vitest';
import { journeyLine, summaryLines } from '../../../src/report/console-lines.js';
import type { Finding, Report } from '../../../src/model/report.js';

const finding = (code: string, message: string, line: number): Finding =>
  ({ code, severity: 'error', message, step: 's', location: { file: '/work/shop/journeys/news.journey.yaml', line, column: 5 }, evidence: [] }) as unknown as Finding;

describe('console lines', () => {
  it('one line per journey: mark, status, name, duration, first finding in words, how many more', () => {
    expect(journeyLine({ name: 'Reader unsubscribes', status: 'passed', durationMs: 1234, findings: [] })).toBe('  ✓ passed  Reader unsubscribes (1.2s)');
    expect(journeyLine({ name: 'Reader unsubscribes', status: 'failed', durationMs: 61_000, findings: [finding('UNSUB_NOT_HONOURED', 'Mail still\narrived.', 16), finding('X', 'y', 3)] })).toBe(
      '  ✗ failed  Reader unsubscribes (1m01s)  Mail still arrived. (+1 more)',
    );
    expect(journeyLine({ name: 'Slow', status: 'skipped', durationMs: 0, findings: [], error: 'interrupted before it finished' })).toBe('  - skipped Slow (0.0s)  interrupted before it finished');
  });

  it('never wraps on a terminal: a line is cut to its width', () => {
    const line = journeyLine({ name: 'N', status: 'failed', durationMs: 1000, findings: [finding('X', 'a'.repeat(200), 1)] }, 60);
    expect(line).toHaveLength(60);
    expect(line.endsWith('…')).toBe(true);
  });

  it('ends with the headline, a findings table with the YAML line, and the report file', () => {
    const report = {
      complete: true,
      summary: { total: 2, passed: 1, failed: 1, flaky: 0, skipped: 0, findings: 1 },
      journeys: [
        { name: 'Home', file: '/work/shop/journeys/home.journey.yaml', status: 'passed', findings: [] },
        { name: 'Reader unsubscribes', file: '/work/shop/journeys/news.journey.yaml', status: 'failed', findings: [finding('UNSUB_NOT_HONOURED', 'Mail still arrived.', 16)] },
      ],
    } as unknown as Report;
    expect(summaryLines(report, 'reports/r1/report.html', '/work/shop')).toEqual([
      '',
      'journey-audit: 1 of 2 journeys passed; 1 problem found.',
      '',
      '  journey              problem             where                          what happened',
      '  Reader unsubscribes  UNSUB_NOT_HONOURED  journeys/news.journey.yaml:16  Mail still arrived.',
      '',
      'journey-audit: report written to reports/r1/report.html',
    ]);
  });
});
