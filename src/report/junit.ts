import { relative } from 'node:path';
import type { Report } from '../model/report.js';
import { xml } from '../core/xml.js';

/** junit.xml: a testcase per journey; failing steps and findings in the failure text. */
export function renderJunit(report: Report, cwd = process.cwd()): string {
  const { summary } = report;
  // JUnit knows no "inconclusive": such a journey is skipped (not green), its reason in the message.
  const skipped = summary.skipped + (summary.inconclusive ?? 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="journey-audit" tests="${summary.total}" failures="${summary.failed}" skipped="${skipped}" time="${seconds(report.durationMs)}">`,
    `  <testsuite name="journeys" tests="${summary.total}" failures="${summary.failed}" skipped="${skipped}" time="${seconds(report.durationMs)}" timestamp="${report.startedAt}">`,
  ];
  for (const j of report.journeys) {
    const file = relative(cwd, j.file);
    out.push(`    <testcase name="${xml(j.name)}" classname="${xml(file)}" file="${xml(file)}" time="${seconds(j.durationMs)}">`);
    if (j.status === 'failed') {
      const failed = j.steps.find((s) => s.status === 'failed');
      const message = j.findings[0]?.message ?? j.error ?? 'journey failed';
      const body = [
        failed ? `Step "${failed.title}" failed at ${relative(cwd, failed.file)}:${failed.line}` : '',
        ...j.findings.map((f) => `[${f.code}] ${f.message}${f.rule ? ` (rule ${f.rule})` : ''}`),
      ].filter(Boolean);
      out.push(`      <failure message="${xml(message)}" type="${xml(j.findings[0]?.code ?? 'JOURNEY_FAILED')}">${xml(body.join('\n'))}</failure>`);
    } else if (j.status === 'skipped') {
      out.push(`      <skipped message="${xml(j.error ?? 'skipped')}"/>`);
    } else if (j.status === 'inconclusive') {
      out.push(`      <skipped message="${xml(`inconclusive (could not verify): ${j.inconclusive ?? j.findings.find((f) => f.severity === 'warning')?.message ?? ''}`)}"/>`);
    } else if (j.status === 'flaky') {
      out.push(`      <system-out>${xml(`Flaky: passed after ${j.retries} retr${j.retries === 1 ? 'y' : 'ies'}. ${j.error ?? ''}`)}</system-out>`);
    }
    const warnings = j.findings.filter((f) => f.severity === 'warning');
    if (j.status === 'passed' && warnings.length) out.push(`      <system-out>${xml(`Passed with warnings:\n${warnings.map((f) => `[${f.code}] ${f.message}`).join('\n')}`)}</system-out>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>', '');
  return out.join('\n');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
