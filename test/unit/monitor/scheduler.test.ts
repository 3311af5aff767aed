import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/core/clock.js';
import type { ScheduleConfig } from '../../../src/monitor/config.js';
import type { RunExecutor } from '../../../src/monitor/runner-bridge.js';
import { jitterFor, nextSlot } from '../../../src/monitor/schedule.js';
import { Scheduler, type Timers } from '../../../src/monitor/scheduler.js';
import { MonitorStore } from '../../../src/monitor/store.js';

/** Timers on a manual clock: `runUntil` jumps from one timer to the next, firing each in order. */
function virtualTimers(clock: ReturnType<typeof manualClock>) {
  let pending: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const id = ++ids;
      pending.push({ at: clock.now() + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      pending = pending.filter((t) => t.id !== id);
    },
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return {
    timers,
    async runUntil(end: number) {
      for (;;) {
        await settle();
        pending.sort((a, b) => a.at - b.at);
        const next = pending[0];
        if (!next || next.at > end) break;
        pending.shift();
        clock.set(Math.max(clock.now(), next.at));
        next.fn();
      }
    },
  };
}

const schedule = (s: Partial<ScheduleConfig>): ScheduleConfig => ({ journeys: ['*'], jitterMs: 0, line: 1, ...s });

let dirs: string[] = [];
let stores: MonitorStore[] = [];
afterEach(async () => {
  for (const s of stores) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
  stores = [];
});

async function openStore(): Promise<MonitorStore> {
  const dir = mkdtempSync(join(tmpdir(), 'ja-monitor-sched-'));
  dirs.push(dir);
  const store = await MonitorStore.open(dir);
  stores.push(store);
  for (const file of ['/j/berlin.journey.yaml', '/j/ny.journey.yaml', '/j/every.journey.yaml', '/j/slow.journey.yaml']) await store.upsertJourney(file, file);
  return store;
}

describe('next slots', () => {
  it('follows the wall clock of the time zone across the spring DST change (Berlin, 29 March 2026)', () => {
    const s = schedule({ cron: '0 7 * * *', timezone: 'Europe/Berlin' });
    const before = nextSlot(s, Date.parse('2026-03-28T00:00:00Z'));
    const after = nextSlot(s, before);
    expect(new Date(before).toISOString()).toBe('2026-03-28T06:00:00.000Z'); // 07:00 CET
    expect(new Date(after).toISOString()).toBe('2026-03-29T05:00:00.000Z'); // 07:00 CEST
  });

  it('keeps every: slots on multiples of the period, and jitter stable and within bounds', () => {
    const s = schedule({ everyMs: 30 * 60_000 });
    expect(nextSlot(s, Date.parse('2026-03-28T10:07:00Z'))).toBe(Date.parse('2026-03-28T10:30:00Z'));
    const j = jitterFor('/j/a.journey.yaml', 123, 120_000);
    expect(j).toBe(jitterFor('/j/a.journey.yaml', 123, 120_000));
    expect(j).toBeGreaterThanOrEqual(0);
    expect(j).toBeLessThan(120_000);
  });
});

describe('Scheduler over a simulated week', () => {
  it('starts every slot within 1 s of slot + jitter across the DST change, never two runs of a journey at once, at most `concurrency` in all', async () => {
    const store = await openStore();
    const start = Date.parse('2026-03-25T00:00:00Z');
    const end = start + 7 * 86_400_000;
    const clock = manualClock(start);
    const { timers, runUntil } = virtualTimers(clock);
    const plans = [
      { file: '/j/berlin.journey.yaml', schedule: schedule({ cron: '0 7 * * 1-5', timezone: 'Europe/Berlin', jitterMs: 120_000 }) },
      { file: '/j/ny.journey.yaml', schedule: schedule({ cron: '30 6 * * *', timezone: 'America/New_York' }) },
      { file: '/j/every.journey.yaml', schedule: schedule({ everyMs: 3_600_000, jitterMs: 60_000 }) },
    ];
    const starts: { file: string; at: number }[] = [];
    let running = 0;
    let maxRunning = 0;
    const execute: RunExecutor = async ({ file }) => {
      starts.push({ file, at: clock.now() });
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setImmediate(r));
      running--;
      return { status: 'passed', finishedAt: clock.now(), durationMs: 1, findings: [], observations: [] };
    };
    const scheduler = new Scheduler({ planned: plans, store, execute, concurrency: 2, clock, timers });
    scheduler.start();
    await runUntil(end);
    await scheduler.stop();

    for (const plan of plans) {
      // Every slot of the week, computed independently, with its jitter.
      const expected: number[] = [];
      for (let slot = nextSlot(plan.schedule, start); slot + jitterFor(plan.file, slot, plan.schedule.jitterMs) <= end; slot = nextSlot(plan.schedule, slot)) {
        expected.push(slot + jitterFor(plan.file, slot, plan.schedule.jitterMs));
      }
      const actual = starts.filter((s) => s.file === plan.file).map((s) => s.at);
      expect(actual.length, plan.file).toBe(expected.length);
      actual.forEach((at, i) => expect(Math.abs(at - expected[i]), `${plan.file} slot ${i}`).toBeLessThanOrEqual(1000));
    }
    // Berlin: weekdays at 07:00 local, before (CET, UTC+1) and after (CEST, UTC+2) 29 March.
    const berlin = starts.filter((s) => s.file === '/j/berlin.journey.yaml').map((s) => new Date(s.at).toISOString().slice(0, 13));
    expect(berlin).toEqual(['2026-03-25T06', '2026-03-26T06', '2026-03-27T06', '2026-03-30T05', '2026-03-31T05']);
    expect(maxRunning).toBeLessThanOrEqual(2);
    const runs = await store.runs({ limit: 1000 });
    expect(runs.every((r) => r.status === 'passed')).toBe(true);
  });

  it('skips a slot while the same journey still runs, queues beyond the concurrency limit, and runs now on request', async () => {
    const store = await openStore();
    const start = Date.parse('2026-06-01T00:00:00Z');
    const clock = manualClock(start);
    const { timers, runUntil } = virtualTimers(clock);
    const release: (() => void)[] = [];
    const started: string[] = [];
    const execute: RunExecutor = ({ file }) => {
      started.push(file);
      return new Promise((resolve) => release.push(() => resolve({ status: 'failed', finishedAt: clock.now(), durationMs: 5, findings: [{ code: 'X', severity: 'error', message: 'm' }], observations: [] })));
    };
    const events: string[] = [];
    const scheduler = new Scheduler({
      planned: [{ file: '/j/slow.journey.yaml', schedule: schedule({ everyMs: 60_000 }) }],
      store,
      execute,
      concurrency: 1,
      clock,
      timers,
      onEvent: (e) => events.push(e.type),
    });
    scheduler.start();
    await runUntil(start + 60_000); // first slot starts
    expect(started).toEqual(['/j/slow.journey.yaml']);
    await runUntil(start + 120_000); // second slot: still running
    expect(events).toContain('skipped');
    expect(scheduler.runNow('/j/slow.journey.yaml').queued).toBe(false);
    expect(scheduler.runNow('/j/ny.journey.yaml').queued).toBe(true); // waits: concurrency 1
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toHaveLength(1);
    release.shift()!();
    await new Promise((r) => setTimeout(r, 50));
    expect(started).toEqual(['/j/slow.journey.yaml', '/j/ny.journey.yaml']);
    release.shift()!();
    await new Promise((r) => setTimeout(r, 50));
    await scheduler.stop();
    const journey = await store.journey('/j/slow.journey.yaml');
    expect(journey?.status).toBe('failed');
    expect((await store.findings({ journeyFile: '/j/slow.journey.yaml' }))[0].code).toBe('X');
  });
});

