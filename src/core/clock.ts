/**
 * Time as a dependency: code that decides by the clock (observation windows, deadlines)
 * takes a Clock, so tests can run days in milliseconds.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export type Instant = number | string | Date;

export function toEpochMs(value: Instant): number {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : value.getTime();
  if (!Number.isFinite(ms)) throw new TypeError(`not a point in time: ${String(value)}`);
  return ms;
}

/** A clock that always says the same time. */
export function fixedClock(at: Instant): Clock {
  const ms = toEpochMs(at);
  return { now: () => ms };
}

export interface ManualClock extends Clock {
  /** Moves the clock forward (or back, with a negative amount). */
  advance(ms: number): void;
  set(at: Instant): void;
}

/** A clock that moves only when told to. */
export function manualClock(start: Instant): ManualClock {
  let current = toEpochMs(start);
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (at) => {
      current = toEpochMs(at);
    },
  };
}
