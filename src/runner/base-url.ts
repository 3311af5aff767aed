import { interpolate } from '../journey/interpolate.js';
import type { Journey } from '../model/journey.js';
import type { RunPlan } from './run-plan.js';

/** The journey's baseURL; it may read env, secrets, sink and run values (known before it starts). */
export function resolveBaseURL(journey: Journey, plan: RunPlan): string | undefined {
  if (!journey.baseURL) return undefined;
  const env = { ...plan.env, ...process.env };
  return interpolate(journey.baseURL, {
    env,
    secrets: env,
    mailbox: {},
    captures: () => undefined,
    sink: plan.sink && { host: plan.sink.smtpHost, port: String(plan.sink.smtpPort), url: plan.sink.api },
    run: { id: plan.runId },
  });
}
