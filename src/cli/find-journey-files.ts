import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidInputError } from '../core/errors.js';

export const JOURNEY_SUFFIX = '.journey.yaml';

/**
 * Files named on the command line are taken as they are; folders are searched for
 * *.journey.yaml (sub-journeys used with `use:` are named otherwise and not run alone).
 */
export function findJourneyFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const path of paths.length ? paths : ['journeys']) {
    const absolute = resolve(path);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch {
      throw new InvalidInputError(`${path}: no such file or folder`, 'give journey files (*.journey.yaml) or folders that hold them');
    }
    if (isDirectory) files.push(...walk(absolute));
    else files.push(absolute);
  }
  const unique = [...new Set(files)];
  if (unique.length === 0) throw new InvalidInputError(`no *${JOURNEY_SUFFIX} files in ${paths.join(', ') || 'journeys'}`, 'create one with a name: and steps:, see docs/journeys.md');
  return unique;
}

function walk(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...walk(path));
    else if (entry.name.endsWith(JOURNEY_SUFFIX)) found.push(path);
  }
  return found;
}
