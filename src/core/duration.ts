/** Durations as people write them in journeys: 500ms, 30s, 2m, 1.5h, 1d, "2 minutes". */
const UNIT_MS: Record<string, number> = {
  ms: 1, millisecond: 1, milliseconds: 1,
  s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
};

const DURATION = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i;

export const DURATION_EXAMPLES = '500ms, 30s, 2m, 1h';

/** Milliseconds for a duration string or a number of milliseconds; undefined when unreadable. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  const match = DURATION.exec(value);
  if (!match) return undefined;
  const key = match[2].toLowerCase();
  const unit = Object.hasOwn(UNIT_MS, key) ? UNIT_MS[key] : undefined; // not "constructor" from the prototype
  return unit === undefined ? undefined : Math.round(Number(match[1]) * unit);
}

export function formatDuration(ms: number): string {
  if (Math.round(ms) < 1000) return `${Math.round(ms)}ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  // Round once, so that 119.7s is "2m" rather than "1m 60s".
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return seconds ? `${minutes}m ${seconds}s` : `${minutes}m`;
}
