import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from '../model/report.js';
import { REPORT_FILES } from '../report/write-report.js';
import type { FinishedRun } from './store.js';
import type { HostPort } from '../core/host-port.js';

/**
 * A monitored run is the ordinary CLI: `journey-audit run <file>` in a child process, with
 * the monitor's sink (--sink), its state folder (--state-dir, so multi-day observations go
 * on from run to run) and an output folder of its own. The monitor reads its report.json.
 */

export interface RunRequest {
  runId: string;
  file: string;
  /** Aborted on shutdown: the run is asked to stop (SIGINT: it writes a partial report). */
  signal: AbortSignal;
  onSpawn?: (pid: number) => void;
}

export type RunExecutor = (request: RunRequest) => Promise<Omit<FinishedRun, 'id'>>;

export interface CliRunnerOptions {
  dataDir: string;
  sinkApi: string;
  envFile?: string;
  relay?: HostPort;
  /** Longest a run may take before it is stopped (default 30 min). */
  timeoutMs?: number;
  /** How long a stopped run may take to write its partial report before it is killed. */
  graceMs?: number;
  clock?: () => number;
  /** Environment values every run sees (the demo sites' URLs), as `${{ env.X }}`. */
  env?: Record<string, string>;
}

const BIN = fileURLToPath(new URL('../../bin/journey-audit.js', import.meta.url));

export function runsDir(dataDir: string): string {
  return join(dataDir, 'runs');
}

export function cliRunner(options: CliRunnerOptions): RunExecutor {
  const now = options.clock ?? Date.now;
  return async ({ runId, file, signal, onSpawn }) => {
    const output = join(runsDir(options.dataDir), runId);
    mkdirSync(output, { recursive: true });
    const args = [BIN, 'run', file, '--output', output, '--state-dir', join(options.dataDir, 'state'), '--sink', options.sinkApi, '--reporter', 'line'];
    if (options.envFile) args.push('--env-file', options.envFile);
    if (options.relay) args.push('--smtp-relay', `${options.relay.host}:${options.relay.port}`);
    const started = now();
    const log = createWriteStream(join(output, 'monitor-run.log'));
    const child = spawn(process.execPath, args, { cwd: options.dataDir, env: { ...process.env, ...options.env, CI: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    // Its own process group: Ctrl-C in the monitor's terminal reaches the monitor only, which
    // then asks each run to stop exactly once (a second SIGINT would cut its partial report).
    if (child.pid) onSpawn?.(child.pid);
    let tail = '';
    const keep = (chunk: Buffer) => {
      log.write(chunk);
      tail = (tail + chunk.toString('utf8')).slice(-2000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let stopped: 'shutdown' | 'timeout' | undefined;
    const stop = (why: 'shutdown' | 'timeout') => {
      if (stopped || child.exitCode !== null) return;
      stopped = why;
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), options.graceMs ?? 15_000).unref();
    };
    const onAbort = () => stop('shutdown');
    signal.addEventListener('abort', onAbort);
    const timer = setTimeout(() => stop('timeout'), options.timeoutMs ?? 30 * 60_000);
    const exitCode = await new Promise<number | null>((resolve) => {
      child.on('error', () => resolve(null));
      child.on('close', (code) => resolve(code));
    });
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    await new Promise<void>((resolve) => log.end(resolve));
    const finishedAt = now();
    const reportDir = findReportDir(output);
    const report = reportDir ? readReport(reportDir) : undefined;
    return outcomeOf({ report, reportDir, exitCode, stopped, tail, started, finishedAt });
  };
}

function findReportDir(output: string): string | undefined {
  if (!existsSync(output)) return undefined;
  const runs = readdirSync(output, { withFileTypes: true }).filter((e) => e.isDirectory() && existsSync(join(output, e.name, REPORT_FILES.json)));
  return runs.length ? join(output, runs.sort((a, b) => a.name.localeCompare(b.name)).at(-1)!.name) : undefined;
}

function readReport(dir: string): Report | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, REPORT_FILES.json), 'utf8')) as Report;
  } catch {
    return undefined;
  }
}

/** What a run's report (or its absence) means for the monitor. */
export function outcomeOf(input: { report?: Report; reportDir?: string; exitCode: number | null; stopped?: 'shutdown' | 'timeout'; tail: string; started: number; finishedAt: number }): Omit<FinishedRun, 'id'> {
  const { report, reportDir, stopped, started, finishedAt } = input;
  const journey = report?.journeys[0];
  const base = { finishedAt, durationMs: journey?.durationMs ?? finishedAt - started, reportDir, summary: report?.summary };
  const findings = (journey?.findings ?? []).map((f) => ({ code: f.code, severity: f.severity, message: f.message, rule: f.rule }));
  const observations = (journey?.observations ?? []).map((o) => ({
    id: o.id,
    address: o.address,
    window: o.window,
    startedAt: Date.parse(o.startedAt),
    closesAt: Date.parse(o.closesAt),
    status: o.status,
    mailsSeen: o.mails.length,
    runs: o.runs.length,
  }));
  if (stopped === 'shutdown') return { ...base, status: 'interrupted', error: 'the monitor stopped during this run', findings, observations };
  if (stopped === 'timeout') return { ...base, status: 'error', error: 'the run took longer than the monitor allows and was stopped', findings, observations };
  if (!report || !journey || !report.complete || journey.status === 'skipped') {
    const why = lastLines(input.tail) || `journey-audit run exited with ${input.exitCode}`;
    return { ...base, status: 'error', error: `could not run: ${why}`, findings, observations };
  }
  return { ...base, status: journey.status, error: journey.error, findings, observations };
}

function lastLines(text: string): string {
  const lines = text
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.slice(-3).join(' · ').slice(0, 500);
}
