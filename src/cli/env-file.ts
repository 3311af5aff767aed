import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { InvalidInputError, errorMessage } from '../core/errors.js';

/** Reads KEY=value lines (dotenv syntax). Values never get printed. */
export function readEnvFile(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`--env-file ${path}: ${errorMessage(error)}`);
  }
  return parseEnv(text) as Record<string, string>;
}
