import { systemClock, type Clock } from '../core/clock.js';

/**
 * The clock steps read. `JOURNEY_AUDIT_NOW` (an ISO time) shifts it, so tests can run a
 * multi-day observation's later runs "days later" without waiting; time still advances.
 */
export const NOW_ENV = 'JOURNEY_AUDIT_NOW';

export function runClock(fixedStart = process.env[NOW_ENV]): Clock {
  if (!fixedStart) return systemClock;
  const start = Date.parse(fixedStart);
  if (Number.isNaN(start)) throw new Error(`${NOW_ENV}=${fixedStart}: not an ISO date-time such as 2026-11-27T09:00:00Z`);
  const offset = start - Date.now();
  return { now: () => Date.now() + offset };
}
