import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, manualClock } from '../../../src/core/clock.js';
import {
  evaluate,
  observationFile,
  observationRule,
  openObservation,
  recordMails,
  violations,
} from '../../../src/unsubscribe/observation-store.js';

const run = promisify(execFile);
const DAY = 86_400_000;
const start = Date.parse('2025-11-21T15:00:00Z'); // a Friday, the week before US Thanksgiving

/**
 * The store compiled to plain JavaScript, so a separate `node` process (a "later CI
 * run") can load it: each child is a real process restart.
 */
let compiled: string;
beforeAll(() => {
  compiled = mkdtempSync(join(tmpdir(), 'ja-obs-js-'));
  const files = ['unsubscribe/observation-store', 'core/business-days', 'core/clock', 'core/errors', 'core/exit-codes', 'core/holidays', 'core/duration'];
  for (const f of files) {
    const source = readFileSync(join(process.cwd(), 'src', `${f}.ts`), 'utf8');
    const out = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    const target = join(compiled, `${f}.js`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, out);
  }
  writeFileSync(join(compiled, 'package.json'), '{"type":"module"}');
  writeFileSync(
    join(compiled, 'run.mjs'),
    `import { openObservation, recordMails } from './unsubscribe/observation-store.js';
import { fixedClock } from './core/clock.js';
const [dir, now, runId, mailsJson] = process.argv.slice(2);
const clock = fixedClock(Number(now));
const obs = await openObservation(dir, 'weekly-unsubscribe', { address: 'anna.k3@journey-audit.test', filters: { from: 'news@shop.example' }, window: '10 business days', grace: '2 days', calendar: 'US', runId }, clock);
const record = await recordMails(obs, JSON.parse(mailsJson), clock);
process.stdout.write(JSON.stringify(record));
`,
  );
});

async function laterRun(dir: string, now: number, runId: string, mails: unknown[]) {
  const { stdout } = await run(process.execPath, [join(compiled, 'run.mjs'), dir, String(now), runId, JSON.stringify(mails)], { timeout: 120_000 });
  return JSON.parse(stdout);
}

describe('a multi-day observation across process restarts', () => {
  it('continues in a new process, lists mail inside the grace period, fails on mail after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ja-obs-'));
    // Run 1 (Friday 15:00 UTC): the unsubscribe; a mail already in flight arrives an hour later.
    const first = await laterRun(dir, start, 'run-1', [{ receivedAt: start + 3_600_000, from: 'news@shop.example', subject: 'Last call', sha256: 'aaa' }]);
    expect(first).toMatchObject({ status: 'open', runs: ['run-1'], startedAt: '2025-11-21T15:00:00.000Z', graceEndsAt: '2025-11-23T15:00:00.000Z' });
    // 10 US business days from Fri 21 Nov: 24,25,26,(27),28,1,2,3,4,5,8 → end of Mon 8 Dec in New York.
    expect(first.closesAt).toBe('2025-12-09T05:00:00.000Z');
    expect(first.mails[0]).toMatchObject({ offsetMs: 3_600_000, withinGrace: true });

    // Run 2 (Monday): nothing new, the same mail seen again is not counted twice.
    const second = await laterRun(dir, start + 3 * DAY, 'run-2', [{ receivedAt: start + 3_600_000, from: 'news@shop.example', subject: 'Last call', sha256: 'aaa' }]);
    expect(second).toMatchObject({ status: 'open', runs: ['run-1', 'run-2'] });
    expect(second.mails).toHaveLength(1);

    // Run 3 (Tuesday): a newsletter arrives four days after the unsubscribe: a violation.
    const third = await laterRun(dir, start + 4 * DAY, 'run-3', [{ receivedAt: start + 4 * DAY, from: 'news@shop.example', subject: 'Black Friday', sha256: 'bbb' }]);
    expect(third.status).toBe('failed');
    expect(third.runs).toEqual(['run-1', 'run-2', 'run-3']);
    expect(third.mails.map((m: { subject: string; withinGrace: boolean }) => [m.subject, m.withinGrace])).toEqual([
      ['Last call', true],
      ['Black Friday', false],
    ]);
    expect(readdirSync(dir)).toEqual(['weekly-unsubscribe.observation.json']); // no temporary files left
  });

  it('passes once the window closes without a violation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ja-obs-'));
    await laterRun(dir, start, 'run-1', []);
    expect((await laterRun(dir, Date.parse('2025-12-09T04:59:59Z'), 'run-2', [])).status).toBe('open');
    expect((await laterRun(dir, Date.parse('2025-12-09T05:00:00Z'), 'run-3', [])).status).toBe('passed');
  });
});

