import type { Journey } from '../model/journey.js';

/** Extra time Playwright gives a step beyond its own limit, so the step reports its own timeout. */
export const STEP_GRACE_MS = 5_000;

/** Time for the whole journey: every step's budget plus start-up and teardown. */
export function journeyBudgetMs(journey: Journey): number {
  return journey.steps.reduce((sum, step) => sum + step.timeoutMs + STEP_GRACE_MS, 30_000);
}
