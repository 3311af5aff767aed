import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBrowser } from '../../src/browser/resolve-browser.js';
import { loadMonitorConfig } from '../../src/monitor/config.js';
import { startMonitor, type RunningMonitor } from '../../src/monitor/monitor-service.js';
import type { RunExecutor } from '../../src/monitor/runner-bridge.js';

/**
 * The dashboard as a person sees it, in Chromium: journeys with status and history, a run
 * opening its report, "Run now" (with its CSRF token), basic auth, a phone's width, axe-core.
 * The runs themselves are recorded through the store (the real CLI runs are in monitor.test.ts).
 */
const TOKEN = 'monitor-test-token-0123456789';
let dir: string;
let monitor: RunningMonitor;
let browser: Browser;
const manualRuns: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ja-monitor-dash-'));
  const journeysDir = join(dir, 'journeys');
  mkdirSync(journeysDir);
  const signup = join(journeysDir, 'newsletter-signup.journey.yaml');
  const checkout = join(journeysDir, 'checkout.journey.yaml');
  for (const f of [signup, checkout]) writeFileSync(f, 'name: x\nsteps:\n  - goto: /\n');
  writeFileSync(join(dir, 'monitor.yaml'), 'schedules:\n  - journeys: [newsletter-*.journey.yaml]\n    cron: "0 7 * * 1-5"\n    timezone: Europe/Berlin\n  - journeys: checkout.journey.yaml\n    every: 1h\n');
  const loaded = loadMonitorConfig(join(dir, 'monitor.yaml'));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  const execute: RunExecutor = async ({ file }) => {
    manualRuns.push(file);
    return { status: 'passed', finishedAt: Date.now(), durationMs: 1200, findings: [], observations: [] };
  };
  monitor = await startMonitor({
    config: loaded.config,
    journeys: new Map([
      [signup, 'Reader signs up for the newsletter'],
      [checkout, 'Customer buys a book'],
    ]),
    dataDir: join(dir, 'data'),
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    execute,
  });
  // History: the sign-up passed, then failed twice (with a finding); a report folder for the last run.
  const now = Date.now();
  const statuses = ['passed', 'flaky', 'passed', 'failed', 'failed'] as const;
  for (const [i, status] of statuses.entries()) {
    const id = `2026-12-0${i + 1}T07-00-00-000${i}`;
    const reportDir = join(dir, 'data', 'runs', id, 'r1');
    mkdirSync(reportDir, { recursive: true });
    writeFileSync(join(reportDir, 'report.html'), `<!doctype html><html lang="en"><title>Report ${id}</title><h1>Report of run ${id}</h1></html>`);
    await monitor.store.startRun({ id, journeyFile: signup, trigger: 'schedule', startedAt: now - (5 - i) * 86_400_000 });
    await monitor.store.finishRun({
      id,
      status,
      finishedAt: now - (5 - i) * 86_400_000 + 30_000,
      durationMs: 30_000 + i * 1000,
      reportDir,
      findings: status === 'failed' ? [{ code: 'TEXT_NOT_FOUND', severity: 'error', message: 'The confirmation page did not say "You are subscribed"' }] : [],
      observations: i === 4 ? [{ id: 'obs-1', address: 'reader.k3x9@journey-audit.test', window: '10 business days', startedAt: now - 86_400_000, closesAt: now + 13 * 86_400_000, status: 'open', mailsSeen: 1, runs: 2 }] : [],
    });
  }
  await monitor.store.recordAlert({ id: 'a1', journey_file: signup, run_id: '2026-12-04T07-00-00-0003', event: 'failed', channel: 'webhook', target: 'webhook hooks.example.test', attempts: 2, outcome: 'delivered', detail: 'HTTP 200', at: now - 86_400_000 });
  const resolved = await resolveBrowser();
  browser = await chromium.launch({ executablePath: resolved.executablePath, args: resolved.args });
});