describe('business-day schedules (the calendars of expectNoEmail)', () => {
  /** The date and weekday of an instant in a zone, by Intl alone (not by the code under test). */
  const localDay = (ms: number, timeZone: string) => ({
    date: new Date(ms).toLocaleDateString('en-CA', { timeZone }),
    weekday: new Date(ms).toLocaleDateString('en-US', { timeZone, weekday: 'short' }),
  });

  /** Runs a scheduler over [start, end] and returns the start times per journey. */
  async function simulate(plans: { file: string; schedule: ScheduleConfig }[], start: number, end: number) {
    const store = await openStore();
    for (const { file } of plans) await store.upsertJourney(file, file);
    const clock = manualClock(start);
    const { timers, runUntil } = virtualTimers(clock);
    const starts: { file: string; at: number }[] = [];
    const execute: RunExecutor = async ({ file }) => {
      starts.push({ file, at: clock.now() });
      return { status: 'passed', finishedAt: clock.now(), durationMs: 1, findings: [], observations: [] };
    };
    const scheduler = new Scheduler({ planned: plans, store, execute, concurrency: 4, clock, timers });
    scheduler.start();
    await runUntil(end);
    await scheduler.stop();
    return (file: string) => starts.filter((s) => s.file === file).map((s) => s.at);
  }

  it('over a month (New York, November 2026): skips weekends, Veterans Day and Thanksgiving, keeps 07:00 local across the DST end on 1 November', async () => {
    const start = Date.parse('2026-10-26T00:00:00Z');
    const end = Date.parse('2026-12-01T00:00:00Z');
    const plain = schedule({ cron: '0 7 * * *', timezone: 'America/New_York' });
    const business = schedule({ cron: '0 7 * * *', timezone: 'America/New_York', calendar: 'US' });
    const runs = await simulate(
      [
        { file: '/j/daily.journey.yaml', schedule: plain },
        { file: '/j/business.journey.yaml', schedule: business },
      ],
      start,
      end,
    );
    const daily = runs('/j/daily.journey.yaml');
    const ran = runs('/j/business.journey.yaml');
    expect(daily).toHaveLength(36); // every day from 26 Oct to 30 Nov
    const skipped = daily.filter((at) => !ran.includes(at)).map((at) => localDay(at, 'America/New_York'));
    // Weekends, and the two federal holidays that fall on weekdays this month.
    expect(skipped.filter((d) => d.weekday !== 'Sat' && d.weekday !== 'Sun').map((d) => d.date)).toEqual(['2026-11-11', '2026-11-26']);
    expect(skipped.filter((d) => d.weekday === 'Sat' || d.weekday === 'Sun')).toHaveLength(10);
    expect(ran).toHaveLength(36 - 12);
    for (const at of ran) {
      const { weekday, date } = localDay(at, 'America/New_York');
      expect(['Sat', 'Sun'], date).not.toContain(weekday);
      expect(new Date(at).toLocaleTimeString('en-GB', { timeZone: 'America/New_York' }), date).toBe('07:00:00');
    }
    // 07:00 EDT is 11:00 UTC before 1 November, 07:00 EST is 12:00 UTC after.
    expect(new Date(ran.find((at) => localDay(at, 'America/New_York').date === '2026-10-30')!).toISOString()).toBe('2026-10-30T11:00:00.000Z');
    expect(new Date(ran.find((at) => localDay(at, 'America/New_York').date === '2026-11-02')!).toISOString()).toBe('2026-11-02T12:00:00.000Z');
    // The slot after Wednesday 25 November is Friday the 27th: Thanksgiving is skipped, not caught up.
    expect(nextSlot(business, Date.parse('2026-11-25T12:00:00Z'))).toBe(Date.parse('2026-11-27T12:00:00Z'));
  });

  it('judges the day in the schedule’s zone, not in UTC: 22:00 New York on the eve of Thanksgiving runs (03:00 UTC on the holiday), 22:00 on Thanksgiving does not', () => {
    const late = schedule({ cron: '0 22 * * *', timezone: 'America/New_York', calendar: 'US' });
    expect(new Date(nextSlot(late, Date.parse('2026-11-25T12:00:00Z'))).toISOString()).toBe('2026-11-26T03:00:00.000Z');
    expect(new Date(nextSlot(late, Date.parse('2026-11-26T03:00:00Z'))).toISOString()).toBe('2026-11-28T03:00:00.000Z'); // Friday 27th, 22:00 EST
  });

  it('every: with the Canadian calendar over Easter week (Toronto, April 2026): no slot on Good Friday, the weekend or Easter Monday, four a day otherwise', async () => {
    const start = Date.parse('2026-03-30T04:00:00Z'); // Monday 30 March, 00:00 in Toronto (EDT)
    const end = Date.parse('2026-04-11T04:00:00Z');
    const every6h = schedule({ everyMs: 6 * 3_600_000, timezone: 'America/Toronto', calendar: 'CA' });
    const ran = (await simulate([{ file: '/j/every.journey.yaml', schedule: every6h }], start, end))('/j/every.journey.yaml');
    const perDay = new Map<string, number>();
    for (const at of ran) perDay.set(localDay(at, 'America/Toronto').date, (perDay.get(localDay(at, 'America/Toronto').date) ?? 0) + 1);
    expect([...perDay.keys()]).toEqual(['2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02', '2026-04-07', '2026-04-08', '2026-04-09', '2026-04-10']);
    expect([...perDay.values()].every((n) => n === 4)).toBe(true);
    // Still on multiples of 6 h in UTC: the business-day rule drops slots, it does not move them.
    expect(ran.every((at) => at % (6 * 3_600_000) === 0)).toBe(true);
  });

  it('calendar: none skips weekends only; business days do not change a plain schedule', () => {
    const weekdays = schedule({ cron: '0 9 * * *', timezone: 'UTC', calendar: 'none' });
    expect(new Date(nextSlot(weekdays, Date.parse('2026-12-24T12:00:00Z'))).toISOString()).toBe('2026-12-25T09:00:00.000Z'); // Christmas, a Friday
    expect(new Date(nextSlot(weekdays, Date.parse('2026-12-25T12:00:00Z'))).toISOString()).toBe('2026-12-28T09:00:00.000Z'); // Monday
    const us = schedule({ cron: '0 9 * * *', timezone: 'UTC', calendar: 'US' });
    expect(new Date(nextSlot(us, Date.parse('2026-12-24T12:00:00Z'))).toISOString()).toBe('2026-12-28T09:00:00.000Z');
  });

  it('run-at-start: each journey runs once at start, then on its slots', async () => {
    const start = Date.parse('2026-06-01T10:20:00Z');
    const runs = await simulate([{ file: '/j/every.journey.yaml', schedule: schedule({ everyMs: 3_600_000, runAtStart: true }) }], start, start + 2 * 3_600_000);
    expect(runs('/j/every.journey.yaml').map((at) => new Date(at).toISOString())).toEqual(['2026-06-01T10:20:00.000Z', '2026-06-01T11:00:00.000Z', '2026-06-01T12:00:00.000Z']);
  });
});
