import type { Clock } from '../core/clock.js';
import type { Journey } from '../model/journey.js';
import { observationKey } from '../steps/observation-key.js';
import { stepRegistry } from '../steps/registry.js';

export interface ResumePoint {
  /** Index of the observing step; the steps before it ran in an earlier run. */
  stepIndex: number;
  mailbox: string;
  address: string;
  /** When the observation started, in the sink's (real) time. */
  since: number;
  /** The run that started it. */
  startedBy: string;
  startedAt: string;
}

/**
 * A journey whose multi-day `expectNoEmail` observation is still open resumes at that
 * step: the customer already subscribed and unsubscribed in an earlier run, and doing it
 * again would watch a different address.
 */
export async function findResumePoint(journey: Journey, stateDir: string, clock: Clock): Promise<ResumePoint | undefined> {
  const candidates = journey.steps.flatMap((step, stepIndex) => {
    const resumes = stepRegistry.get(step.kind)?.resumesAcrossRuns?.(step.args);
    return resumes ? [{ step, stepIndex, ...resumes }] : [];
  });
  if (candidates.length === 0) return undefined;
  const { loadObservation, observationFile } = await import('../unsubscribe/observation-store.js');
  for (const { step, stepIndex, mailbox, observe } of candidates) {
    const saved = await loadObservation(observationFile(stateDir, observationKey(step, observe)));
    if (saved?.status !== 'open') continue;
    const shift = clock.now() - Date.now();
    return { stepIndex, mailbox, address: saved.address, since: Date.parse(saved.startedAt) - shift, startedBy: saved.runs[0], startedAt: saved.startedAt };
  }
  return undefined;
}
