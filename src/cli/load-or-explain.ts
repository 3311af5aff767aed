import { relative } from 'node:path';
import { InvalidInputError } from '../core/errors.js';
import { readFileSync } from 'node:fs';
import { DiagnosticCode, formatDiagnostic, type Diagnostic } from '../model/diagnostic.js';
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
  const variables = (journey: Journey) => [...journey.env.map((name) => ['env', name]), ...journey.secrets.map((name) => ['secrets', name])];
  for (const journey of journeys) {
    for (const [namespace, name] of variables(journey)) {
      if (env[name] !== undefined) continue;
      // Reported where the journey reads it, with the line shown.
      const at = journey.reads?.[`${namespace}.${name}`] ?? journey.location;
      const expression = `\${{ ${namespace}.${name} }}`;
      const diagnostic: Diagnostic = { file: at.file, line: at.line, column: at.column, length: expression.length, code: DiagnosticCode.missingVariable, message: `"${journey.name}" reads ${name}, which is not set` };
      missing.push(`${formatDiagnostic(diagnostic, readSource(at.file), (file) => relative(process.cwd(), file))}\n`);
    }
  }
  if (missing.length) {
    for (const text of missing) console.error(text);
    throw new InvalidInputError(`${missing.length} missing ${missing.length === 1 ? 'variable' : 'variables'}`, 'set them in the environment or in a file given with --env-file');
  }
}

function readSource(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
