import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBrowser } from '../../../src/browser/resolve-browser.js';
import { FINDING_CODES, type FindingCode } from '../../../src/model/finding-codes.js';
import { inlineImages } from '../../../src/report/html/inline-images.js';
import type { Finding, JourneyResult } from '../../../src/model/report.js';
import { REPORT_FILES, writeReport } from '../../../src/report/write-report.js';
import { journey, link, PNG, report, tempDir } from './report-fixture.js';

/**
 * The report's first screen, as a marketer sees it in Chromium: on a laptop (1280×800) and a
 * phone (390 px). A run like the demo's: 18 journeys, most failing, problems of many kinds.
 */
let browser: Browser;
let dir: string;

const finding = (code: FindingCode, message: string): Finding => ({ code, severity: FINDING_CODES[code].severity, message, evidence: [] });
const shot = (name: string, n: number) => ({ name: 'failure.png', contentType: 'image/png', path: `evidence/${name}/0${n}-failure.png` });

function failing(index: number, findings: Finding[]): JourneyResult {
  return journey(`Journey ${index}: ${findings[0].message.slice(0, 40)}`, {
    status: 'failed',
    findings,
    steps: [
      { title: 'open /', kind: 'goto', file: '/project/journeys/shop.journey.yaml', line: 5, column: 5, status: 'passed', durationMs: 300, attachments: [] },
      { title: 'click Unsubscribe', kind: 'click', file: '/project/journeys/shop.journey.yaml', line: 6, column: 5, status: 'failed', durationMs: 120, error: 'the page said no', attachments: [shot(`j${index}`, 1)] },
    ],
  });
}

beforeAll(async () => {
  const resolved = await resolveBrowser();
  browser = await chromium.launch({ executablePath: resolved.executablePath, args: resolved.args });
  const journeys: JourneyResult[] = [
    failing(1, [finding('UNSUB_NOT_HONOURED', 'Mail kept coming 2 minutes after the unsubscribe.')]),
    failing(2, [finding('UNSUB_NOT_HONOURED', 'The second list kept mailing.'), finding('UNSUB_CONFIRMSHAMING', 'The page says “We will miss you so much”.')]),
    failing(3, [finding('UNSUB_NOT_HONOURED', 'Mail kept coming.')]),
    failing(4, [finding('LINK_BROKEN', 'The link “Take the online test” in the email leads to a page that does not exist (HTTP 404): https://shop.example.test/tests/a-very-long-address-that-does-not-wrap-by-itself-0123456789')]),
    failing(5, [finding('LINK_SOFT_404', 'The page answers as if it worked, but it is a "not found" page.')]),
    failing(6, [finding('UNSUB_LOGIN_REQUIRED', 'The unsubscribe link asks for a password.')]),
    failing(7, [finding('UNSUB_NO_HEADER', 'No List-Unsubscribe header.'), finding('UNSUB_NO_LINK', 'No unsubscribe link in the body.')]),
    failing(8, [finding('UNSUB_ONE_CLICK_REDIRECT', 'The one-click POST was answered with 302.')]),
    failing(9, [finding('UNSUB_EXTRA_STEPS', 'Two pages and pre-ticked boxes.')]),
    failing(10, [finding('REPLY_AUTO_RESPONDER', 'An auto-responder answered.'), finding('REPLY_CHALLENGE', 'A challenge answered.'), finding('RESUBSCRIBED', 'After opting out, the customer received “You have been whitelisted”: “Welcome back!”')]),
    failing(11, [finding('LINK_UNREACHABLE', 'The link in the PDF leads to a domain that does not exist.')]),
    ...Array.from({ length: 7 }, (_, i) => journey(`Good journey ${i + 1}`, { links: [link(`https://shop.example.test/page-${i}`, 'ok')] })),
  ];
  journeys[3].links = [link('https://shop.example.test/tests/a-very-long-address-that-does-not-wrap-by-itself-0123456789', 'broken', { parent: 'Your receipt (text/html part)' })];
  const files: Record<string, Buffer> = {};
  for (let i = 1; i <= 11; i++) files[`evidence/j${i}/01-failure.png`] = PNG;
  dir = tempDir(files);
  await writeReport(dir, report(journeys), '/project');
});

