import { relative } from 'node:path';
import { InvalidInputError } from '../core/errors.js';
import { formatDiagnostic } from '../model/diagnostic.js';
import { loadJourneyFiles } from '../journey/loader.js';
import type { Journey } from '../model/journey.js';
import { findJourneyFiles } from './find-journey-files.js';

/** Loads journeys; on any problem prints every diagnostic and fails with exit code 2. */
export function loadOrExplain(paths: readonly string[]): { journeys: Journey[]; files: string[] } {
  const files = findJourneyFiles(paths);
  const { journeys, diagnostics, sources } = loadJourneyFiles(files);
  if (diagnostics.length) {
    for (const d of diagnostics) console.error(`${formatDiagnostic(d, sources.get(d.file), (file) => relative(process.cwd(), file))}\n`);
    const fileCount = new Set(diagnostics.map((d) => d.file)).size;
    throw new InvalidInputError(`${diagnostics.length} ${diagnostics.length === 1 ? 'problem' : 'problems'} in ${fileCount} journey ${fileCount === 1 ? 'file' : 'files'}`);
  }
  return { journeys, files };
}

/** Every env and secrets variable the journeys read must be set before anything starts. */
export function checkVariables(journeys: readonly Journey[], env: Record<string, string | undefined>): void {
  const missing: string[] = [];
  for (const journey of journeys) {
    for (const name of [...journey.env, ...journey.secrets]) {
      if (env[name] === undefined) missing.push(`${relative(process.cwd(), journey.file)}:${journey.location.line}: error JA034: "${journey.name}" reads ${name}, which is not set`);
    }
  }
  if (missing.length) {
    for (const line of missing) console.error(line);
    throw new InvalidInputError(`${missing.length} missing ${missing.length === 1 ? 'variable' : 'variables'}`, 'set them in the environment or in a file given with --env-file');
  }
}
