// Benchmark: how fast report.html opens in Chromium for a big run (500 journeys, 20,000
// links), against Playwright's own HTML report of the same 500 journeys (as tests with
// the same steps and failures). Each side: a fresh page, from navigation start until
// the report shows its content; medians of alternating turns. "Shows its content":
// journey-audit — the summary, every journey section and the first page of the links
// table; Playwright — its summary and test list (with 500 tests it shows the spec file
// collapsed, so it paints less than journey-audit does).
//
//   node bench/report/run.mjs
//   BENCH_N=7 BENCH_JOURNEYS=500 BENCH_LINKS=20000 node bench/report/run.mjs
//
// Goal: journey-audit's report opens in < 2 s.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR, ROOT, ensureBuilt, fmtMs, fmtRatio, goalLine, median, table, writeBenchResult } from '../lib/common.mjs';

const env = (name, fallback, min, max) => Math.max(min, Math.min(max, Number(process.env[name] ?? fallback) || fallback));
const N = env('BENCH_N', 5, 1, 21);
const JOURNEYS = env('BENCH_JOURNEYS', 500, 1, 5000);
const LINKS = env('BENCH_LINKS', 20_000, 0, 200_000);
const STEPS = 8;
const FAIL_EVERY = 10;

ensureBuilt();
const { writeReport } = await import(pathToFileURL(join(ROOT, 'dist/report/write-report.js')).href);
const { summarize } = await import(pathToFileURL(join(ROOT, 'dist/report/summary.js')).href);
const { resolveBrowser } = await import(pathToFileURL(join(ROOT, 'dist/browser/resolve-browser.js')).href);
const { chromium } = await import('playwright');

// Inside the project, so the peer's spec resolves @playwright/test from its node_modules.
const work = mkdtempSync(join(BENCH_DIR, 'report', '.work-'));
if (!process.env.BENCH_KEEP) process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const title = (i) => `Journey ${String(i + 1).padStart(3, '0')}: customer buys product ${i + 1}`;
const stepTitle = (s) => ['open /', 'click Buy', 'fill Email', 'click Pay', 'wait for the receipt email', 'open the link in the receipt', 'expect text Thank you', 'screenshot'][s];

// --- journey-audit: a synthetic report with mails (raw .eml on disk) and links ---
const ours = join(work, 'journey-audit');
mkdirSync(join(ours, 'mail'), { recursive: true });
const perJourney = Math.ceil(LINKS / JOURNEYS);
let linkCount = 0;
const journeys = Array.from({ length: JOURNEYS }, (_, i) => {
  const failed = i % FAIL_EVERY === 3;
  const mailPath = `mail/${String(i + 1).padStart(5, '0')}.eml`;
  writeFileSync(join(ours, mailPath), `From: shop@example.test\r\nTo: buyer${i}@journey-audit.test\r\nSubject: Your receipt ${i + 1}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<h1>Thanks</h1><p>Order ${i + 1}</p><a href="https://shop.example.test/test/${i}">Take the online test</a>\r\n`);
  const links = [];
  for (let k = 0; k < perJourney && linkCount < LINKS; k++, linkCount++) {
    const broken = (linkCount % 97) === 5;
    links.push({ url: `https://shop.example.test/p/${i}/${k}`, parent: `mail:${i}`, where: 'text/html part', text: `Product ${k}`, state: broken ? 'broken' : 'ok', status: broken ? 404 : 200, reason: broken ? 'status' : undefined, chain: [{ url: `https://shop.example.test/p/${i}/${k}`, status: broken ? 404 : 200 }], ms: 20 + (k % 50) });
  }
  return {
    name: title(i),
    file: `/project/journeys/j${i}.journey.yaml`,
    status: failed ? 'failed' : 'passed',
    durationMs: 2000 + i,
    retries: 0,
    error: failed ? 'The page did not show "Thank you"' : undefined,
    steps: Array.from({ length: STEPS }, (_, s) => ({ title: stepTitle(s), kind: 'step', file: `/project/journeys/j${i}.journey.yaml`, line: 5 + s, column: 5, status: failed && s === 6 ? 'failed' : failed && s > 6 ? 'not-run' : 'passed', durationMs: 100 + s, error: failed && s === 6 ? 'expected text "Thank you" not found' : undefined, attachments: [] })),
    findings: failed ? [{ code: 'TEXT_NOT_FOUND', severity: 'error', message: 'The page did not say "Thank you".', location: { file: `/project/journeys/j${i}.journey.yaml`, line: 11, column: 5 }, evidence: [] }] : [],
    mailboxes: { buyer: `buyer${i}@journey-audit.test` },
    mails: [{ id: String(i), from: 'shop@example.test', to: [`buyer${i}@journey-audit.test`], subject: `Your receipt ${i + 1}`, receivedAt: new Date(Date.UTC(2026, 10, 23, 16, 0, i % 60)).toISOString(), size: 200, path: mailPath, sha256: '0'.repeat(64) }],
    attachments: [],
    links,
  };
});
const report = { schemaVersion: 1, tool: { name: 'journey-audit', version: '0.1.0' }, runId: 'bench', startedAt: '2026-11-23T16:00:00.000Z', finishedAt: '2026-11-23T16:20:00.000Z', durationMs: 1_200_000, complete: true, summary: summarize(journeys), errors: [], journeys, strayMails: [] };
await writeReport(ours, report, '/project');
const oursHtml = join(ours, 'report.html');