afterAll(async () => {
  await browser?.close();
});

async function open(width: number, height: number, file: string = join(dir, REPORT_FILES.html)): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height }, isMobile: width < 500, hasTouch: width < 500 });
  await page.goto(pathToFileURL(file).href);
  return page;
}

/** The element lies wholly inside the first screen (no scrolling). */
async function onFirstScreen(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
  });
}

async function axeSerious(page: Page): Promise<{ id: string; impact: string }[]> {
  // Injected by evaluate: the report's CSP rightly refuses script files.
  await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    type Rule = { id: string; impact: string };
    const result = await (window as unknown as { axe: { run: () => Promise<{ violations: Rule[] }> } }).axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('the first screen at 1280×800', () => {
  it('says how the run went, then what is broken by kind, with what to do, before the journeys table', async () => {
    const page = await open(1280, 800);
    await expect(page.locator('#headline').innerText()).resolves.toBe('7 of 18 journeys passed; 13 problems found; 2 warnings.');
    expect(await onFirstScreen(page, '#headline')).toBe(true);
    const kinds = page.locator('#fix li.kind');
    // Grouped by kind: 15 problems, 13 kinds; the most frequent error first.
    await expect(kinds.count()).resolves.toBe(13);
    const first = await kinds.first().innerText();
    expect(first).toContain(FINDING_CODES.UNSUB_NOT_HONOURED.title);
    expect(first).toContain('(3×)');
    expect(first).toContain(`What to do: ${FINDING_CODES.UNSUB_NOT_HONOURED.advice}`);
    expect(first).toMatch(/in Journey 1: .*, Journey 2: .* and 1 more/);
    // Warnings come after every error.
    const titles = await kinds.locator('.kind-title').allInnerTexts();
    expect(titles.findIndex((t) => t.includes(FINDING_CODES.UNSUB_CONFIRMSHAMING.title))).toBeGreaterThan(titles.findIndex((t) => t.includes(FINDING_CODES.RESUBSCRIBED.title)));
    // Visible without scrolling: the heading, the first problem's title and what to do, and several more.
    expect(await onFirstScreen(page, '#fix-title')).toBe(true);
    expect(await onFirstScreen(page, '#fix li.kind .kind-title')).toBe(true);
    expect(await onFirstScreen(page, '#fix li.kind .advice')).toBe(true);
    expect(await onFirstScreen(page, '#fix li.kind:nth-child(6)')).toBe(true);
    // The journeys table follows the problems.
    const [fixTop, tableTop, detailsTop] = await page.evaluate(() => ['#fix', '#journey-list', '#problems'].map((s) => document.querySelector(s)!.getBoundingClientRect().top));
    expect(fixTop).toBeLessThan(tableTop);
    expect(tableTop).toBeLessThan(detailsTop);
    await page.screenshot({ path: join(dir, 'first-screen-1280.png') });
    expect(await noSidewaysScroll(page)).toBe(true);
    expect(await axeSerious(page)).toEqual([]);
    await page.close();
  });

  it('renders every section in a full-page screenshot and in print: no deferred boxes, every screenshot loaded', async () => {
    const page = await open(1280, 800);
    await page.waitForLoadState('load');
    const deferred = await page.evaluate(() => Array.from(document.querySelectorAll('section, article, .journey')).filter((el) => getComputedStyle(el).contentVisibility !== 'visible').length);
    expect(deferred).toBe(0);
    const images = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLImageElement>('.thumb img')).map((img) => ({ lazy: img.loading === 'lazy', loaded: img.complete && img.naturalWidth > 0 })));
    expect(images.length).toBe(11);
    expect(images.every((i) => !i.lazy && i.loaded)).toBe(true);
    const full = await page.screenshot({ fullPage: true });
    expect(full.length).toBeGreaterThan(10_000);
    await page.emulateMedia({ media: 'print' });
    expect(await page.evaluate(() => Array.from(document.querySelectorAll('.journey')).every((el) => getComputedStyle(el).contentVisibility === 'visible' && el.getBoundingClientRect().height > 50))).toBe(true);
    await page.close();
  });
});

