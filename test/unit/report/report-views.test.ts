import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINDING_CODES, type FindingCodeInfo } from '../../../src/model/finding-codes.js';
import { annotations, publishToGitHubActions } from '../../../src/report/github-actions.js';
import { renderHtml } from '../../../src/report/html/report-page.js';
import { esc, evidenceHref, jsonBlock } from '../../../src/report/html/escape.js';
import { reportProblems } from '../../../src/report/report-schema.js';
import { RULES, ruleCitation } from '../../../src/model/rules.js';
import { writeReport } from '../../../src/report/write-report.js';
import { eml, journey, mailRecord, report, tempDir } from './report-fixture.js';

const failing = journey('Buyer: checkout, 100% broken', {
  file: '/repo/journeys/shop.journey.yaml',
  status: 'failed',
  steps: [{ title: 'click Pay', kind: 'click', file: '/repo/journeys/parts/pay.yaml', line: 7, column: 5, status: 'failed', durationMs: 10, error: 'no button\nsecond line', attachments: [] }],
  findings: [
    { code: 'ELEMENT_NOT_FOUND', severity: 'error', message: 'The "Pay" button is missing.\nLine two', location: { file: '/repo/journeys/parts/pay.yaml', line: 7, column: 5 }, evidence: [] },
    { code: 'LINK_FRAGMENT_MISSING', severity: 'warning', message: 'Anchor gone', location: { file: '/repo/journeys/shop.journey.yaml', line: 12, column: 5 }, evidence: [] },
  ],
});

describe('GitHub Actions output', () => {
  it('annotates the failing step at its YAML line, escaping workflow-command characters', () => {
    const lines = annotations(report([failing]), '/repo');
    expect(lines).toEqual([
      '::error file=journeys/parts/pay.yaml,line=7,col=5,title=Buyer%3A checkout%2C 100%25 broken%3A Something the customer needs is missing from the page::The "Pay" button is missing.%0ALine two%0AWhat to do: Check that the button, link or field still exists with the same wording.',
      '::warning file=journeys/shop.journey.yaml,line=12,col=5,title=Buyer%3A checkout%2C 100%25 broken%3A A link points to a section that is not on the page::Anchor gone',
    ]);
  });

  it('appends summary.md to GITHUB_STEP_SUMMARY and prints the annotations', () => {
    const dir = tempDir({ 'summary.md': 'before\n' });
    const printed: string[] = [];
    publishToGitHubActions(report([failing]), { env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: join(dir, 'summary.md') }, cwd: '/repo', print: (l) => printed.push(l) });
    const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(summary).toMatch(/^before\n# Journey audit: 0 of 1 journey passed; 1 problem found; 1 warning\./);
    expect(printed).toHaveLength(2);
  });
});

describe('report.html escaping', () => {
  it('escapes text and attributes, and keeps JSON data blocks closed', () => {
    expect(esc(`<a href="x" onclick='y'>&`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;');
    const block = jsonBlock('d', { s: '</script><script>alert(1)</script>\u2028' });
    expect(block.match(/<\/script>/g)).toHaveLength(1);
    expect(JSON.parse(block.slice(block.indexOf('>') + 1, -'</script>'.length))).toEqual({ s: '</script><script>alert(1)</script>\u2028' });
  });

  it('links evidence only inside the report folder', () => {
    expect(evidenceHref('evidence/shop/01 failure.png')).toBe('evidence/shop/01%20failure.png');
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:x', 'http://evil.test/x', '/etc/passwd', '../../secret', 'data:text/html,x']) expect(evidenceHref(bad)).toBe('#');
  });

  it('lists a mail link with a javascript: address as text, never as a link', () => {
    const rep = report([journey('Mail', { mails: [mailRecord('1', 'Hi')] })]);
    const mails = new Map([['mail/00001.eml', { headers: [{ key: 'subject', line: 'Subject: Hi' }], html: '<p>x</p>', text: 'x', links: [{ href: 'javascript:alert(1)', text: 'Click <b>me</b>', part: 'html' as const }], truncated: false }]]);
    const html = renderHtml(rep, { cwd: '/project', mails });
    expect(html).toContain('<code>javascript:alert(1)</code> <span class="notice">(not a web address; not clickable)</span>');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('Click &lt;b&gt;me&lt;/b&gt;');
  });
});

describe('report.html mail previews', () => {
  it('masks secret values in what it shows of a mail; the raw .eml stays as received', async () => {
    const secret = 'hunter2-Sup3rSecret';
    const dir = tempDir({ 'mail/00001.eml': eml(`Your password ${secret}`, `<p>Your password is ${secret}</p><a href="https://x.test/login?pw=${secret}">Log in</a>`, `Password: ${secret}`) });
    const rep = report([journey('Reset', { mails: [mailRecord('1', 'Your password ••••••')] })]);
    await writeReport(dir, rep, '/project', (text) => text.split(secret).join('••••••'));
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('Your password is ••••••');
    expect(html).not.toContain(secret);
    expect(readFileSync(join(dir, 'mail/00001.eml'), 'utf8')).toContain(secret);
  });

  it('never reads a mail from outside the report folder', async () => {
    const outside = tempDir({ 'private.eml': eml('Private', '<p>private words</p>') });
    const dir = tempDir();
    const rep = report([journey('Sneaky', { mails: [mailRecord('1', 'x', `../${outside.split('/').pop()}/private.eml`), mailRecord('2', 'y', join(outside, 'private.eml'))] })]);
    await writeReport(dir, rep, '/project');
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).not.toContain('private words');
  });
});

describe('rules catalogue and report schema', () => {
  it('explains every rule a finding code cites', () => {
    const cited = Object.values(FINDING_CODES as Record<string, FindingCodeInfo>).map((c) => c.rule).filter((r): r is string => Boolean(r));
    for (const rule of cited) expect(Object.keys(RULES)).toContain(rule);
    expect(ruleCitation('CFR316.5')).toBe('CFR316.5 — an indicator of non-compliance with US 16 CFR 316.5, not a legal conclusion');
    // A passed check cites the law without calling anything non-compliant.
    expect(ruleCitation('CFR316.5', { problem: false })).toBe('CFR316.5 (US 16 CFR 316.5)');
  });

  it('docs/report-format.md lists every finding code with its severity and rule', () => {
    const doc = readFileSync('docs/report-format.md', 'utf8');
    for (const [code, info] of Object.entries(FINDING_CODES as Record<string, FindingCodeInfo>)) {
      expect(doc, code).toMatch(new RegExp(`^\\| \`${code}\` \\| ${info.severity} \\| ${(info.rule ?? '').replace(/\./g, '\\.')} *\\|`, 'm'));
    }
  });

  it('accepts fixture reports, reports unknown fields as compatible, and names what is wrong', () => {
    expect(reportProblems(report([failing]))).toEqual([]);
    expect(reportProblems({ ...report([failing]), futureField: { x: 1 } })).toEqual([]);
    const broken = report([failing]);
    (broken.journeys[0] as { status: string }).status = 'exploded';
    expect(reportProblems(broken)).toEqual([expect.stringMatching(/^journeys\.0\.status: /)]);
  });
});
