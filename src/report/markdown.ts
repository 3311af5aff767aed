import { relative } from 'node:path';
import { FINDING_CODES } from '../model/finding-codes.js';
import type { Report } from '../model/report.js';
import { headline, statusWords, } from './summary.js';
import { SIDE_EFFECT_WORDS } from './side-effect-words.js';

const ICON = { passed: '✅', failed: '❌', flaky: '⚠️', skipped: '⏭️', inconclusive: '❔' } as const;

/** summary.md: for a marketer, and fit for a CI job summary. */
export function renderMarkdown(report: Report, cwd = process.cwd()): string {
  const lines = [`# Journey audit: ${headline(report)}`, '', `Run \`${report.runId}\`, ${report.startedAt}.`, ''];
  lines.push('| | Journey | Result | Problems |', '|---|---|---|---|');
  for (const j of report.journeys) lines.push(`| ${ICON[j.status]} | ${escape(j.name)} | ${statusWords(j)} | ${j.findings.length} |`);
  const withFindings = report.journeys.filter((j) => j.findings.length);
  if (withFindings.length) lines.push('', '## What went wrong');
  for (const j of withFindings) {
    lines.push('', `### ${escape(j.name)}`, '');
    for (const f of j.findings) {
      const where = f.location ? ` (${relative(cwd, f.location.file)}:${f.location.line})` : '';
      const rule = f.rule ? ` Rule: ${f.rule}.` : '';
      lines.push(`- **${FINDING_CODES[f.code]?.title ?? f.code}** — ${escape(f.message)}${rule} _${f.code}${where}_`);
      lines.push(`  - What to do: ${FINDING_CODES[f.code]?.advice ?? ''}`);
    }
  }
  const withSideEffects = report.journeys.filter((j) => j.sideEffects?.length);
  if (withSideEffects.length) lines.push('', '## What the audit did on the sites', '', 'Requests that may change a subscriber’s state on the audited site, made as the journey’s own customer.');
  for (const j of withSideEffects) {
    lines.push('', `### ${escape(j.name)}`, '', '| When | What | Target | As | Step |', '|---|---|---|---|---|');
    for (const e of j.sideEffects ?? []) lines.push(`| ${e.at} | ${SIDE_EFFECT_WORDS[e.kind] ?? e.kind} | \`${escape([e.method, e.target].filter(Boolean).join(' '))}\` | ${escape(e.address ?? '')} | ${escape(e.step ?? '')} |`);
  }
  if (report.strayMails.length) lines.push('', `${report.strayMails.length} email(s) arrived for addresses no journey used.`);
  lines.push('', 'Open report.html in this folder for screenshots, emails and evidence.', '');
  return lines.join('\n');
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
