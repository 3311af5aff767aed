import { describe, expect, it } from 'vitest';
import { easterSunday, formatCivil, holidaysOf } from '../../../src/core/holidays.js';

const dates = (calendar: 'US' | 'CA', year: number) => Object.fromEntries(holidaysOf(calendar, year).map((h) => [h.name, h.date]));

describe('US federal holidays', () => {
  it('2025 as published by OPM', () => {
    expect(dates('US', 2025)).toEqual({
      "New Year's Day": '2025-01-01',
      'Birthday of Martin Luther King, Jr.': '2025-01-20',
      "Washington's Birthday": '2025-02-17',
      'Memorial Day': '2025-05-26',
      'Juneteenth National Independence Day': '2025-06-19',
      'Independence Day': '2025-07-04',
      'Labor Day': '2025-09-01',
      'Columbus Day': '2025-10-13',
      'Veterans Day': '2025-11-11',
      'Thanksgiving Day': '2025-11-27',
      'Christmas Day': '2025-12-25',
    });
  });

  it('2026: Independence Day on a Saturday is observed on Friday 3 July', () => {
    const list = holidaysOf('US', 2026);
    expect(list.find((h) => h.name === 'Independence Day')).toEqual({ date: '2026-07-03', name: 'Independence Day', nominal: '2026-07-04' });
    expect(dates('US', 2026)['Thanksgiving Day']).toBe('2026-11-26');
    expect(dates('US', 2026)['Memorial Day']).toBe('2026-05-25');
  });

  it('2027: Juneteenth on Saturday → Friday, 4 July on Sunday → Monday, Christmas Saturday → Friday, New Year 2028 → 31 Dec 2027', () => {
    const list = holidaysOf('US', 2027).map((h) => `${h.date} ${h.name}`);
    expect(list).toContain('2027-06-18 Juneteenth National Independence Day');
    expect(list).toContain('2027-07-05 Independence Day');
    expect(list).toContain('2027-12-24 Christmas Day');
    expect(list).toContain("2027-12-31 New Year's Day");
    expect(holidaysOf('US', 2028).some((h) => h.name === "New Year's Day")).toBe(false);
    expect(dates('US', 2027)['Memorial Day']).toBe('2027-05-31');
  });

  it('has no Juneteenth before 2021', () => {
    expect(holidaysOf('US', 2020).some((h) => h.name.startsWith('Juneteenth'))).toBe(false);
  });
});

describe('Canadian federal holidays', () => {
  it('2025', () => {
    expect(dates('CA', 2025)).toEqual({
      "New Year's Day": '2025-01-01',
      'Good Friday': '2025-04-18',
      'Easter Monday': '2025-04-21',
      'Victoria Day': '2025-05-19',
      'Canada Day': '2025-07-01',
      'Labour Day': '2025-09-01',
      'National Day for Truth and Reconciliation': '2025-09-30',
      'Thanksgiving Day': '2025-10-13',
      'Remembrance Day': '2025-11-11',
      'Christmas Day': '2025-12-25',
      'Boxing Day': '2025-12-26',
    });
  });

  it('2026: Victoria Day is the Monday before 25 May, Boxing Day on Saturday → Monday 28', () => {
    const d = dates('CA', 2026);
    expect(d['Good Friday']).toBe('2026-04-03');
    expect(d['Easter Monday']).toBe('2026-04-06');
    expect(d['Victoria Day']).toBe('2026-05-18');
    expect(d['Boxing Day']).toBe('2026-12-28');
    expect(d['Thanksgiving Day']).toBe('2026-10-12');
  });

  it('2027: Christmas on Saturday → Monday 27, Boxing Day on Sunday → Tuesday 28', () => {
    const d = dates('CA', 2027);
    expect(d['Good Friday']).toBe('2027-03-26');
    expect(d['Victoria Day']).toBe('2027-05-24');
    expect(d['Christmas Day']).toBe('2027-12-27');
    expect(d['Boxing Day']).toBe('2027-12-28');
  });

  it('Easter dates', () => {
    expect([2024, 2025, 2026, 2027, 2038].map((y) => formatCivil(easterSunday(y)))).toEqual([
      '2024-03-31',
      '2025-04-20',
      '2026-04-05',
      '2027-03-28',
      '2038-04-25',
    ]);
  });
});
