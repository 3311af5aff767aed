import { readFileSync, writeFileSync } from 'node:fs';
import type { Journey } from '../journey/model.js';
import type { SinkEndpoint } from '../mail/sink.js';

/**
 * What the CLI hands to the Playwright runner and its workers (as a JSON file named by
 * JOURNEY_AUDIT_PLAN). It never holds secret values: workers read them from the environment.
 */
export interface RunPlan {
  runId: string;
  /** Absolute path of reports/<run-id>. */
  runDir: string;
  /** The journeys, loaded and validated by the CLI (expressions not yet interpolated). */
  journeys: Journey[];
  sink?: SinkEndpoint;
  startedAt: string;
  /** Names of the secrets any journey reads; their values are masked in every output. */
  secrets: string[];
  /** Extra variables for ${{ env.X }} (from --env-file or the demo), not secret. */
  env: Record<string, string>;
  /** Folder holding the latest run, e.g. reports/latest. */
  latestLink?: string;
}

export const PLAN_ENV = 'JOURNEY_AUDIT_PLAN';

export function writePlan(path: string, plan: RunPlan): void {
  writeFileSync(path, JSON.stringify(plan, null, 2));
}

export function readPlan(path = process.env[PLAN_ENV]): RunPlan {
  if (!path) throw new Error(`${PLAN_ENV} is not set: run journeys with \`journey-audit run\``);
  return JSON.parse(readFileSync(path, 'utf8')) as RunPlan;
}
