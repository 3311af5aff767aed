import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JourneyResult } from '../../../src/model/report.js';
import { latestReport, runCli, tempProject } from '../../e2e/cli-harness.js';

/** One journey run by the built CLI against a list manager on loopback, and its report. */
export interface ListJourneyRun {
  code: number | null;
  journey: JourneyResult;
  project: string;
  output: string;
}

export async function runListJourney(yaml: string, options: { sinkPort: number; relayPort: number; env?: Record<string, string> }): Promise<ListJourneyRun> {
  const project = tempProject({ 'journeys/list.journey.yaml': yaml });
  const result = await runCli(['run', '--smtp-port', String(options.sinkPort), '--smtp-relay', `127.0.0.1:${options.relayPort}`, '--workers', '1'], { cwd: project, env: options.env, timeoutMs: 150_000 });
  const [journey] = latestReport(project).journeys;
  return { code: result.code, journey, project, output: result.stdout + result.stderr };
}

/** The raw text of the first mail of the journey whose subject matches. */
export function rawMail(run: ListJourneyRun, subject: RegExp): string {
  const mail = run.journey.mails.find((m) => subject.test(m.subject));
  if (!mail) throw new Error(`no mail with subject ${subject} among: ${run.journey.mails.map((m) => m.subject).join(' | ')}`);
  return readFileSync(join(run.project, 'reports', 'latest', mail.path), 'utf8');
}

/** Header field names of a raw mail, lower-cased, in order. */
export function headerNames(raw: string): string[] {
  const head = raw.slice(0, raw.search(/\r?\n\r?\n/));
  return head
    .split(/\r?\n/)
    .filter((line) => /^[!-9;-~]+:/.test(line))
    .map((line) => line.slice(0, line.indexOf(':')).toLowerCase());
}

/** The unfolded value of the first header field of that name. */
export function headerValue(raw: string, name: string): string | undefined {
  const head = raw.slice(0, raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

/** Prints what the tool concluded (findings, per-path verdicts, step statuses) for the reader of a test log. */
export function reportVerdicts(journey: JourneyResult): void {
  const paths = (journey.unsubscribe ?? []).map((v) => `${v.path}=${v.verdict}`).join(' ');
  const steps = journey.steps.map((s) => `${s.kind}:${s.status}`).join(' ');
  console.info(`[${journey.status}] findings: ${journey.findings.map((f) => f.code).join(', ') || 'none'} | paths: ${paths || 'none'} | steps: ${steps}`);
}
