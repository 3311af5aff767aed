import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { InvalidInputError } from '../core/errors.js';

export const JOURNEY_SUFFIX = '.journey.yaml';

/**
 * Files named on the command line are taken as they are; folders are searched for
 * *.journey.yaml (sub-journeys used with `use:` are named otherwise and not run alone).
 */
export function findJourneyFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const otherYaml: string[] = [];
  for (const path of paths.length ? paths : ['journeys']) {
    const absolute = resolve(path);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch {
      throw new InvalidInputError(`${path}: no such file or folder`, 'give journey files (*.journey.yaml) or folders that hold them');
    }
    if (isDirectory) files.push(...walk(absolute, otherYaml));
    else files.push(absolute);
  }
  const unique = [...new Set(files)];
  if (unique.length === 0) {
    const seen = otherYaml.map((file) => relative(process.cwd(), file) || file);
    const named = seen.length > 5 ? `${seen.slice(0, 5).join(', ')} and ${seen.length - 5} more` : seen.join(', ');
    const hint = seen.length
      ? `found YAML ${seen.length === 1 ? 'file' : 'files'} not named *${JOURNEY_SUFFIX}: ${named}; rename a journey to end in ${JOURNEY_SUFFIX}, or give the file itself`
      : 'create one with a name: and steps:, see docs/journeys.md';
    throw new InvalidInputError(`no *${JOURNEY_SUFFIX} files in ${paths.join(', ') || 'journeys'}`, hint);
  }
  return unique;
}

function walk(dir: string, otherYaml: string[]): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...walk(path, otherYaml));
    else if (entry.name.endsWith(JOURNEY_SUFFIX)) found.push(path);
    else if (/\.ya?ml$/i.test(entry.name)) otherYaml.push(path);
  }
  return found;
}
