import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Journey } from '../model/journey.js';
import type { SinkEndpoint } from '../mail/sink.js';
import type { HostPort } from '../core/host-port.js';

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
  /** Outbound SMTP relay (--smtp-relay) for mail journeys send as the customer. */
  relay?: HostPort;
  /** Absolute folder for state kept between runs (--state-dir). */
  stateDir: string;
  /** Folder holding the latest run, e.g. reports/latest. */
  latestLink?: string;
}

export const PLAN_ENV = 'JOURNEY_AUDIT_PLAN';

/** Written whole or not at all: Playwright may be waiting for it already. */
export function writePlan(path: string, plan: RunPlan): void {
  writeFileSync(`${path}.tmp`, JSON.stringify(plan, null, 2));
  renameSync(`${path}.tmp`, path);
}

const PLAN_WAIT_MS = 120_000;

/**
 * The CLI starts Playwright before it has checked the journeys, so the configuration
 * waits here for the plan. The CLI kills Playwright when it does not write one.
 */
export async function waitForPlan(path = process.env[PLAN_ENV]): Promise<RunPlan> {
  const deadline = Date.now() + PLAN_WAIT_MS;
  while (path && !existsSync(path) && Date.now() < deadline) await sleep(5);
  return readPlan(path);
}

export function readPlan(path = process.env[PLAN_ENV]): RunPlan {
  if (!path) throw new Error(`${PLAN_ENV} is not set: run journeys with \`journey-audit run\``);
  return JSON.parse(readFileSync(path, 'utf8')) as RunPlan;
}
