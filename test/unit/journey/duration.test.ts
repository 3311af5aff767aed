import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../src/core/duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1.5h', 5_400_000],
    ['0.5s', 500],
    ['0s', 0],
    ['2 minutes', 120_000],
    ['1 second', 1000],
    ['10 mins', 600_000],
    ['2 hrs', 7_200_000],
    ['3 days', 259_200_000],
    [' 5S ', 5000],
    ['250MS', 250],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('rounds fractions of a millisecond', () => {
    expect(parseDuration('1.0004s')).toBe(1000);
    expect(parseDuration('0.0006s')).toBe(1);
  });

  it.each(['', '5', 's', '5 fortnights', 'half a minute', '-5s', '1e3ms', '.5s', '5s 10ms', '1,5s', '5 s s', '${{ env.WAIT }}'])(
    'rejects %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );

  it('does not take units from the object prototype', () => {
    expect(parseDuration('5constructor')).toBeUndefined();
    expect(parseDuration('1toString')).toBeUndefined();
    expect(parseDuration('2__proto__')).toBeUndefined();
  });

  it('takes a number as milliseconds', () => {
    expect(parseDuration(0)).toBe(0);
    expect(parseDuration(1500)).toBe(1500);
    expect(parseDuration(2.5)).toBe(2.5);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects the number %d', (n) => {
    expect(parseDuration(n)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [12.4, '12ms'],
    [999, '999ms'],
    [999.6, '1.0s'],
    [1000, '1.0s'],
    [1500, '1.5s'],
    [9_940, '9.9s'],
    [10_000, '10s'],
    [15_400, '15s'],
    [59_400, '59s'],
    [59_600, '1m'],
    [60_000, '1m'],
    [90_000, '1m 30s'],
    [119_700, '2m'],
    [3_600_000, '60m'],
  ])('shows %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('reads back what it writes for whole seconds and minutes', () => {
    for (const ms of [500, 10_000, 45_000, 60_000, 120_000]) {
      const text = formatDuration(ms);
      expect(parseDuration(text.replace(/\.0s$/, 's'))).toBe(ms);
    }
  });
});
