import { rmSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { systemClock, type Clock } from '../core/clock.js';
import { InvalidInputError } from '../core/errors.js';
import { isLoopback } from '../mail/sink-service.js';
import type { Sink, SinkEndpoint } from '../mail/sink.js';
import { sendAlerts, alertEventFor, type DeliveryOptions } from './alerts.js';
import type { MonitorConfig } from './config.js';
import { MonitorHttpServer } from './http-server.js';
import { journeyOverviews } from './journey-overview.js';
import { MonitorMetrics } from './metrics.js';
import { startPersistentSink } from './persistent-sink.js';
import { cliRunner, runsDir, type RunExecutor } from './runner-bridge.js';
import { planJourneys } from './schedule.js';
import { Scheduler, type SchedulerEvent, type Timers } from './scheduler.js';
import { MonitorStore } from './store.js';
import type { HostPort } from '../core/host-port.js';

/** `host` and `port`: where the dashboard listens. */
export interface MonitorOptions extends HostPort {
  config: MonitorConfig;
  /** Journeys to watch: absolute file → name (already validated by the caller). */
  journeys: Map<string, string>;
  dataDir: string;
  token?: string;
  smtpPort?: number;
  /** Mail kept by the monitor's sink (default: as long as runs are kept). */
  mailRetentionMs?: number;
  clock?: Clock;
  timers?: Timers;
  /** Replaces the CLI runner (benchmarks). */
  execute?: RunExecutor;
  alertDelivery?: Partial<DeliveryOptions>;
  log?: (line: string) => void;
  /**
   * Started once the sink listens and before the first run (the demo sites, whose mail goes
   * to the sink): its `env` reaches every run, its `relay` is the runs' outbound relay unless
   * monitor.yaml names one; closed after the last run has stopped.
   */
  beforeRun?: (sink: SinkEndpoint) => Promise<RunSurroundings>;
}

export interface RunSurroundings {
  env: Record<string, string>;
  relay?: { host: string; port: number };
  close(): Promise<void>;
}

export interface RunningMonitor {
  url: string;
  port: number;
  sink: SinkEndpoint;
  store: MonitorStore;
  scheduler: Scheduler;
  interrupted: number;
  restoredMessages: number;
  stop(): Promise<void>;
}

const RETENTION_SWEEP_MS = 3_600_000;
const JOURNEY_SUFFIX = /\.journey\.ya?ml$/;

export async function startMonitor(options: MonitorOptions): Promise<RunningMonitor> {
  const { config } = options;
  if (!isLoopback(options.host) && !options.token) {
    throw new InvalidInputError(`refusing to serve the dashboard on ${options.host} without a token: anyone who can reach it could read the reports`, 'set JOURNEY_AUDIT_MONITOR_TOKEN (or --token) to a long random value');
  }
  if (options.token !== undefined && options.token.length < 16) throw new InvalidInputError('the monitor token is too short: use at least 16 characters (e.g. openssl rand -hex 24)');
  const clock = options.clock ?? systemClock;
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  const reportsRoot = runsDir(dataDir);

  const { planned, unmatched } = planJourneys(config.schedules, config.journeysDir, [...options.journeys.keys()]);
  if (unmatched.length) {
    throw new InvalidInputError(
      unmatched.map((s) => `${config.file}:${s.line}: schedule for ${s.journeys.join(', ')} matches no journey file in ${relative(process.cwd(), config.journeysDir) || '.'}`).join('\n'),
      'journeys: takes file names (with * wildcards) relative to the journeys folder, e.g. newsletter-*.journey.yaml',
    );
  }

  const store = await MonitorStore.open(dataDir);
  let sink: Sink | undefined;
  let http: MonitorHttpServer | undefined;
  let surroundings: RunSurroundings | undefined;
  try {
    const interrupted = await store.markInterrupted(clock.now());
    for (const run of interrupted) log(`run ${run.id} of ${options.journeys.get(run.journey_file) ?? run.journey_file} was cut by a stop of the monitor: marked interrupted`);
    const files = [...new Set(planned.map((p) => p.file))];
    for (const file of files) await store.upsertJourney(file, options.journeys.get(file) ?? file);

    const started = await startPersistentSink({ dataDir, store, smtpPort: options.smtpPort, retentionMs: options.mailRetentionMs ?? config.retention.maxAgeMs });
    sink = started.sink;
    const endpoint = started.endpoint;
    surroundings = await options.beforeRun?.(endpoint);

    const idOfFile = (file: string) => relative(config.journeysDir, file).split(sep).join('/').replace(JOURNEY_SUFFIX, '');
    const fileById = new Map(files.map((f) => [idOfFile(f), f]));
    const nameOfFile = (file: string) => options.journeys.get(file) ?? idOfFile(file);
    const reportPathOf = (reportDir: string | null) => {
      if (!reportDir) return undefined;
      const rel = relative(reportsRoot, reportDir);
      if (rel.startsWith('..')) return undefined;
      return `/reports/${rel.split(sep).map(encodeURIComponent).join('/')}/report.html`;
    };

    let scheduler!: Scheduler;
    let publicUrl = config.url ?? '';
    const metrics = new MonitorMetrics({
      statuses: async () => (await store.journeys()).map((j) => ({ name: j.name, status: j.status })),
      running: () => scheduler.runningCount,
    });
    const onEvent = (event: SchedulerEvent) => {
      if (event.type === 'started') log(`started ${nameOfFile(event.file)} (${event.trigger}, run ${event.runId})`);
      else if (event.type === 'finished') log(`finished ${nameOfFile(event.file)}: ${event.status} (run ${event.runId})`);
      else if (event.type === 'skipped') log(`skipped a slot of ${nameOfFile(event.file)}: ${event.reason}`);
      else log(`could not record run ${event.runId}: ${event.error}`);
    };
    scheduler = new Scheduler({
      planned,
      store,
      concurrency: config.concurrency,
      clock,
      timers: options.timers,
      onEvent,
      execute:
        options.execute ??
        cliRunner({ dataDir, sinkApi: endpoint.api, envFile: config.envFile, env: surroundings?.env, relay: config.relay ?? surroundings?.relay, clock: () => clock.now() }),
      onFinished: async (run, change) => {
        metrics.runs.inc({ status: run.status });
        metrics.runDuration.observe({ status: run.status }, run.durationMs / 1000);
        const event = alertEventFor(change);
        if (!event || !change || !config.alerts.length) return;
        const reportPath = reportPathOf(run.reportDir ?? null);
        const reportUrl = reportPath ? `${publicUrl}${reportPath}` : undefined;
        const results = await sendAlerts(
          config.alerts,
          {
            event,
            journey: { name: change.journeyName, file: idOfFile(change.journeyFile) },
            runId: run.id,
            status: change.to,
            previous: change.from,
            findings: run.findings,
            runUrl: reportUrl ?? `${publicUrl}/api/v1/runs/${encodeURIComponent(run.id)}`,
            reportUrl,
            error: run.error,
          },
          store,
          { from: config.from, relay: config.relay, ...options.alertDelivery },
          () => clock.now(),
        );
        for (const [i, r] of results.entries()) metrics.alerts.inc({ channel: config.alerts.filter((a) => a.on.includes(event))[i].kind, outcome: r.outcome });
      },
    });

    http = new MonitorHttpServer({
      store,
      metrics,
      runsDir: reportsRoot,
      token: options.token,
      overviews: journeyOverviews({ store, idOf: idOfFile, reportPathOf, nextRuns: () => scheduler.nextRuns(), isBusy: (f) => scheduler.isBusy(f) }),
      fileOfId: (id) => fileById.get(id),
      idOfFile,
      nameOfFile,
      reportPathOf,
      runNow: (file) => scheduler.runNow(file),
      health: () => ({ journeys: files.length, running: scheduler.runningCount, sink: { smtp: `${endpoint.smtpHost}:${endpoint.smtpPort}`, messages: started.sink.store.count } }),
      now: () => clock.now(),
    });
    const listening = await http.listen(options.port, options.host);
    if (!publicUrl) publicUrl = listening.url;

    const sweep = async () => {
      const removed = await store.applyRetention(clock.now(), config.retention);
      // A run's folder is <runs>/<monitor run id>/<report id>: remove the whole run folder.
      for (const dir of removed) {
        const runFolder = dirname(dir);
        if (runFolder.startsWith(reportsRoot + sep)) rmSync(runFolder, { recursive: true, force: true });
      }
      if (removed.length) log(`retention: removed ${removed.length} old ${removed.length === 1 ? 'run' : 'runs'}`);
    };
    await sweep();
    const sweeper = setInterval(() => void sweep().catch((e: Error) => log(`retention sweep failed: ${e.message}`)), RETENTION_SWEEP_MS);
    sweeper.unref();
    scheduler.start();

    const runningSink = sink;
    const runningHttp = http;
    const runningSurroundings = surroundings;
    return {
      url: listening.url,
      port: listening.port,
      sink: endpoint,
      store,
      scheduler,
      interrupted: interrupted.length,
      restoredMessages: started.restored,
      async stop() {
        clearInterval(sweeper);
        await scheduler.stop();
        await runningSurroundings?.close();
        await runningHttp.close();
        await runningSink.stop();
        await store.close();
      },
    };
  } catch (error) {
    await http?.close().catch(() => undefined);
    await surroundings?.close().catch(() => undefined);
    await sink?.stop().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
}
