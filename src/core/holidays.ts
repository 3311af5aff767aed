/**
 * Federal public holidays computed by rule for any year, as calendar dates (YYYY-MM-DD)
 * on the day they are observed (the day off), not only the nominal date.
 *
 * US (5 U.S.C. 6103): a holiday on a Saturday is observed the Friday before, on a Sunday
 * the Monday after — so New Year's Day 2028 (a Saturday) is observed on 31 Dec 2027.
 * Canada (federal, Canada Labour Code and the federal public service): a holiday on a
 * weekend is observed on the next working day that is not itself a holiday
 * (Christmas on Saturday → Monday, Boxing Day on Sunday → Tuesday).
 */
export type HolidayCalendar = 'US' | 'CA' | 'none';

export const HOLIDAY_CALENDARS: readonly HolidayCalendar[] = ['US', 'CA', 'none'];

export interface Holiday {
  /** The day off, YYYY-MM-DD. */
  date: string;
  name: string;
  /** The nominal date when it differs from the day off. */
  nominal?: string;
}

/** A date without time or zone. Months are 1-12. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export function civil(year: number, month: number, day: number): CivilDate {
  // Normalises overflow (day 32 → next month) through UTC arithmetic.
  const d = new Date(Date.UTC(year, month - 1, day));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function formatCivil(d: CivilDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(d: CivilDate): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

export function addCivilDays(d: CivilDate, days: number): CivilDate {
  return civil(d.year, d.month, d.day + days);
}

export function isWeekend(d: CivilDate): boolean {
  const w = weekday(d);
  return w === 0 || w === 6;
}

/** The n-th (1-based) given weekday of a month; n = -1 for the last one. */
function nthWeekday(year: number, month: number, dayOfWeek: number, n: number): CivilDate {
  if (n > 0) {
    const first = civil(year, month, 1);
    const offset = (dayOfWeek - weekday(first) + 7) % 7;
    return civil(year, month, 1 + offset + (n - 1) * 7);
  }
  const last = civil(year, month + 1, 0);
  const back = (weekday(last) - dayOfWeek + 7) % 7;
  return civil(year, month, last.day - back);
}

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): CivilDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

const MONDAY = 1;
const THURSDAY = 4;

function usNominal(year: number): { date: CivilDate; name: string; fixed: boolean }[] {
  const list = [
    { date: civil(year, 1, 1), name: "New Year's Day", fixed: true },
    { date: nthWeekday(year, 1, MONDAY, 3), name: 'Birthday of Martin Luther King, Jr.', fixed: false },
    { date: nthWeekday(year, 2, MONDAY, 3), name: "Washington's Birthday", fixed: false },
    { date: nthWeekday(year, 5, MONDAY, -1), name: 'Memorial Day', fixed: false },
    { date: civil(year, 7, 4), name: 'Independence Day', fixed: true },
    { date: nthWeekday(year, 9, MONDAY, 1), name: 'Labor Day', fixed: false },
    { date: nthWeekday(year, 10, MONDAY, 2), name: 'Columbus Day', fixed: false },
    { date: civil(year, 11, 11), name: 'Veterans Day', fixed: true },
    { date: nthWeekday(year, 11, THURSDAY, 4), name: 'Thanksgiving Day', fixed: false },
    { date: civil(year, 12, 25), name: 'Christmas Day', fixed: true },
  ];
  if (year >= 2021) list.push({ date: civil(year, 6, 19), name: 'Juneteenth National Independence Day', fixed: true });
  return list;
}

function usHolidays(year: number): Holiday[] {
  // Next year's New Year's Day may be observed on 31 December of this year.
  const nominal = [...usNominal(year), ...usNominal(year + 1).filter((h) => h.date.month === 1 && h.date.day === 1)];
  const result: Holiday[] = [];
  for (const h of nominal) {
    const w = weekday(h.date);
    const observed = !h.fixed ? h.date : w === 6 ? addCivilDays(h.date, -1) : w === 0 ? addCivilDays(h.date, 1) : h.date;
    if (observed.year !== year) continue;
    const date = formatCivil(observed);
    result.push(date === formatCivil(h.date) ? { date, name: h.name } : { date, name: h.name, nominal: formatCivil(h.date) });
  }
  return result;
}

function caHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  // Victoria Day: the Monday before 25 May.
  const may24 = civil(year, 5, 24);
  const victoria = addCivilDays(may24, -((weekday(may24) - MONDAY + 7) % 7));
  const nominal = [
    { date: civil(year, 1, 1), name: "New Year's Day" },
    { date: addCivilDays(easter, -2), name: 'Good Friday' },
    { date: addCivilDays(easter, 1), name: 'Easter Monday' },
    { date: victoria, name: 'Victoria Day' },
    { date: civil(year, 7, 1), name: 'Canada Day' },
    { date: nthWeekday(year, 9, MONDAY, 1), name: 'Labour Day' },
    ...(year >= 2021 ? [{ date: civil(year, 9, 30), name: 'National Day for Truth and Reconciliation' }] : []),
    { date: nthWeekday(year, 10, MONDAY, 2), name: 'Thanksgiving Day' },
    { date: civil(year, 11, 11), name: 'Remembrance Day' },
    { date: civil(year, 12, 25), name: 'Christmas Day' },
    { date: civil(year, 12, 26), name: 'Boxing Day' },
  ];
  const taken = new Set(nominal.filter((h) => !isWeekend(h.date)).map((h) => formatCivil(h.date)));
  const result: Holiday[] = [];
  for (const h of nominal) {
    if (!isWeekend(h.date)) {
      result.push({ date: formatCivil(h.date), name: h.name });
      continue;
    }
    let observed = h.date;
    while (isWeekend(observed) || taken.has(formatCivil(observed))) observed = addCivilDays(observed, 1);
    taken.add(formatCivil(observed));
    result.push({ date: formatCivil(observed), name: h.name, nominal: formatCivil(h.date) });
  }
  return result;
}

const cache = new Map<string, Holiday[]>();

/** The holidays of a calendar that fall (as days off) in the given year, sorted by date. */
export function holidaysOf(calendar: HolidayCalendar, year: number): Holiday[] {
  if (calendar === 'none') return [];
  const key = `${calendar}:${year}`;
  let list = cache.get(key);
  if (!list) {
    list = (calendar === 'US' ? usHolidays(year) : caHolidays(year)).sort((a, b) => a.date.localeCompare(b.date));
    cache.set(key, list);
  }
  return list;
}

/** The holiday observed on that date, if any. */
export function holidayOn(calendar: HolidayCalendar, date: CivilDate): Holiday | undefined {
  const key = formatCivil(date);
  return holidaysOf(calendar, date.year).find((h) => h.date === key);
}
