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

/**
 * The first stop signal, like `untilStopSignal`; the listeners stay, so a later one (a second
 * Ctrl-C while the service stops) only calls `again` and never ends the process half-way.
 */
export function firstStopSignal(again: (signal: NodeJS.Signals) => void): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) return again(signal);
      stopping = true;
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
