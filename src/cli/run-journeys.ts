import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBrowserAvailable } from '../browser/resolve-browser.js';
import { ExitCode } from '../core/exit-codes.js';
import { CannotRunError } from '../core/errors.js';
import { newRunId } from '../core/ids.js';
import type { Journey } from '../model/journey.js';
import type { Report } from '../model/report.js';
import { REPORT_FILES, writeReport } from '../report/write-report.js';
import { unfinishedReport } from '../runner/unfinished-report.js';
import { headline } from '../report/summary.js';
import { checkSignKey, finishRun } from '../report/evidence/finish-run.js';
import { PLAN_ENV, writePlan, type RunPlan } from '../runner/run-plan.js';
import type { HostPort } from '../core/host-port.js';

export interface RunOptions {
  /**
   * Loads and checks the journeys (throws InvalidInputError). Called after Playwright has
   * been started, so the two starts overlap; Playwright waits for the run plan.
   */
  load: () => Journey[];
  output: string;
  env: Record<string, string>;
  grep?: string;
  workers?: string;
  shard?: string;
  headed?: boolean;
  retries?: string;
  reporter?: string;
  trace?: string;
  smtpPort?: number;
  /** PEM file of an Ed25519 private key: the evidence manifest is signed with it (--sign-key). */
  signKey?: string;
  /** HTTP URL of a running `journey-audit sink` to use instead of starting one (--sink). */
  sink?: string;
  /** Outbound relay for mail the customer sends (--smtp-relay). */
  relay?: HostPort;
  /** Where multi-day observations keep their state between runs (--state-dir). */
  stateDir?: string;
  /** Called once the sink listens, before any journey runs (the demo starts its sites here). */
  beforeRun?: (sink: { smtpHost: string; smtpPort: number }) => Promise<{ env: Record<string, string>; relay?: HostPort; close(): Promise<void> }>;
}

export interface RunOutcome {
  exitCode: ExitCode;
  report?: Report;
  runDir: string;
}

/** Observations that span days live here unless --state-dir says otherwise; keep it between CI runs (cache). */
export const DEFAULT_STATE_DIR = '.journey-audit/state';

const CONFIG = fileURLToPath(new URL('../runner/playwright-config.js', import.meta.url));

/** Starts the sink, runs the journeys with Playwright Test, and collects the report. */
export async function runJourneys(options: RunOptions): Promise<RunOutcome> {
  const runId = newRunId();
  const outputDir = resolve(options.output);
  const runDir = join(outputDir, runId);
  mkdirSync(runDir, { recursive: true });
  const planPath = join(runDir, '.plan.json');
  // Playwright takes about a second to start: it does so while we check the journeys
  // and start the sink, and waits for the plan before it reads any test.
  const child = playwright(options, planPath);
  let sink: import('../mail/sink.js').Sink | undefined;
  let extra: Awaited<ReturnType<NonNullable<RunOptions['beforeRun']>>> | undefined;
  let planned = false;
  let finish: (() => Promise<void>) | undefined;
  try {
    const journeys = options.load();
    checkSignKey(options.signKey);
    await ensureBrowserAvailable(); // exit code 3 and the ways to get one, before anything starts
    const { Sink } = await import('../mail/sink.js');
    if (!options.sink) sink = new Sink({ dir: join(runDir, 'mail'), smtpPort: options.smtpPort });
    const endpoint = sink ? await sink.start() : await (await import('../mail/remote-sink.js')).connectToSink(options.sink!);
    extra = await options.beforeRun?.({ smtpHost: endpoint.smtpHost, smtpPort: endpoint.smtpPort });
    const plan: RunPlan = {
      runId,
      runDir,
      journeys,
      sink: endpoint,
      startedAt: new Date().toISOString(),
      secrets: [...new Set(journeys.flatMap((j) => j.secrets))],
      env: { ...options.env, ...extra?.env },
      relay: options.relay ?? extra?.relay,
      stateDir: resolve(options.stateDir ?? DEFAULT_STATE_DIR),
    };
    writePlan(planPath, plan);
    planned = true;
    console.log(`journey-audit: running ${journeys.length} ${journeys.length === 1 ? 'journey' : 'journeys'} (run ${runId}); mail sink on ${endpoint.smtpHost}:${endpoint.smtpPort}`);
    const { code, signal } = await child.exit;
    // The plan holds --env-file values: it must not travel with the report (CI artifacts).
    rmSync(planPath, { force: true });
    let report = readReport(runDir);
    if (!report && signal) {
      report = unfinishedReport({ runId, startedAt: plan.startedAt, journeys, reason: `interrupted (${signal}) before the journeys started` });
      await writeReport(runDir, report);
      console.log(`journey-audit: ${headline(report)}\njourney-audit: report written to ${displayPath(join(runDir, REPORT_FILES.html))}`);
    }
    if (!report || (code !== 0 && report.summary.total === 0)) {
      // Never started: no run folder is left behind and reports/latest keeps pointing at the last real run.
      planned = false;
      throw new CannotRunError(`the journeys could not run (Playwright exited with ${code})`, 'see the messages above');
    }
    linkLatest(outputDir, runId);
    const finished = report;
    finish = () => finishRun({ runDir, report: finished, journeys, options });
    const failed = report.summary.failed > 0 || !report.complete || report.errors.length > 0 || code !== 0;
    return { exitCode: failed ? ExitCode.failed : ExitCode.passed, report, runDir };
  } finally {
    await extra?.close();
    await sink?.stop();
    await finish?.(); // evidence manifest once no more mail can arrive; CI output
    if (!planned) {
      // Nothing ran: stop Playwright and leave no empty run folder behind.
      child.abort();
      rmSync(runDir, { recursive: true, force: true });
    }
  }
}

