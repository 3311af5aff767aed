import { parseWindow } from '../core/business-days.js';
import type { Clock } from '../core/clock.js';
import type { Journey } from '../journey/model.js';
import { observationKey } from '../steps/observation-key.js';

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
  const candidates = journey.steps.flatMap((step, stepIndex) => (step.kind === 'expectNoEmail' && isDayWindow(step.args) ? [{ step, stepIndex }] : []));
  if (candidates.length === 0) return undefined;
  const { loadObservation, observationFile } = await import('../unsubscribe/observation-store.js');
  for (const { step, stepIndex } of candidates) {
    const args = step.args as { to: string; observe?: string };
    const saved = await loadObservation(observationFile(stateDir, observationKey(step, args.observe)));
    if (saved?.status !== 'open') continue;
    const shift = clock.now() - Date.now();
    return { stepIndex, mailbox: args.to, address: saved.address, since: Date.parse(saved.startedAt) - shift, startedBy: saved.runs[0], startedAt: saved.startedAt };
  }
  return undefined;
}

function isDayWindow(args: unknown): boolean {
  if (!args || typeof args !== 'object') return false;
  const window = (args as { for?: unknown }).for;
  return typeof window === 'string' && parseWindow(window)?.kind === 'days';
}