afterAll(async () => {
  await browser?.close();
  await monitor?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const credentials = { username: 'marketing', password: TOKEN };

describe('monitor dashboard', () => {
  it('asks for the token (basic auth) and serves /health without it', async () => {
    expect((await fetch(`${monitor.url}/`)).status).toBe(401);
    expect((await fetch(`${monitor.url}/api/v1/journeys`)).status).toBe(401);
    expect((await fetch(`${monitor.url}/api/v1/journeys`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${monitor.url}/health`)).status).toBe(200);
    const metrics = await (await fetch(`${monitor.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    expect(metrics).toMatch(/journey_audit_monitor_journey_status\{journey="Reader signs up for the newsletter",status="failed"\} 1/);
  });

  it('shows each journey with its status, since when, history, flakiness and median duration; a run opens its report', async () => {
    const context = await browser.newContext({ httpCredentials: credentials });
    const page = await context.newPage();
    await page.goto(`${monitor.url}/`);
    const signup = page.getByRole('article', { name: 'Reader signs up for the newsletter' });
    await expect.poll(() => signup.getByText('Failing').isVisible()).toBe(true);
    expect(await signup.getByText('Flaky', { exact: true }).locator('xpath=following-sibling::dd').textContent()).toBe('20%');
    expect(await signup.locator('dt:text("Median duration") + dd').textContent()).toBe('32s');
    expect(await signup.locator('dt:text("Since") + dd').textContent()).toMatch(/ago/);
    const strip = signup.getByRole('list', { name: /Last 5 runs/ });
    expect(await strip.getByRole('listitem').count()).toBe(5);
    expect(await page.getByRole('article', { name: 'Customer buys a book' }).getByText('Not run yet').isVisible()).toBe(true);
    // Observations and alerts
    expect(await page.getByRole('table', { name: 'Open observations' }).getByText('reader.k3x9@journey-audit.test').isVisible()).toBe(true);
    expect(await page.getByRole('table', { name: 'Alert history' }).getByText('delivered after 2 tries (HTTP 200)').isVisible()).toBe(true);
    expect(await page.getByRole('table', { name: 'Findings per day by code' }).getByText('TEXT_NOT_FOUND').isVisible()).toBe(true);
    // The newest run of the strip opens that run's report.
    await strip.getByRole('link').last().click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Report of run 2026-12-05T07-00-00-0004');
    await context.close();
  });

  it('runs a journey now from its button (POST with a CSRF token); a forged POST is refused', async () => {
    const forged = await fetch(`${monitor.url}/journeys/checkout/run`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'csrf=guess' });
    expect(forged.status).toBe(403);
    expect(manualRuns).toHaveLength(0);
    const context = await browser.newContext({ httpCredentials: credentials });
    const page = await context.newPage();
    await page.goto(`${monitor.url}/`);
    await page.getByRole('button', { name: 'Run Customer buys a book now' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Customer buys a book: run started.');
    await expect.poll(() => manualRuns.length).toBe(1);
    await expect.poll(async () => {
      await page.reload();
      return page.getByRole('article', { name: 'Customer buys a book' }).getByText('Passing').isVisible();
    }).toBe(true);
    await context.close();
  });

  it('fits a phone (390 px) and has no serious or critical accessibility violations (axe-core)', async () => {
    const context = await browser.newContext({ httpCredentials: credentials, viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${monitor.url}/`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.addScriptTag({ content: readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8') }).catch(async () => {
      // The dashboard's CSP refuses scripts: inject through evaluate instead.
      await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
    });
    const { violations, passes } = await page.evaluate(async () => {
      type Rule = { id: string; impact: string; nodes: unknown[] };
      const result = await (window as unknown as { axe: { run: () => Promise<{ violations: Rule[]; passes: Rule[] }> } }).axe.run();
      return { violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })), passes: result.passes.length };
    });
    expect(passes).toBeGreaterThan(10);
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await context.close();
  });

  it('refuses to listen beyond loopback without a token', async () => {
    const loaded = loadMonitorConfig(join(dir, 'monitor.yaml'));
    if (!loaded.ok) throw new Error('config');
    await expect(startMonitor({ config: loaded.config, journeys: new Map(), dataDir: join(dir, 'other'), host: '0.0.0.0', port: 0 })).rejects.toThrow(/without a token/);
  });
});
