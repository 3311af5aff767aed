import { defineConfig, type ReporterDescription } from '@playwright/test';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveBrowser } from '../browser/resolve-browser.js';
import { waitForPlan } from './run-plan.js';

/**
 * Playwright Test configuration for a journey-audit run. The CLI points Playwright at
 * this file; everything run-specific comes from the run plan and a few variables.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const plan = await waitForPlan();
// Playwright's error-context.md holds a text snapshot of the page, typed values included.
if (plan.secrets.length) process.env.PLAYWRIGHT_NO_COPY_PROMPT = '1';
const browser = await resolveBrowser();
// `journeys` (the default) is ours: a line per journey; Playwright's own reporters stay available.
const extraReporters = (process.env.JOURNEY_AUDIT_REPORTERS || 'journeys')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean)
  .map((name): ReporterDescription => (name === 'journeys' ? [join(here, 'console-reporter.js')] : name === 'list' ? ['list', { printSteps: false }] : [name]));

export default defineConfig({
  // Titles and paths in Playwright's own output are relative to the user's folder (the
  // tests themselves are found in the project below).
  testDir: process.cwd(),
  projects: [{ testDir: here, testMatch: 'journeys.spec.js' }],
  outputDir: join(plan.runDir, 'artifacts'),
  fullyParallel: true,
  forbidOnly: true,
  retries: Number(process.env.JOURNEY_AUDIT_RETRIES ?? 0),
  workers: workers(process.env.JOURNEY_AUDIT_WORKERS),
  reporter: [...extraReporters, [join(here, 'reporter.js')]],
  use: {
    browserName: 'chromium',
    headless: process.env.JOURNEY_AUDIT_HEADED !== '1',
    launchOptions: { executablePath: browser.executablePath, args: browser.args },
    trace: traceMode(),
    screenshot: 'off',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
});

/**
 * Traces record typed values: a run that reads secrets keeps none. Failure screenshots
 * are our own, so the trace skips its (costly) screencast.
 */
function traceMode() {
  const mode = (process.env.JOURNEY_AUDIT_TRACE ?? 'retain-on-failure') as 'retain-on-failure' | 'on' | 'on-first-retry' | 'off';
  return plan.secrets.length || mode === 'off' ? 'off' : { mode, screenshots: false, snapshots: true, sources: false };
}

/** "4" → 4, "50%" stays a percentage, "" → Playwright's default. */
function workers(value: string | undefined): number | string | undefined {
  if (!value) return undefined;
  return /^\d+$/.test(value) ? Number(value) : value;
}
