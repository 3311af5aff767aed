import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EXPECTATIONS } from '../../src/demo/demo-expectations.js';
import type { JourneyResult, Report } from '../../src/model/report.js';
import { latestReport, runCli, tempProject, type CliResult } from './cli-harness.js';

/**
 * `journey-audit demo` end to end, once: each bundled journey — one per demo variant — is
 * then checked for the verdict it demonstrates. Good variants must pass with no finding.
 */
let project: string;
let result: CliResult;
let report: Report;
const journey = (name: string): JourneyResult => {
  const found = report.journeys.find((j) => j.name === name);
  if (!found) throw new Error(`no journey "${name}" in the demo report`);
  return found;
};
const codes = (name: string) => journey(name).findings.map((f) => f.code);

beforeAll(async () => {
  project = tempProject({});
  result = await runCli(['demo'], { cwd: project, timeoutMs: 540_000 });
  report = latestReport(project);
}, 600_000);

describe('journey-audit demo', () => {
  it('ends every journey as meant, says so, and says where the report is', () => {
    expect(result.stdout).toContain('Demo passed: every journey reached the outcome it demonstrates.');
    expect(result.code).toBe(0);
    expect(report.journeys.map((j) => j.name).sort()).toEqual(Object.keys(DEMO_EXPECTATIONS).sort());
    expect(result.stdout).toMatch(/Open the report: reports\/.+\/report\.html/);
    expect(existsSync(join(project, 'reports', 'latest', 'summary.md'))).toBe(true);
    const html = readFileSync(join(project, 'reports', 'latest', 'report.html'), 'utf8');
    expect(html).toContain('A link promised to the customer is dead');
  });

  it('prints what the README shows: every line of its sample output (timings, ports, run ids and the order of parallel journeys aside)', () => {
    const readme = readFileSync('README.md', 'utf8');
    const sample = /prints a line per journey as it ends[^]*?```\n([^]*?)```/.exec(readme)![1];
    const normalize = (line: string) =>
      line
        .replace(/\(\d+(\.\d+)?s\)/g, '(T)')
        .replace(/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-[0-9a-f]+/g, 'RUN')
        .replace(/127\.0\.0\.1:\d+/g, 'HOST')
        .replace(/\b[0-9a-f]{32}\b/g, 'TOKEN')
        .trimEnd();
    const printed = result.stdout.split('\n').map(normalize);
    for (const line of sample.split('\n').map(normalize)) {
      if (line.trim() === '…' || line === '') continue;
      expect(printed, 'a line of the README sample that the demo does not print').toContain(line);
    }
  });

  it('writes report-single.html beside it, every screenshot of the run inside', () => {
    const single = readFileSync(join(project, 'reports', 'latest', 'report-single.html'), 'utf8');
    const screenshots = report.journeys.flatMap((j) => j.steps.flatMap((s) => s.attachments)).filter((a) => a.contentType.startsWith('image/'));
    expect(screenshots.length).toBeGreaterThan(0);
    expect(single.match(/<img src="data:image\/png;base64,/g)?.length).toBe(screenshots.length);
    expect(single).toContain(`All ${screenshots.length} screenshots are inside it.`);
  });

  it.each(Object.entries(DEMO_EXPECTATIONS).filter(([, e]) => e.status === 'passed').map(([name]) => name))('good: "%s" passes with no finding', (name) => {
    expect(journey(name).status).toBe('passed');
    expect(journey(name).findings).toEqual([]);
  });

  it('dead test link in the receipt: LINK_BROKEN citing PRACTICE-PROMISE', () => {
    expect(journey('Book buyer finds the online test link dead').findings[0]).toMatchObject({ code: 'LINK_BROKEN', rule: 'PRACTICE-PROMISE' });
  });

  it('soft 404 behind the receipt link: LINK_SOFT_404, which a status check would miss', () => {
    const finding = journey('Book buyer lands on a "not found" page dressed as OK').findings[0];
    expect(finding).toMatchObject({ code: 'LINK_SOFT_404', rule: 'PRACTICE-PROMISE' });
    expect(finding.message).toContain('not found');
  });

  it('dead host printed in the e-book PDF: LINK_UNREACHABLE with the PDF page, and the link in the links table', () => {
    const j = journey('E-book reader follows the printed test address to a dead site');
    expect(j.findings[0]).toMatchObject({ code: 'LINK_UNREACHABLE', rule: 'PRACTICE-PROMISE' });
    expect(j.findings[0].message).toContain('PDF page 1');
    expect(j.links).toContainEqual(expect.objectContaining({ url: 'http://tests.promise-keeper.invalid/online-test', state: 'broken', reason: 'dns' }));
    // "Found in" is the PDF's name and page, not an evidence path.
    expect(j.links).toContainEqual(expect.objectContaining({ url: 'http://tests.promise-keeper.invalid/online-test', parent: expect.stringMatching(/\.pdf$/), where: expect.stringContaining('PDF page 1') }));
  });

  it('good newsletter: every unsubscribe path passes, with the rules it was judged by', () => {
    const verdicts = journey('Every way to unsubscribe works').unsubscribe ?? [];
    expect(Object.fromEntries(verdicts.map((v) => [v.path, v.verdict]))).toEqual({ header: 'passed', body: 'passed', dkim: 'not-offered', 'one-click': 'passed', mailto: 'passed', link: 'passed' });
    expect(verdicts.find((v) => v.path === 'one-click')?.rules).toEqual(expect.arrayContaining(['RFC8058-2', 'RFC8058-3']));
    // The unsubscribe link the audit walked is in the links table, named by the mail's subject.
    expect(journey('Every way to unsubscribe works').links).toContainEqual(expect.objectContaining({ parent: expect.stringMatching(/^the email “.+”$/), state: 'ok' }));
    // Each path is proven on a subscriber of its own, and the mail stopped after each.
    const acting = verdicts.filter((v) => ['one-click', 'mailto', 'link'].includes(v.path));
    expect(acting.map((v) => [v.path, v.mailbox, v.mailStopped?.stopped])).toEqual([
      ['one-click', 'oneClick', true],
      ['mailto', 'byEmail', true],
      ['link', 'byLink', true],
    ]);
  });

  it('no unsubscribe at all: UNSUB_NO_HEADER and UNSUB_NO_LINK', () => {
    expect(codes('Newsletter offers no way to unsubscribe')).toEqual(expect.arrayContaining(['UNSUB_NO_HEADER', 'UNSUB_NO_LINK']));
  });

  it('confirmed but ignored: UNSUB_NOT_HONOURED', () => {
    expect(codes('Newsletter keeps mailing after unsubscribe')).toContain('UNSUB_NOT_HONOURED');
  });

  it('second list keeps mailing: UNSUB_NOT_HONOURED names the other list', () => {
    const finding = journey('Unsubscribing from one list leaves another one mailing').findings.find((f) => f.code === 'UNSUB_NOT_HONOURED');
    expect(finding?.message).toContain('Deals of the week');
  });

  it('login wall: UNSUB_LOGIN_REQUIRED citing 16 CFR 316.5', () => {
    expect(journey('Unsubscribing requires logging in').findings).toContainEqual(expect.objectContaining({ code: 'UNSUB_LOGIN_REQUIRED', rule: 'CFR316.5' }));
  });

  it('two pages with pre-ticked boxes: UNSUB_EXTRA_STEPS and UNSUB_CONFIRMSHAMING, 2 pages counted', () => {
    const name = 'Unsubscribing takes two pages, pre-ticked boxes and guilt';
    expect(codes(name)).toEqual(expect.arrayContaining(['UNSUB_EXTRA_STEPS', 'UNSUB_CONFIRMSHAMING']));
    expect(journey(name).unsubscribe?.find((v) => v.path === 'link')).toMatchObject({ verdict: 'failed', pages: 2 });
  });

  it('one-click answered with a redirect: UNSUB_ONE_CLICK_REDIRECT, with the HTTP exchange as evidence', () => {
    const j = journey('One-click unsubscribe answers with a redirect');
    const finding = j.findings.find((f) => f.code === 'UNSUB_ONE_CLICK_REDIRECT');
    expect(finding?.rule).toBe('RFC8058-3');
    const exchange = finding!.evidence.find((e) => e.includes('one-click-exchange'));
    expect(readFileSync(join(project, 'reports', 'latest', exchange!), 'utf8')).toMatch(/List-Unsubscribe=One-Click[\s\S]*302/);
  });

  it('mailto meets an auto-responder, a challenge and a re-subscription, and the mail keeps coming', () => {
    expect(codes('Unsubscribing by email meets a robot, a challenge and a re-subscription')).toEqual(
      expect.arrayContaining(['REPLY_AUTO_RESPONDER', 'REPLY_CHALLENGE', 'RESUBSCRIBED', 'UNSUB_NOT_HONOURED']),
    );
    // The re-subscription quotes the sentence the customer read, as written.
    const resubscribed = journey('Unsubscribing by email meets a robot, a challenge and a re-subscription').findings.find((f) => f.code === 'RESUBSCRIBED');
    expect(resubscribed?.message).toContain('“Welcome back: The Weekly Promise will arrive in your inbox every week again.”');
    expect(resubscribed?.details).toMatchObject({ quote: 'Welcome back: The Weekly Promise will arrive in your inbox every week again.' });
  });

  it('slow unsubscribe: fails a window that starts at once, passes one that allows the delay', () => {
    expect(codes('A slow unsubscribe still lets the next mailing through')).toContain('UNSUB_NOT_HONOURED');
    expect(journey('A slow unsubscribe is honoured within the time allowed').status).toBe('passed');
  });

  it('two-day observation: starts, stays open, and shows in the report', () => {
    const observation = journey('No newsletter for two days after unsubscribing').observations?.[0];
    expect(observation).toMatchObject({ id: 'newsletter-two-days', status: 'open', window: '2 days' });
  });
});
