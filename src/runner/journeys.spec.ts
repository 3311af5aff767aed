import { test as base } from '@playwright/test';
import { relative, resolve } from 'node:path';
import { runInThisContext } from 'node:vm';
import { resolveBaseURL } from './base-url.js';
import { RECORD_ATTACHMENT, RECORD_CONTENT_TYPE, type JourneyRecord } from './journey-record.js';
import { readPlan } from './run-plan.js';
import { journeyBudgetMs } from './step-budget.js';

/**
 * The Playwright test file behind `journey-audit run`: one test per journey, from the
 * journeys the CLI validated and wrote into the run plan. It imports nothing heavy at the
 * top: Playwright's main process only lists the tests; workers load the step runner.
 */
const plan = readPlan();
// Workers start loading the step runner at once, while Playwright launches the browser.
const runner = process.env.TEST_WORKER_INDEX === undefined ? undefined : import('./journey-runner.js');

const test = base.extend<{ record: JourneyRecord }>({
  record: async ({}, use, testInfo) => {
    const record: JourneyRecord = { name: testInfo.title, file: '', steps: [], findings: [], mailboxes: {}, mails: [] };
    await use(record);
    // Teardown runs even when the journey timed out, so the report always has the record.
    await testInfo.attach(RECORD_ATTACHMENT, { body: JSON.stringify(record), contentType: RECORD_CONTENT_TYPE });
  },
});

for (const journey of plan.journeys) {
  test.describe(() => {
    test.use({ baseURL: resolveBaseURL(journey, plan) });
    declareAt(journey, test, journey.name, { tag: journey.tags.map((t) => (t.startsWith('@') ? t : `@${t}`)), annotation: { type: 'file', description: relative(process.cwd(), journey.file) } }, async ({ page, record }, testInfo) => {
      testInfo.setTimeout(journeyBudgetMs(journey));
      record.file = journey.file;
      const { runJourney } = await (runner ?? import('./journey-runner.js'));
      await runJourney(journey, plan, page, testInfo, record);
    });
  });
}

/**
 * Calls test() from code that V8 places at the journey's own file, line and column, so
 * Playwright's titles, code frames and `--reporter list` name `journeys/x.journey.yaml:3:1`
 * rather than this spec file (Playwright takes a test's location from its caller).
 */
function declareAt<Args extends unknown[]>(journey: { file: string; location: { line: number; column: number } }, declare: (...args: Args) => void, ...args: Args): void {
  const { line, column } = journey.location;
  const code = `(function (declare, args) { return (\n${' '.repeat(Math.max(0, column - 1))}declare(...args)); })`;
  const call = runInThisContext(code, { filename: resolve(journey.file), lineOffset: line - 2 }) as (d: typeof declare, a: Args) => void;
  call(declare, args);
}
