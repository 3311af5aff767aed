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
