import { parseDuration } from './duration.js';
import { InvalidInputError } from './errors.js';
import { addCivilDays, type CivilDate, formatCivil, holidayOn, type HolidayCalendar, isWeekend } from './holidays.js';

/**
 * Windows as journeys write them ("30s", "2 days", "10 business days") and deadlines
 * counted in business days: weekends and the holidays of a calendar do not count.
 */
export type Window = { kind: 'ms'; ms: number } | { kind: 'days'; days: number; business: boolean };

const DAYS = /^\s*(\d+)\s*(business|working)?\s*(?:d|days?)\s*$/i;

export const WINDOW_EXAMPLES = '30s, 10m, 2 days, 10 business days';

/** A window, or undefined when unreadable. Whole days become a day window; anything else is milliseconds. */
export function parseWindow(text: string): Window | undefined {
  const days = DAYS.exec(text);
  if (days) return { kind: 'days', days: Number(days[1]), business: Boolean(days[2]) };
  const ms = parseDuration(text);
  return ms === undefined ? undefined : { kind: 'ms', ms };
}

/** The zone a calendar's deadlines are counted in, when the journey names none. */
export function defaultTimeZone(calendar: HolidayCalendar): string {
  return calendar === 'US' ? 'America/New_York' : calendar === 'CA' ? 'America/Toronto' : 'UTC';
}

export function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new InvalidInputError(`unknown time zone "${timeZone}"`, 'Use an IANA name such as America/New_York, America/Toronto or UTC.');
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    assertTimeZone(timeZone);
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function wallClock(ms: number, timeZone: string): { date: CivilDate; hour: number; minute: number; second: number } {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return {
    date: { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) },
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The calendar date of an instant in a time zone. */
export function civilDateIn(ms: number, timeZone: string): CivilDate {
  return wallClock(ms, timeZone).date;
}

/** How far the zone's wall clock is ahead of UTC at that instant, in ms. */
function zoneOffset(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const asUtc = Date.UTC(w.date.year, w.date.month - 1, w.date.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant a calendar date begins (local midnight) in a time zone. */
export function startOfDayIn(date: CivilDate, timeZone: string): number {
  const guess = Date.UTC(date.year, date.month - 1, date.day);
  const first = guess - zoneOffset(guess, timeZone);
  return guess - zoneOffset(first, timeZone);
}

export function isBusinessDay(date: CivilDate, calendar: HolidayCalendar): boolean {
  return !isWeekend(date) && holidayOn(calendar, date) === undefined;
}

/**
 * The deadline n business days after `start`: the end of the n-th business day that
 * follows the start's date in `timeZone` (the moment the next day begins). The day of
 * the request itself never counts, so a request on Friday evening with n = 1 is due by
 * the end of Monday. Ending at the day's end rather than at the same hour gives the
 * sender the benefit of the doubt: we report indicators, never false alarms.
 */
export function addBusinessDays(start: Date, n: number, calendar: HolidayCalendar, timeZone = defaultTimeZone(calendar)): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`business days must be a whole number ≥ 0, got ${n}`);
  if (n === 0) return new Date(start.getTime());
  let day = civilDateIn(start.getTime(), timeZone);
  let counted = 0;
  while (counted < n) {
    day = addCivilDays(day, 1);
    if (isBusinessDay(day, calendar)) counted++;
  }
  return new Date(startOfDayIn(addCivilDays(day, 1), timeZone));
}

/** Business days between the start's date and the instant's date in the zone (0 on the same day). */
export function businessDaysAfter(start: number, at: number, calendar: HolidayCalendar, timeZone = defaultTimeZone(calendar)): number {
  const from = formatCivil(civilDateIn(start, timeZone));
  const until = civilDateIn(at, timeZone);
  let day = civilDateIn(start, timeZone);
  let count = 0;
  for (let guard = 0; guard < 3660 && formatCivil(day) < formatCivil(until); guard++) {
    day = addCivilDays(day, 1);
    if (isBusinessDay(day, calendar)) count++;
  }
  return formatCivil(until) < from ? 0 : count;
}

/** When a window that starts at `start` closes. Calendar days are 24 hours each. */
export function windowEnd(start: number, window: Window, calendar: HolidayCalendar = 'none', timeZone?: string): number {
  if (window.kind === 'ms') return start + window.ms;
  if (!window.business) return start + window.days * 86_400_000;
  return addBusinessDays(new Date(start), window.days, calendar, timeZone).getTime();
}
