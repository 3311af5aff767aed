import type { Journey } from '../../model/journey.js';
import { inGitHubActions, publishToGitHubActions } from '../github-actions.js';
import type { Report } from '../../model/report.js';
import { sealRun } from './seal-run.js';
import { loadPrivateKey } from './signing.js';
import { MANIFEST_PATH } from './manifest.js';

/** Options of a run worth recording in the manifest: how it was made, never env values or tokens. */
const RECORDED_OPTIONS = ['grep', 'workers', 'shard', 'headed', 'retries', 'reporter', 'trace', 'smtpPort', 'relay', 'stateDir', 'output'] as const;

export interface FinishedRun {
  runDir: string;
  report: Report;
  journeys: Journey[];
  options: Partial<Record<(typeof RECORDED_OPTIONS)[number] | 'signKey' | 'sink', unknown>>;
}

/** Fails before the run when --sign-key is not a usable Ed25519 private key (exit 2). */
export function checkSignKey(file: string | undefined): void {
  if (file) loadPrivateKey(file);
}

/**
 * The end of a run, once no more files can appear in its folder: the evidence manifest
 * (signed when asked), then GitHub Actions output when running there.
 */
export async function finishRun(run: FinishedRun): Promise<void> {
  const options: Record<string, unknown> = {};
  for (const name of RECORDED_OPTIONS) if (run.options[name] !== undefined) options[name] = run.options[name];
  if (typeof run.options.sink === 'string') options.sink = run.options.sink.replace(/\/\/[^@/]*@/, '//');
  const journeyFiles = run.journeys.flatMap((j) => [j.file, ...j.steps.map((s) => s.location.file)]);
  await sealRun({
    runDir: run.runDir,
    runId: run.report.runId,
    startedAt: run.report.startedAt,
    finishedAt: run.report.finishedAt,
    journeyFiles,
    options,
    signKey: typeof run.options.signKey === 'string' ? run.options.signKey : undefined,
  });
  if (run.options.signKey) console.log(`journey-audit: evidence manifest signed (${MANIFEST_PATH}, manifest.sig)`);
  if (inGitHubActions()) publishToGitHubActions(run.report);
}
