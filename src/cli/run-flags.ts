import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { didYouMean } from '../core/did-you-mean.js';
import { InvalidInputError } from '../core/errors.js';

/**
 * Checks of `run` flags that Playwright would otherwise reject later, with a stack trace,
 * after a run folder exists. Each throws a one-line InvalidInputError (exit 2).
 */

/** Console reporters a run accepts: ours (the default) and Playwright's built-in console ones. */
export const CONSOLE_REPORTERS = ['journeys', 'list', 'line', 'dot', 'github', 'null'] as const;

export function checkRetries(value: string): void {
  if (!/^\d+$/.test(value.trim())) throw new InvalidInputError(`--retries ${value}: expected a whole number of retries, 0 or more (e.g. 2)`);
}

/** Known names, or a path to a Playwright reporter module of your own. */
export function checkReporters(value: string): void {
  const names = value.split(',').map((n) => n.trim());
  for (const name of names) {
    if ((CONSOLE_REPORTERS as readonly string[]).includes(name)) continue;
    if (/\.(c|m)?js$/.test(name) && existsSync(resolve(name))) continue;
    const suggestion = didYouMean(name, [...CONSOLE_REPORTERS]);
    throw new InvalidInputError(`--reporter ${value}: unknown reporter "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; expected ${CONSOLE_REPORTERS.join(', ')} or the path of a reporter module`);
  }
}

export function checkGrep(value: string): void {
  try {
    new RegExp(value);
  } catch (error) {
    throw new InvalidInputError(`--grep ${value}: not a regular expression (${(error as Error).message.replace(/^Invalid regular expression: /, '')})`);
  }
}

/** The output folder may not exist yet, but it may not be a file. */
export function checkOutputDir(value: string, flag = '--output'): void {
  const path = resolve(value);
  if (existsSync(path) && !statSync(path).isDirectory()) throw new InvalidInputError(`${flag} ${value}: is a file, not a folder`);
}
