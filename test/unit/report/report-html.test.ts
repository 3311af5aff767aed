import { createServer, type Server } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBrowser } from '../../../src/browser/resolve-browser.js';
import { writeReport } from '../../../src/report/write-report.js';
import { eml, journey, link, mailRecord, PNG, report, tempDir } from './report-fixture.js';
import { budget } from '../../support/time-budget.js';

/**
 * report.html in a real Chromium, opened from disk as a person would: what they see,
 * what they can click, and that nothing leaves the file.
 */
let browser: Browser;
let remote: Server;
let remoteUrl: string;
const remoteHits: string[] = [];
let dir: string;

const HOSTILE_SUBJECT = '<img src=x onerror="document.title=\'pwned\'">Your receipt';

beforeAll(async () => {
  remote = createServer((req, res) => {
    remoteHits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(PNG);
  });
  await new Promise<void>((r) => remote.listen(0, '127.0.0.1', r));
  remoteUrl = `http://127.0.0.1:${(remote.address() as { port: number }).port}`;
  const resolved = await resolveBrowser();
  browser = await chromium.launch({ executablePath: resolved.executablePath, args: resolved.args });

  const hostileHtml = `<html><head><script>parent.document.title='pwned';fetch('${remoteUrl}/script-ran')</script>
<meta http-equiv="refresh" content="0;url=${remoteUrl}/refreshed">
<link rel="stylesheet" href="${remoteUrl}/style.css"></head>
<body><h1>Thanks for your order</h1><img src="${remoteUrl}/pixel.png" alt="tracking">
<a href="javascript:parent.document.title='pwned'">Click me</a> <a href="${remoteUrl}/book">Take the online test</a>
<div style="background:url(${remoteUrl}/bg.png)">styled</div></body></html>`;
  const links = Array.from({ length: 20_000 }, (_, i) =>
    link(`https://site.test/page-${String(i).padStart(5, '0')}`, i % 100 === 7 ? 'broken' : i % 250 === 3 ? 'blocked' : 'ok', { text: i === 4242 ? 'The needle link' : `Link ${i}` }),
  );
  const shop = journey('Buyer gets a receipt with a dead link', {
    status: 'failed',
    error: 'link is dead',
    steps: [
      { title: 'open /', kind: 'goto', file: '/project/journeys/shop.journey.yaml', line: 5, column: 5, status: 'passed', durationMs: 300, attachments: [] },
      {
        title: 'open the link Take the online test',
        kind: 'openLink',
        file: '/project/journeys/shop.journey.yaml',
        line: 9,
        column: 5,
        status: 'failed',
        durationMs: 800,
        error: 'HTTP 404 <script>alert(1)</script>',
        attachments: [{ name: 'failure.png', contentType: 'image/png', path: 'evidence/shop/01-failure.png' }],
      },
      { title: 'expect text Done', kind: 'expectText', file: '/project/journeys/shop.journey.yaml', line: 10, column: 5, status: 'not-run', durationMs: 0, attachments: [] },
    ],
    findings: [
      { code: 'LINK_BROKEN', severity: 'error', message: 'The link “Take the online test” leads to a page that does not exist (HTTP 404).', rule: 'PRACTICE-PROMISE', location: { file: '/project/journeys/shop.journey.yaml', line: 9, column: 5 }, evidence: ['mail/00001-hostile.eml'] },
      { code: 'UNSUB_NO_ONE_CLICK', severity: 'warning', message: 'The receipt has no one-click unsubscribe.', rule: 'RFC8058-1', evidence: [] },
    ],
    mails: [mailRecord('1', HOSTILE_SUBJECT, 'mail/00001-hostile.eml')],
    links,
    unsubscribe: [
      { path: 'one-click', verdict: 'failed', summary: 'The one-click POST was answered with a redirect.', rules: ['RFC8058-3'], findings: ['UNSUB_ONE_CLICK_REDIRECT'], evidence: [] },
      { path: 'observation', verdict: 'failed', summary: 'Mail kept coming after the unsubscribe.', rules: ['GOOGLE-2', 'CANSPAM-OPTOUT'], findings: ['UNSUB_NOT_HONOURED'], evidence: [] },
    ],
    observations: [
      {
        id: 'obs1', address: 'buyer@journey-audit.test', filters: {}, window: '2 days', startedAt: '2026-11-23T16:00:06.000Z', closesAt: '2026-11-25T16:00:06.000Z', status: 'failed',
        mails: [{ receivedAt: '2026-11-23T18:00:06.000Z', from: 'shop@example.test', subject: 'Still here!', offsetMs: 7_200_000 }], runs: ['r1', 'r2'],
      },
    ],
  });
  const rep = report([shop, journey('Reader subscribes'), journey('Reader unsubscribes', { status: 'flaky', retries: 1 })], {
    strayMails: [mailRecord('2', 'Hello stranger', 'mail/00002-stray.eml')],
  });
  dir = tempDir({ 'mail/00001-hostile.eml': eml('Your receipt', hostileHtml), 'mail/00002-stray.eml': eml('Hello stranger', '<p>Meant for someone else</p>'), 'evidence/shop/01-failure.png': PNG });
  await writeReport(dir, rep, '/project');
});

