// Playwright Test configuration for the hand-written peer of the bookshop journey
// (bench/runner-overhead.mjs). It mirrors what a team would write by hand: the same
// browser and launch flags as journey-audit, the list reporter, one worker, no trace.
//
// Its mail sink is journey-audit's own Sink class, started in global setup on the fixed
// port BENCH_SMTP_PORT (where the demo sites started by the benchmark send mail) and
// stopped in global teardown, so both sides pay the same sink start and stop.
import { defineConfig } from '@playwright/test';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveBrowser } from '../../dist/browser/resolve-browser.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const browser = await resolveBrowser();

export default defineConfig({
  testDir: here,
  testMatch: 'bookshop.spec.mjs',
  outputDir: process.env.BENCH_PEER_OUTPUT ?? join(here, '.output'),
  globalSetup: `${here}/global-setup.mjs`,
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  reporter: [['list', { printSteps: false }]],
  use: {
    browserName: 'chromium',
    headless: true,
    baseURL: process.env.BOOKSHOP_URL,
    launchOptions: { executablePath: browser.executablePath, args: browser.args },
    // BENCH_PEER_TRACE=retain-on-failure turns on what journey-audit records, to
    // attribute the difference; the plain peer records no trace (Playwright's default).
    trace: process.env.BENCH_PEER_TRACE || 'off',
    screenshot: 'off',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
});
