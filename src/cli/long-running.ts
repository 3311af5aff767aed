import { InvalidInputError } from '../core/errors.js';

/** Helpers for the commands that run until stopped (`sink`, `monitor`). */

/** A commander parser for a `--…-port` flag: 0–65535, or a one-line error (exit 2). */
export function portOf(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n > 65535) throw new InvalidInputError(`${flag} ${value}: not a port number (0–65535)`);
    return n;
  };
}

/** Resolves with the signal (Ctrl-C or SIGTERM) that asks the service to stop. */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}