interface PlaywrightProcess {
  exit: Promise<{ code: number; signal?: NodeJS.Signals }>;
  /** Stops it before it ran anything (the journeys were invalid, the sink could not start). */
  abort(): void;
}

function playwright(options: RunOptions, planPath: string): PlaywrightProcess {
  const cli = join(dirname(createRequire(import.meta.url).resolve('@playwright/test/package.json')), 'cli.js');
  const args = [cli, 'test', '--config', CONFIG];
  if (options.grep) args.push('--grep', options.grep);
  if (options.shard) args.push('--shard', options.shard);
  if (options.headed) args.push('--headed');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    [PLAN_ENV]: planPath,
    JOURNEY_AUDIT_WORKERS: options.workers ?? process.env.JOURNEY_AUDIT_WORKERS ?? '',
    JOURNEY_AUDIT_RETRIES: options.retries ?? process.env.JOURNEY_AUDIT_RETRIES ?? '0',
    JOURNEY_AUDIT_HEADED: options.headed ? '1' : '',
    PLAYWRIGHT_FORCE_TTY: process.stdout.isTTY ? '1' : '0',
  };
  if (options.reporter) env.JOURNEY_AUDIT_REPORTERS = options.reporter;
  if (options.trace) env.JOURNEY_AUDIT_TRACE = options.trace;
  let child!: ReturnType<typeof spawn>;
  const exit = new Promise<{ code: number; signal?: NodeJS.Signals }>((resolvePromise) => {
    // Its own process group, so Ctrl-C reaches Playwright exactly once (from us): a second
    // SIGINT would make it quit without writing the partial report.
    child = spawn(process.execPath, args, { stdio: 'inherit', env, detached: true });
    let received: NodeJS.Signals | undefined;
    const forward = (signal: NodeJS.Signals) => () => {
      received = signal;
      console.error(`\njourney-audit: ${signal}: stopping the journeys and writing a partial report…`);
      child.kill(signal);
    };
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolvePromise({ code: code ?? (signal ? 130 : 1), signal: received });
    });
  });
  return { exit, abort: () => child.kill('SIGKILL') };
}

function readReport(runDir: string): Report | undefined {
  const path = join(runDir, REPORT_FILES.json);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Report) : undefined;
}

/** reports/latest → the newest run, so people and CI find it without knowing the id. */
function linkLatest(outputDir: string, runId: string): void {
  const link = join(outputDir, 'latest');
  try {
    if (existsSync(link) || isSymlink(link)) unlinkSync(link);
    symlinkSync(runId, link, 'dir');
  } catch {
    // A file system without symlinks still has the run folder itself.
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function displayPath(path: string): string {
  return relative(process.cwd(), path) || '.';
}