describe('the report on a 390 px phone', () => {
  it('needs no sideways scrolling; tables become labelled cards; the first problem shows at once', async () => {
    const page = await open(390, 844);
    expect(await noSidewaysScroll(page)).toBe(true);
    expect(await onFirstScreen(page, '#headline')).toBe(true);
    expect(await onFirstScreen(page, '#fix li.kind .kind-title')).toBe(true);
    // The journeys table: one card per journey, each cell named.
    const row = page.locator('#journey-list tbody tr').first();
    await expect(row.evaluate((tr) => getComputedStyle(tr).display)).resolves.toBe('block');
    await expect(row.locator('td[data-label="Problems"]').evaluate((td) => getComputedStyle(td, '::before').content)).resolves.toBe('"Problems: "');
    // The links table, rendered by the page's script, is labelled too.
    await expect(page.locator('#links-body td[data-label="Address"]').count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: join(dir, 'first-screen-390.png') });
    await page.screenshot({ path: join(dir, 'full-390.png'), fullPage: true });
    expect(await noSidewaysScroll(page)).toBe(true);
    expect(await axeSerious(page)).toEqual([]);
    await page.close();
  });
});

describe('report-single.html', () => {
  it('works on its own, copied away from its run folder: screenshots inside, a note says what stays behind', async () => {
    const alone = mkdtempSync(join(tmpdir(), 'ja-single-'));
    copyFileSync(join(dir, REPORT_FILES.singleFile), join(alone, 'mailed.html'));
    const page = await open(1280, 800, join(alone, 'mailed.html'));
    await expect(page.locator('#single-note').innerText()).resolves.toMatch(/you can e-mail this file on its own\. All 11 screenshots are inside it\. Raw emails and other evidence files stay in the run folder/);
    const images = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLImageElement>('.thumb img')).map((img) => ({ data: img.src.startsWith('data:image/png;base64,'), loaded: img.complete && img.naturalWidth > 0 })));
    expect(images).toHaveLength(11);
    expect(images.every((i) => i.data && i.loaded)).toBe(true);
    // The lightbox shows the screenshot carried in the page.
    await page.getByRole('button', { name: /Enlarge screenshot failure\.png/ }).first().click();
    await expect(page.locator('#lightbox-img').evaluate((img) => (img as HTMLImageElement).src.startsWith('data:image/png'))).resolves.toBe(true);
    await page.close();
  });

  it('keeps to its size budget, failed steps first, and says which screenshots it left out', () => {
    const big = Buffer.alloc(300_000, 1);
    const run = tempDir({ 'evidence/a.png': big, 'evidence/b.png': big, 'evidence/c.png': big });
    const img = (path: string) => ({ name: path, contentType: 'image/png', path });
    const rep = report([
      journey('Passing', { steps: [{ title: 'look', kind: 'screenshot', file: 'x', line: 1, column: 1, status: 'passed', durationMs: 1, attachments: [img('evidence/a.png'), img('evidence/b.png')] }] }),
      journey('Failing', { status: 'failed', steps: [{ title: 'pay', kind: 'click', file: 'x', line: 1, column: 1, status: 'failed', durationMs: 1, attachments: [img('evidence/c.png')] }] }),
    ]);
    const images = inlineImages(run, rep, 900_000);
    expect([...images.uris.keys()]).toEqual(['evidence/c.png', 'evidence/a.png']);
    expect(images.left).toEqual(['evidence/b.png']);
    expect(images.total).toBe(3);
    expect([...images.uris.values()].reduce((sum, uri) => sum + uri.length, 0)).toBeLessThanOrEqual(900_000);
  });
});
