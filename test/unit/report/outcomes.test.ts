import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/report/html/report-page.js';
import { verdictLabels } from '../../../src/report/html/unsubscribe-section.js';
import { renderJunit } from '../../../src/report/junit.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import type { Finding, UnsubscribeVerdict } from '../../../src/model/report.js';
import { headline, journeyOutcome } from '../../../src/report/summary.js';
import { journey, report } from './report-fixture.js';

/** The outcome follows the worst finding in every view; "could not verify" is its own outcome. */

const finding = (code: Finding['code'], severity: Finding['severity']): Finding => ({ code, severity, message: `${code} happened`, evidence: [] });

describe('journey outcomes', () => {
  it('never shows a journey as passed while it holds an error finding', () => {
    expect(journeyOutcome('passed', [finding('LINK_BROKEN', 'error')])).toBe('failed');
    expect(journeyOutcome('flaky', [finding('LINK_BROKEN', 'error')])).toBe('failed');
    expect(journeyOutcome('passed', [finding('LINK_BROKEN', 'warning')])).toBe('passed');
    expect(journeyOutcome('passed', [finding('PAGE_BOT_WALL', 'warning')], 'a bot wall')).toBe('inconclusive');
    expect(journeyOutcome('failed', [finding('PAGE_BOT_WALL', 'warning'), finding('TEXT_NOT_FOUND', 'error')], 'a bot wall')).toBe('failed');
  });

  it('shows warnings-only journeys as passed with warnings and bot-walled ones as inconclusive, in every view', () => {
    const rep = report([
      journey('Warned', { findings: [finding('LINK_BROKEN', 'warning')] }),
      journey('Walled', { status: 'inconclusive', inconclusive: 'a bot wall answered', findings: [finding('PAGE_BOT_WALL', 'warning')] }),
      journey('Broken', { status: 'failed', findings: [finding('TEXT_NOT_FOUND', 'error')] }),
    ]);
    expect(rep.summary).toMatchObject({ passed: 1, failed: 1, inconclusive: 1, findings: 3, errors: 1, warnings: 2 });
    expect(headline(rep)).toBe('1 of 3 journeys passed; 1 inconclusive (could not verify); 1 problem found; 2 warnings.');
    const md = renderMarkdown(rep, '/project');
    expect(md).toContain('| ✅ | Warned | Passed with warnings | 1 |');
    expect(md).toContain('| ❔ | Walled | Inconclusive (could not verify) | 1 |');
    const junit = renderJunit(rep, '/project');
    expect(junit).toContain('skipped="1"');
    expect(junit).toContain('failures="1"');
    expect(junit).toMatch(/<skipped message="inconclusive \(could not verify\): a bot wall answered"\/>/);
    expect(junit).toContain('Passed with warnings:');
    const html = renderHtml(rep, { cwd: '/project', mails: new Map() });
    expect(html).toContain('✓ Passed with warnings');
    expect(html).toContain('? Inconclusive');
    expect(html).toContain('Could not verify every promise of this journey');
  });
});

describe('unsubscribe verdict rows', () => {
  const verdict = (path: UnsubscribeVerdict['path'], step?: string): UnsubscribeVerdict => ({ path, verdict: 'passed', summary: 'ok', rules: [], findings: [], evidence: [], step });

  it('never share a label: the step names a repeated way, a number separates what is still alike', () => {
    expect(verdictLabels([verdict('link', 'audit news'), verdict('link', 'audit digest'), verdict('mailto', 'audit news')])).toEqual([
      'Unsubscribe page — audit news',
      'Unsubscribe page — audit digest',
      'Unsubscribe by email',
    ]);
    expect(verdictLabels([verdict('one-click', 'audit news'), verdict('one-click', 'audit news')])).toEqual(['One-click unsubscribe — audit news (1)', 'One-click unsubscribe — audit news (2)']);
  });
});
