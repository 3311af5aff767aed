/**
 * The StepContext the runner gives each step: what a step records lands in the journey's
 * record with secrets masked, an optional step's errors become warnings, evidence is saved
 * in the run folder. A real Chromium page on about:blank, real mailboxes without a sink.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBrowser } from '../../../src/browser/resolve-browser.js';
import { fixedClock } from '../../../src/core/clock.js';
import { MASK, Redactor } from '../../../src/core/redact.js';
import type { Journey, JourneyStep } from '../../../src/model/journey.js';
import type { UnsubscribeVerdict } from '../../../src/model/report.js';
import { JourneyMailboxes } from '../../../src/runner/journey-mail.js';
import type { JourneyRecord } from '../../../src/runner/journey-record.js';
import { stepResult } from '../../../src/runner/records.js';
import { buildStepContext, type JourneyResources } from '../../../src/runner/step-context-builder.js';
import { StepEvidence } from '../../../src/runner/step-evidence.js';

const SECRET = 'hunter2-secret';
let browser: Browser;
let page: Page;
let runDir: string;

beforeAll(async () => {
  const found = await resolveBrowser();
  browser = await chromium.launch({ executablePath: found.executablePath, args: found.args, headless: true });
  page = await browser.newPage();
  runDir = mkdtempSync(join(tmpdir(), 'ja-context-'));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  rmSync(runDir, { recursive: true, force: true });
});

const step = (parts: Partial<JourneyStep> = {}): JourneyStep => ({ kind: 'auditUnsubscribe', args: {}, title: 'Audit the way out', timeoutMs: 5_000, optional: false, soft: false, location: { file: '/j/a.journey.yaml', line: 7, column: 5 }, ...parts });

function resources(): JourneyResources & { record: JourneyRecord } {
  const journey: Journey = { name: 'Leaves', file: '/j/a.journey.yaml', mailboxes: ['reader'], tags: [], steps: [], secrets: ['PASSWORD'], env: [], reads: {}, location: { file: '/j/a.journey.yaml', line: 1, column: 7 }, followChallenges: true };
  const redactor = new Redactor();
  redactor.add(SECRET);
  const record: JourneyRecord = { name: journey.name, file: journey.file, steps: [], findings: [], mails: [], mailboxes: {} };
  return {
    journey,
    plan: { runId: 'run-1', runDir, journeys: [], startedAt: '', secrets: ['PASSWORD'], env: {}, stateDir: join(runDir, 'state'), relay: { host: '127.0.0.1', port: 2525 } },
    page,
    baseURL: 'http://127.0.0.1:1',
    mail: new JourneyMailboxes(undefined, ['reader'], 'journey-audit.test', Date.now(), undefined),
    captures: new Map(),
    record,
    evidence: new StepEvidence(runDir, journey.name, 0),
    redactor,
    clock: fixedClock('2026-01-02T03:04:05Z'),
    request: () => Promise.reject(new Error('not used')),
    lastNavigation: async () => undefined,
  };
}

const verdict = (parts: Partial<UnsubscribeVerdict>): UnsubscribeVerdict => ({ path: 'link', verdict: 'passed', summary: 's', rules: [], findings: [], evidence: [], ...parts });

describe('buildStepContext', () => {
  it('gives the step its budget, start, run settings and the journey’s choices', () => {
    const shared = resources();
    const context = buildStepContext(shared, step({ timeoutMs: 1234 }), stepResult(step(), 'passed'), 42);
    expect(context).toMatchObject({ timeoutMs: 1234, startedAt: 42, baseURL: 'http://127.0.0.1:1', followChallenges: true });
    expect(context.run).toMatchObject({ id: 'run-1', relay: { host: '127.0.0.1', port: 2525 }, stateDir: join(runDir, 'state') });
    context.captures.set('confirm', 'value');
    expect(shared.captures.get('confirm')).toBe('value');
  });

  it('records findings at the step with secrets masked; an optional step’s errors become warnings', () => {
    const shared = resources();
    buildStepContext(shared, step(), stepResult(step(), 'passed'), 0).addFinding({ code: 'UNSUB_DEAD_BUTTON', message: `typed ${SECRET}` });
    buildStepContext(shared, step({ optional: true }), stepResult(step(), 'passed'), 0).addFinding({ code: 'UNSUB_DEAD_BUTTON', message: 'optional' });
    const [required, optional] = shared.record.findings;
    expect(required).toMatchObject({ code: 'UNSUB_DEAD_BUTTON', severity: 'error', message: `typed ${MASK}`, step: 'Audit the way out', location: { line: 7 } });
    expect(required.rule).toBeTruthy();
    expect(optional.severity).toBe('warning');
  });

  it('saves evidence in the run folder, masked, and lists it on the step', async () => {
    const shared = resources();
    const result = stepResult(step(), 'passed');
    const path = await buildStepContext(shared, step(), result, 0).attach('page.html', `<p>${SECRET}</p>`, 'text/html');
    expect(result.attachments).toEqual([{ name: 'page.html', contentType: 'text/html', path }]);
    expect(readFileSync(join(runDir, path), 'utf8')).toBe(`<p>${MASK}</p>`);
  });

  it('photographs the page', async () => {
    const png = await buildStepContext(resources(), step(), stepResult(step(), 'passed'), 0).screenshot();
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('records verdicts, side effects and observations (replaced by id), masked and placed at the step and the run’s clock', () => {
    const shared = resources();
    const context = buildStepContext(shared, step(), stepResult(step(), 'passed'), 0);
    context.recordVerdict(verdict({ summary: `as ${SECRET}` }));
    context.recordSideEffect({ kind: 'one-click-post', method: 'POST', target: 'http://127.0.0.1/unsubscribe' });
    const observation = { id: 'o1', address: 'a@journey-audit.test', filters: {}, window: '2 days', startedAt: '', closesAt: '', status: 'open' as const, mails: [], runs: [] };
    context.recordObservation(observation);
    context.recordObservation({ ...observation, status: 'passed' });
    expect(shared.record.unsubscribe).toEqual([verdict({ summary: `as ${MASK}`, step: 'Audit the way out' })]);
    expect(context.unsubscribeVerdicts?.()).toBe(shared.record.unsubscribe);
    expect(shared.record.sideEffects).toEqual([{ at: '2026-01-02T03:04:05.000Z', kind: 'one-click-post', method: 'POST', target: 'http://127.0.0.1/unsubscribe', step: 'Audit the way out' }]);
    expect(shared.record.observations?.map((o) => o.status)).toEqual(['passed']);
  });

  it('tells the paths that acted as a mailbox whether its mail stopped, once', () => {
    const shared = resources();
    const audit = buildStepContext(shared, step(), stepResult(step(), 'passed'), 0);
    audit.recordVerdict(verdict({ path: 'one-click', mailbox: 'reader' }));
    audit.recordVerdict(verdict({ path: 'header', verdict: 'not-offered', mailbox: 'reader' }));
    audit.recordVerdict(verdict({ path: 'mailto', mailbox: 'other' }));
    const watch = buildStepContext(shared, step({ title: 'No more mail' }), stepResult(step(), 'passed'), 0);
    watch.recordMailStopped('reader', { stopped: true, window: '3s', mails: 0, evidence: [] });
    watch.recordMailStopped('reader', { stopped: false, window: '9s', mails: 1, evidence: [] });
    expect(shared.record.unsubscribe?.map((v) => v.mailStopped)).toEqual([{ stopped: true, window: '3s', mails: 0, evidence: [], step: 'No more mail' }, undefined, undefined]);
  });
});