// --- peer: Playwright's HTML report of the same journeys as tests with the same steps ---
const peer = join(work, 'playwright');
mkdirSync(join(peer, 'tests'), { recursive: true });
writeFileSync(join(peer, 'tests', 'journeys.spec.mjs'), `import { test, expect } from '@playwright/test';
const STEPS = ${JSON.stringify(Array.from({ length: STEPS }, (_, s) => stepTitle(s)))};
for (let i = 0; i < ${JOURNEYS}; i++) {
  test((${title.toString()})(i), async () => {
    const failed = i % ${FAIL_EVERY} === 3;
    for (let s = 0; s < STEPS.length; s++) {
      if (failed && s > 6) break;
      await test.step(STEPS[s], async () => {
        if (failed && s === 6) expect('Welcome', 'The page did not say "Thank you".').toContain('Thank you');
      });
    }
  });
}
`);
writeFileSync(join(peer, 'playwright.config.mjs'), `export default { testDir: 'tests', workers: 2, reporter: [['html', { open: 'never', outputFolder: 'html-report' }]] };\n`);
const pwCli = join(ROOT, 'node_modules/@playwright/test/cli.js');
const made = spawnSync(process.execPath, [pwCli, 'test', '--config', join(peer, 'playwright.config.mjs')], { cwd: peer, env: { ...process.env, CI: '1' }, timeout: 300_000, encoding: 'utf8' });
const peerHtml = join(peer, 'html-report', 'index.html');
try {
  statSync(peerHtml);
} catch {
  console.error(`bench: Playwright's HTML report was not written (exit ${made.status})\n${(made.stdout ?? '').slice(-2000)}\n${(made.stderr ?? '').slice(-2000)}`);
  process.exit(0);
}

// --- measure ---
const resolved = await resolveBrowser();
const browser = await chromium.launch({ executablePath: resolved.executablePath, args: resolved.args });
const SIDES = {
  'journey-audit': { url: pathToFileURL(oursHtml).href, ready: () => document.getElementById('links-status')?.textContent?.startsWith('Showing') && document.querySelectorAll('section.journey').length > 0 },
  'playwright html': { url: pathToFileURL(peerHtml).href, ready: () => Boolean(document.getElementById('root')?.textContent?.includes('Total time')) },
};
async function openOnce(side) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => console.error(`bench: ${side}: page error: ${e.message}`));
  const start = Date.now();
  await page.goto(SIDES[side].url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await page.waitForFunction(SIDES[side].ready, title(0), { timeout: 60_000, polling: 'raf' });
  const ms = Date.now() - start;
  await page.close();
  return ms;
}
const times = { 'journey-audit': [], 'playwright html': [] };
await openOnce('journey-audit');
await openOnce('playwright html'); // warm-up
for (let i = 0; i < N; i++) {
  const order = i % 2 ? ['playwright html', 'journey-audit'] : ['journey-audit', 'playwright html'];
  for (const side of order) times[side].push(await openOnce(side));
}
await browser.close();

const ourMs = median(times['journey-audit']);
const peerMs = median(times['playwright html']);
const sizes = { 'journey-audit': statSync(oursHtml).size, 'playwright html': statSync(peerHtml).size };
const rows = Object.keys(times).map((side) => [side, fmtMs(median(times[side])), `${(sizes[side] / 1e6).toFixed(2)} MB`, times[side].map((t) => fmtMs(t)).join(' ')]);
console.log(`\nreport.html open time: ${JOURNEYS} journeys, ${linkCount} links, ${JOURNEYS} mails; ${N} turns each\n`);
console.log(table(['report', 'median open', 'file size', 'all turns'], rows));
console.log(`\nratio journey-audit / playwright html: ${fmtRatio(ourMs / peerMs)}`);
console.log(goalLine(ourMs < 2000, `journey-audit report opens in ${fmtMs(ourMs)} (goal < 2 s)`));
writeBenchResult({ name: 'report', journeys: JOURNEYS, links: linkCount, times, medians: { ours: ourMs, peer: peerMs }, ratio: ourMs / peerMs, sizes, goalMet: ourMs < 2000 });