afterAll(async () => {
  await browser?.close();
  remote?.close();
});

/**
 * `leaks()`: requests to anything but the file itself that the browser did not refuse.
 * Chromium sometimes reports a request its Content-Security-Policy refused (a CSS
 * background in a mail) as a request that failed with "csp", without touching the
 * network; the loopback "remote" server below proves nothing arrived.
 */
async function open(): Promise<{ page: Page; leaks: () => string[]; dialogs: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const requests: string[] = [];
  const blocked = new Set<string>();
  const dialogs: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('requestfailed', (r) => {
    if (/^csp$|BLOCKED_BY_CSP/.test(r.failure()?.errorText ?? '')) blocked.add(r.url());
  });
  const leaks = () => requests.filter((u) => !local(u) && !blocked.has(u));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(pathToFileURL(join(dir, 'report.html')).href);
  return { page, leaks, dialogs };
}

const local = (url: string) => /^(file:|data:|about:)/.test(url);

describe('report.html in Chromium', () => {
  it('says in plain words how the run went, groups problems by severity with what to do next', async () => {
    const { page, leaks } = await open();
    await expect(page.locator('#headline').textContent()).resolves.toBe('1 of 3 journeys passed; 1 flaky (passed only on retry); 1 problem found; 1 warning.');
    const problems = page.locator('#problems');
    await expect(problems.getByRole('heading', { name: 'Errors (1)' }).count()).resolves.toBe(1);
    await expect(problems.getByRole('heading', { name: 'Warnings (1)' }).count()).resolves.toBe(1);
    const text = await problems.innerText();
    expect(text).toContain('What to do next: Restore the page behind the link');
    expect(text).toContain('shop.journey.yaml:9');
    // Mail evidence links to the raw file and to the mail's preview in the page.
    await expect(problems.getByRole('link', { name: 'the email in this report' }).getAttribute('href')).resolves.toBe('#journey-1-mail-1');
    await expect(problems.getByRole('link', { name: '00001-hostile.eml' }).getAttribute('href')).resolves.toBe('mail/00001-hostile.eml');
    expect(leaks()).toEqual([]);
    await page.close();
  });

  it('shows each journey as a timeline of steps with status, YAML line and an enlargeable screenshot', async () => {
    const { page } = await open();
    const steps = page.locator('#journey-1 ol.steps > li');
    await expect(steps.count()).resolves.toBe(3);
    await expect(steps.nth(1).innerText()).resolves.toMatch(/✗ Failed\s+open the link Take the online test[\s\S]*journeys\/shop\.journey\.yaml:9/);
    await expect(steps.nth(2).innerText()).resolves.toContain('○ Not run');
    // The error text is shown as text, not run.
    await expect(steps.nth(1).locator('pre.error').textContent()).resolves.toBe('HTTP 404 <script>alert(1)</script>');
    // Keyboard: focus the thumbnail, Enter opens the dialog, Escape closes it and focus returns.
    const thumb = page.getByRole('button', { name: /Enlarge screenshot failure\.png/ });
    await thumb.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('#lightbox').evaluate((d) => (d as HTMLDialogElement).open)).resolves.toBe(true);
    await expect(page.locator('#lightbox-img').evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth)).resolves.toBe(1);
    await page.keyboard.press('Escape');
    await expect(page.locator('#lightbox').evaluate((d) => (d as HTMLDialogElement).open)).resolves.toBe(false);
    await expect(thumb.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.close();
  });

  it('filters, sorts, searches and pages through 20,000 links quickly', async () => {
    const { page } = await open();
    const status = page.locator('#links-status');
    await expect(status.textContent()).resolves.toBe('Showing 1–100 of 20000 links.');
    await expect(page.locator('#links-body tr').count()).resolves.toBe(100);
    // Broken links come first until the reader sorts otherwise.
    await expect(page.locator('#links-body tr').first().getAttribute('class')).resolves.toBe('link broken');
    await page.getByLabel('Show').selectOption('broken');
    await expect(status.textContent()).resolves.toBe('Showing 1–100 of 200 links (filtered from 20000).');
    expect(await page.locator('#links-body tr').evaluateAll((rows) => rows.every((r) => r.classList.contains('broken')))).toBe(true);
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(status.textContent()).resolves.toBe('Showing 101–200 of 200 links (filtered from 20000).');
    await expect(page.getByRole('button', { name: 'Next page' }).isDisabled()).resolves.toBe(true);
    // Sort by address, descending on the second click.
    const address = page.getByRole('button', { name: 'Address' });
    await address.click();
    await address.click();
    await expect(page.locator('th', { has: address }).getAttribute('aria-sort')).resolves.toBe('descending');
    await expect(page.locator('#links-body tr').first().locator('td').nth(1).innerText()).resolves.toBe('https://site.test/page-19907');
    // Search across all states.
    await page.getByLabel('Show').selectOption('');
    const started = Date.now();
    await page.getByLabel('Search').fill('needle');
    await page.waitForFunction(() => document.getElementById('links-status')?.textContent?.includes('of 1 links'));
    expect(Date.now() - started).toBeLessThan(budget(2_000));
    await expect(page.locator('#links-body tr td').nth(2).innerText()).resolves.toBe('The needle link');
    await page.close();
  });

  it('shows unsubscribe verdicts with the rule cited and explained, and observations as a timeline', async () => {
    const { page } = await open();
    const verdicts = await page.locator('#journey-1 table.verdicts').innerText();
    expect(verdicts).toContain('One-click unsubscribe');
    expect(verdicts).toContain('RFC8058-3 (RFC 8058): The sender must not answer the POST with a redirect');
    expect(verdicts).toContain('an indicator of non-compliance with US CAN-SPAM');
    const observation = await page.locator('#journey-1 .observation').innerText();
    expect(observation).toMatch(/\+120m mail arrived: “Still here!” from shop@example.test/);
    await page.close();
  });

  it('renders a hostile mail safely: nothing runs, nothing loads until "Show remote content"', async () => {
    const { page, leaks, dialogs } = await open();
    const mail = page.locator('#journey-1-mail-1');
    // The subject is text, not markup.
    await expect(mail.getByRole('heading').textContent()).resolves.toBe(HOSTILE_SUBJECT);
    await expect(mail.locator('a[download]').first().getAttribute('href')).resolves.toBe('mail/00001-hostile.eml');
    await mail.getByText('Links in this email').click();
    await expect(mail.locator('a[href^="javascript:"]').count()).resolves.toBe(0);
    await mail.getByRole('button', { name: 'Show the email' }).click();
    const frame = page.frameLocator('#journey-1-mail-1 iframe');
    await expect(frame.getByRole('heading', { name: 'Thanks for your order' }).textContent()).resolves.toBe('Thanks for your order');
    await frame.getByText('Click me').click();
    await page.waitForTimeout(1_000); // time for anything the mail tried to do (refresh, script)
    expect(await page.title()).not.toContain('pwned');
    expect(dialogs).toEqual([]);
    expect(remoteHits).toEqual([]);
    expect(leaks()).toEqual([]);
    await expect(mail.getByText(/Remote images are blocked/).isVisible()).resolves.toBe(true);
    await mail.getByRole('button', { name: 'Show remote content' }).click();
    await expect.poll(() => remoteHits.includes('/pixel.png'), { timeout: 5_000 }).toBe(true);
    expect(remoteHits.filter((h) => h === '/script-ran' || h === '/refreshed')).toEqual([]);
    expect(await page.title()).not.toContain('pwned');
    await page.close();
  });

  it('lists mail for addresses no journey used, with its preview', async () => {
    const { page } = await open();
    const stray = page.locator('#stray-mail');
    await expect(stray.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('Mail for unknown addresses (1)');
    await stray.getByRole('button', { name: 'Show the email' }).click();
    await expect(page.frameLocator('#stray-mail iframe').locator('p').textContent()).resolves.toBe('Meant for someone else');
    await page.close();
  });

  it('has no serious or critical accessibility violations (axe-core)', async () => {
    const { page } = await open();
    await page.getByRole('button', { name: 'Show the email' }).first().click();
    // Injected by evaluate: the report's CSP rightly refuses script files.
    await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
    const { violations, passes } = await page.evaluate(async () => {
      type Rule = { id: string; impact: string; nodes: unknown[] };
      const result = await (window as unknown as { axe: { run: () => Promise<{ violations: Rule[]; passes: Rule[] }> } }).axe.run();
      return { violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })), passes: result.passes.length };
    });
    expect(passes).toBeGreaterThan(10); // axe really looked at the page
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await page.close();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 700 }, isMobile: true });
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  });

  it('writes a report whose html holds no raw hostile markup', () => {
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).not.toContain('<img src=x onerror');
    expect(html).not.toContain('<script>parent.document');
    writeFileSync(join(dir, 'ok'), '');
  });
});
