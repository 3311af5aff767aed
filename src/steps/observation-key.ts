import { basename } from 'node:path';
import type { JourneyStep } from '../model/journey.js';

/**
 * Names a multi-day observation in the state folder: the step's own `observe:` name, or the
 * journey file and line of the step. A later run finds it again by the same name.
 */
export function observationKey(step: JourneyStep, explicit?: string): string {
  if (explicit) return explicit;
  return `${basename(step.location.file).replace(/\.journey\.ya?ml$|\.ya?ml$/, '')}-L${step.location.line}`;
}
