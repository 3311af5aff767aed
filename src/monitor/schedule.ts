import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import { Cron } from 'croner';
import { civilDateIn, isBusinessDay, startOfDayIn } from '../core/business-days.js';
import { addCivilDays } from '../core/holidays.js';
import type { ScheduleConfig } from './config.js';

/** One journey on one schedule: when its next slot is, and when it really starts (slot + jitter). */
export interface PlannedJourney {
  /** Absolute path of the journey file: a journey's identity in the store. */
  file: string;
  schedule: ScheduleConfig;
}

/**
 * The first slot strictly after `after` (epoch ms). Cron slots follow the wall clock of the
 * schedule's time zone (croner handles DST: a slot in the spring gap runs at the first time
 * that exists, a slot in the autumn overlap runs once). `every:` slots are multiples of the
 * period since the epoch, so they stay put across restarts. A business-day schedule skips
 * slots whose date, in its time zone, is a weekend or a holiday of its calendar.
 */
export function nextSlot(schedule: ScheduleConfig, after: number): number {
  let slot = nextRawSlot(schedule, after);
  if (schedule.calendar === undefined) return slot;
  const zone = scheduleTimeZone(schedule);
  // Each turn moves to a later day; a schedule with no slot on a business day for years never runs.
  for (let turn = 0; turn < 4000 && Number.isFinite(slot); turn++) {
    const day = civilDateIn(slot, zone);
    if (isBusinessDay(day, schedule.calendar)) return slot;
    slot = nextRawSlot(schedule, startOfDayIn(addCivilDays(day, 1), zone) - 1);
  }
  return Number.POSITIVE_INFINITY;
}

/** The zone that decides a slot's date: the schedule's `timezone:`, else the machine's (as croner does). */
export function scheduleTimeZone(schedule: ScheduleConfig): string {
  return schedule.timezone ?? new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function nextRawSlot(schedule: ScheduleConfig, after: number): number {
  if (schedule.everyMs !== undefined) return (Math.floor(after / schedule.everyMs) + 1) * schedule.everyMs;
  const cron = new Cron(schedule.cron!, { paused: true, timezone: schedule.timezone });
  const next = cron.nextRun(new Date(after));
  if (!next) return Number.POSITIVE_INFINITY;
  return next.getTime();
}

/**
 * Jitter spreads journeys that share a slot; it is the same for the same journey and slot
 * (a restart does not move a run), between 0 and `jitterMs`.
 */
export function jitterFor(file: string, slot: number, jitterMs: number): number {
  if (jitterMs <= 0) return 0;
  const digest = createHash('sha256').update(`${file}\n${slot}`).digest();
  return Math.floor((digest.readUInt32BE(0) / 0x1_0000_0000) * jitterMs);
}

/** The schedules' patterns (`*`, `?`) matched against journey files relative to the journeys folder. */
export function planJourneys(schedules: readonly ScheduleConfig[], journeysDir: string, files: readonly string[]): { planned: PlannedJourney[]; unmatched: ScheduleConfig[] } {
  const planned: PlannedJourney[] = [];
  const unmatched: ScheduleConfig[] = [];
  for (const schedule of schedules) {
    const patterns = schedule.journeys.map(globToRegExp);
    const matched = files.filter((file) => {
      const name = relative(journeysDir, file).split('\\').join('/');
      return patterns.some((pattern) => pattern.test(name) || pattern.test(name.split('/').pop()!));
    });
    if (matched.length === 0) unmatched.push(schedule);
    for (const file of matched) planned.push({ file, schedule });
  }
  return { planned, unmatched };
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/^\.\//, '')
    .split('')
    .map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}