describe('observation store in one process', () => {
  const init = { address: 'a@journey-audit.test', window: '30s', runId: 'r1' };

  it('without grace every mail after the unsubscribe is a violation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ja-obs-'));
    const clock = manualClock(start);
    const obs = await openObservation(dir, 'k', init, clock);
    clock.advance(5000);
    await recordMails(obs, [{ receivedAt: start - 1000, from: 'x', subject: 'before' }], clock);
    expect(evaluate(obs.record, clock)).toBe('open');
    await recordMails(obs, [{ receivedAt: new Date(start + 2000).toISOString(), from: 'x', subject: 'after' }], clock);
    expect(evaluate(obs.record, clock)).toBe('failed');
    expect(violations(obs.record).map((m) => m.subject)).toEqual(['after']);
    expect(observationRule(obs.record)).toBe('GOOGLE-2');
  });

  it('the rule follows the grace: business days → CAN-SPAM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ja-obs-'));
    const obs = await openObservation(dir, 'k', { ...init, window: '12 business days', grace: '10 business days', calendar: 'CA' }, fixedClock(start));
    expect(observationRule(obs.record)).toBe('CANSPAM-OPTOUT');
    expect(obs.record.timeZone).toBe('America/Toronto');
  });

  it('refuses to continue with a different window or filters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ja-obs-'));
    await openObservation(dir, 'k', init, fixedClock(start));
    await expect(openObservation(dir, 'k', { ...init, window: '2 days' }, fixedClock(start))).rejects.toThrow(/different window/);
    await expect(openObservation(dir, 'k', { ...init, filters: { from: 'x' } }, fixedClock(start))).rejects.toThrow(/different filters/);
  });

  it.each([
    ['not JSON', '{"format": "journey-audit/obs', /not valid JSON/],
    ['another file', '{"hello": 1}', /not a journey-audit observation file/],
    ['a future version', '{"format":"journey-audit/observation","version":7,"observation":{}}', /format version 7/],
    ['missing fields', '{"format":"journey-audit/observation","version":1,"observation":{"id":"k"}}', /"address" is missing/],
  ])('a corrupt file (%s) is an error, and is left as it was', async (_name, content, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'ja-obs-'));
    const file = observationFile(dir, 'k');
    writeFileSync(file, content);
    const error = await openObservation(dir, 'k', init, fixedClock(start)).catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'InvalidInputError', exitCode: 2 });
    expect((error as Error).message).toMatch(message);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('refuses unreadable windows, calendars and zones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ja-obs-'));
    await expect(openObservation(dir, 'a', { ...init, window: 'a while' }, fixedClock(start))).rejects.toThrow(/not a window/);
    await expect(openObservation(dir, 'b', { ...init, calendar: 'FR' as never }, fixedClock(start))).rejects.toThrow(/unknown holiday calendar/);
    await expect(openObservation(dir, 'c', { ...init, timeZone: 'Nowhere/City' }, fixedClock(start))).rejects.toThrow(/unknown time zone/);
  });

  it('file names are safe and distinct for any key', () => {
    expect(observationFile('/d', 'weekly')).toBe('/d/weekly.observation.json');
    expect(observationFile('/d', '../../etc/passwd')).not.toContain('..');
    expect(observationFile('/d', 'a/b')).not.toBe(observationFile('/d', 'a-b'));
  });
});

describe('observationVerdict', () => {
  it('puts every mail on a timeline and cites the rule', async () => {
    const { observationVerdict, formatOffset } = await import('../../../src/unsubscribe/observation-verdict.js');
    const dir = mkdtempSync(join(tmpdir(), 'ja-obs-'));
    const clock = manualClock(start);
    const obs = await openObservation(dir, 'k', { address: 'a@journey-audit.test', window: '5 days', grace: '2 days', runId: 'r1' }, clock);
    clock.advance(4 * DAY);
    await recordMails(obs, [
      { receivedAt: start + 3_600_000, from: 'news@shop.example', subject: 'In flight', sha256: '1' },
      { receivedAt: start + 3 * DAY + 7_200_000, from: 'news@shop.example', subject: 'Deals', sha256: '2' },
    ], clock);
    const v = observationVerdict(obs.record, clock);
    expect(v.status).toBe('failed');
    expect(v.problems).toEqual([
      {
        code: 'UNSUB_NOT_HONOURED',
        rule: 'GOOGLE-2',
        message: 'Mail kept coming after the unsubscribe and the 2 days allowed to honour it: “Deals” from news@shop.example at 2025-11-24T17:00:00.000Z (+3d 2h after the unsubscribe).',
      },
    ]);
    expect(v.timeline).toEqual([
      '2025-11-21T15:00:00.000Z  +0s  unsubscribed (a@journey-audit.test)',
      '2025-11-21T16:00:00.000Z  +1h  mail “In flight” from news@shop.example (allowed)',
      '2025-11-23T15:00:00.000Z  +2d  the 2 days to honour it end',
      '2025-11-24T17:00:00.000Z  +3d 2h  mail “Deals” from news@shop.example (NOT HONOURED)',
      '2025-11-26T15:00:00.000Z  +5d  the 5 days window closes',
    ]);
    expect([formatOffset(12_000), formatOffset(-3000), formatOffset(45 * 60_000 + 5000), formatOffset(DAY)]).toEqual(['+12s', '-3s', '+45m 5s', '+1d']);
  });

  it('an open observation says until when it watches', async () => {
    const { observationVerdict } = await import('../../../src/unsubscribe/observation-verdict.js');
    const dir = mkdtempSync(join(tmpdir(), 'ja-obs-'));
    const obs = await openObservation(dir, 'k', { address: 'a@journey-audit.test', window: '2 days', runId: 'r1' }, fixedClock(start));
    expect(observationVerdict(obs.record, fixedClock(start + DAY))).toMatchObject({ status: 'open', problems: [] });
    expect(observationVerdict(obs.record, fixedClock(start + 2 * DAY)).summary).toMatch(/^No mail arrived for a@journey-audit.test in the 2 days/);
  });
});
