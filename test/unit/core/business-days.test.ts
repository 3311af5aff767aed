import { describe, expect, it } from 'vitest';
import { addBusinessDays, businessDaysAfter, parseWindow, startOfDayIn, windowEnd } from '../../../src/core/business-days.js';
import { fixedClock, manualClock } from '../../../src/core/clock.js';
import { parseDuration } from '../../../src/core/duration.js';

const ny = 'America/New_York';

describe('parseWindow', () => {
  it.each([
    ['30s', { kind: 'ms', ms: 30_000 }],
    ['2m', { kind: 'ms', ms: 120_000 }],
    ['1.5 days', { kind: 'ms', ms: 129_600_000 }],
    ['2 days', { kind: 'days', days: 2, business: false }],
    ['1 day', { kind: 'days', days: 1, business: false }],
    ['2d', { kind: 'days', days: 2, business: false }],
    ['10 business days', { kind: 'days', days: 10, business: true }],
    ['10 Business Days', { kind: 'days', days: 10, business: true }],
    ['5 working days', { kind: 'days', days: 5, business: true }],
  ])('%s', (text, expected) => {
    expect(parseWindow(text)).toEqual(expected);
  });

  it.each(['', 'soon', '2 fortnights', '1.5 business days', '-2 days'])('rejects %j', (text) => {
    expect(parseWindow(text)).toBeUndefined();
  });

  it('leaves parseDuration as it was', () => {
    expect(parseDuration('2 days')).toBe(172_800_000);
    expect(parseDuration('10 business days')).toBeUndefined();
  });
});

describe('addBusinessDays', () => {
  const at = (iso: string) => new Date(iso);

  it('skips the weekend: Friday evening + 1 is due by the end of Monday (New York)', () => {
    expect(addBusinessDays(at('2025-03-07T22:00:00Z'), 1, 'US', ny).toISOString()).toBe('2025-03-11T04:00:00.000Z');
  });

  it('10 US business days across Thanksgiving 2025', () => {
    // Wed 19 Nov: 20,21,24,25,26,(27 Thanksgiving),28,1,2,3,4 Dec → end of Thu 4 Dec.
    const end = addBusinessDays(at('2025-11-19T15:00:00Z'), 10, 'US', ny);
    expect(end.toISOString()).toBe('2025-12-05T05:00:00.000Z');
  });

  it('10 US business days across Christmas and New Year 2025/26', () => {
    // Thu 18 Dec: 19,22,23,24,(25),26,29,30,31,(1 Jan),2,5 → end of Mon 5 Jan 2026.
    const end = addBusinessDays(at('2025-12-18T15:00:00Z'), 10, 'US', ny);
    expect(end.toISOString()).toBe('2026-01-06T05:00:00.000Z');
  });

  it('Canada skips Boxing Day and its observed Monday; the US does not', () => {
    // Wed 23 Dec 2026 + 3: CA 24,(25 Fri),(28 Mon, Boxing observed),29,30 → end of 30 Dec.
    expect(addBusinessDays(at('2026-12-23T15:00:00Z'), 3, 'CA', 'America/Toronto').toISOString()).toBe('2026-12-31T05:00:00.000Z');
    // US: 24,(25),28,29 → end of 29 Dec.
    expect(addBusinessDays(at('2026-12-23T15:00:00Z'), 3, 'US', ny).toISOString()).toBe('2026-12-30T05:00:00.000Z');
  });

  it('Canada skips Good Friday and Easter Monday 2027 and Thanksgiving 2027', () => {
    // Thu 25 Mar 2027 + 1 → (26 GF),(27,28 weekend),(29 EM), 30 → end of Tue 30 Mar.
    expect(addBusinessDays(at('2027-03-25T14:00:00Z'), 1, 'CA', 'America/Toronto').toISOString()).toBe('2027-03-31T04:00:00.000Z');
    // Fri 8 Oct 2027 + 1 → Mon 11 Oct is Thanksgiving → end of Tue 12 Oct.
    expect(addBusinessDays(at('2027-10-08T14:00:00Z'), 1, 'CA', 'America/Toronto').toISOString()).toBe('2027-10-13T04:00:00.000Z');
  });

  it("calendar 'none' skips only weekends", () => {
    expect(addBusinessDays(at('2025-12-24T12:00:00Z'), 1, 'none', 'UTC').toISOString()).toBe('2025-12-26T00:00:00.000Z');
    expect(addBusinessDays(at('2025-12-24T12:00:00Z'), 1, 'US', 'UTC').toISOString()).toBe('2025-12-27T00:00:00.000Z');
  });

  it('counts days in the given zone: 23:30 in New York is already the next day in UTC', () => {
    const start = at('2025-06-06T03:30:00Z'); // Thu 5 Jun 23:30 in New York, Fri 6 Jun in UTC
    expect(addBusinessDays(start, 1, 'none', ny).toISOString()).toBe('2025-06-07T04:00:00.000Z'); // end of Fri 6
    expect(addBusinessDays(start, 1, 'none', 'UTC').toISOString()).toBe('2025-06-10T00:00:00.000Z'); // end of Mon 9
  });

  it('handles daylight-saving changes (local midnight, not 24-hour steps)', () => {
    expect(startOfDayIn({ year: 2025, month: 3, day: 10 }, ny)).toBe(Date.parse('2025-03-10T04:00:00Z'));
    expect(startOfDayIn({ year: 2025, month: 3, day: 9 }, ny)).toBe(Date.parse('2025-03-09T05:00:00Z'));
    expect(startOfDayIn({ year: 2025, month: 11, day: 3 }, ny)).toBe(Date.parse('2025-11-03T05:00:00Z'));
  });

  it('0 days is the start itself; bad counts and zones are refused', () => {
    expect(addBusinessDays(at('2025-01-01T00:00:00Z'), 0, 'US').toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(() => addBusinessDays(at('2025-01-01T00:00:00Z'), 1.5, 'US')).toThrow(/whole number/);
    expect(() => addBusinessDays(at('2025-01-01T00:00:00Z'), 1, 'US', 'Mars/Olympus')).toThrow(/unknown time zone/);
  });
});

describe('windowEnd and businessDaysAfter', () => {
  it('calendar days are 48 hours for "2 days"', () => {
    const start = Date.parse('2025-11-21T10:00:00Z');
    expect(windowEnd(start, parseWindow('2 days')!)).toBe(start + 172_800_000);
    expect(windowEnd(start, parseWindow('30s')!)).toBe(start + 30_000);
    expect(new Date(windowEnd(start, parseWindow('10 business days')!, 'US', ny)).toISOString()).toBe('2025-12-09T05:00:00.000Z');
  });

  it('counts business days after a start', () => {
    const start = Date.parse('2025-11-26T15:00:00Z'); // Wed before Thanksgiving
    expect(businessDaysAfter(start, Date.parse('2025-11-26T20:00:00Z'), 'US', ny)).toBe(0);
    expect(businessDaysAfter(start, Date.parse('2025-12-01T15:00:00Z'), 'US', ny)).toBe(2); // Fri 28, Mon 1
  });
});

describe('clocks', () => {
  it('fixed and manual clocks', () => {
    expect(fixedClock('2025-01-01T00:00:00Z').now()).toBe(Date.parse('2025-01-01T00:00:00Z'));
    const clock = manualClock(1000);
    clock.advance(500);
    expect(clock.now()).toBe(1500);
    clock.set(new Date(42));
    expect(clock.now()).toBe(42);
    expect(() => fixedClock('not a date')).toThrow(/not a point in time/);
  });
});
