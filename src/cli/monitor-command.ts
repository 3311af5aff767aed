import { relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { ExitCode } from '../core/exit-codes.js';
import { InvalidInputError } from '../core/errors.js';
import { firstStopSignal, portOf } from './long-running.js';

export const MONITOR_TOKEN_ENV = 'JOURNEY_AUDIT_MONITOR_TOKEN';

/** `journey-audit monitor`: scheduled journeys, history, alerts and a dashboard (docs/monitor.md). */
export function registerMonitorCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('monitor')
    .description('Run journeys on a schedule, keep their history, alert on changes and serve a dashboard (reads monitor.yaml)')
    .option('-c, --config <file>', 'the monitor configuration (default: monitor.yaml; with --demo: the bundled journeys/demo.monitor.yaml)')
    .option('--data-dir <dir>', 'where the store, the reports, the mail and observation state live (default: .journey-audit/monitor; with --demo: .journey-audit/monitor-demo)')
    .option('--demo', 'also start the bundled demo sites (as `journey-audit demo` does), their mail going to the monitor\'s sink, and watch the bundled journeys')
    .addOption(new Option('--host <address>', 'address of the dashboard (beyond loopback a token is required)').default('127.0.0.1'))
    .addOption(new Option('--port <port>', 'dashboard port (0: any free port)').default(4100).argParser(portOf('--port')))
    .addOption(new Option('--smtp-port <port>', "port of the monitor's mail sink, where sites under test send mail (0: any free port)").default(0).argParser(portOf('--smtp-port')))
    .option('--token <token>', `dashboard and API token (better: set ${MONITOR_TOKEN_ENV}); required when --host is not loopback`)
    .action(async (opts) => {
      const { loadMonitorConfig } = await import('../monitor/config.js');
      const { formatDiagnostic } = await import('../model/diagnostic.js');
      const demo = opts.demo === true ? await import('./demo.js') : undefined;
      const configFile: string = opts.config ?? demo?.DEMO_MONITOR_CONFIG ?? 'monitor.yaml';
      const dataDir: string = opts.dataDir ?? (demo ? '.journey-audit/monitor-demo' : '.journey-audit/monitor');
      const loaded = loadMonitorConfig(configFile);
      // Paths below the working folder as relative ones; others (the bundled demo's) in full.
      const show = (file: string) => (relative(process.cwd(), file).startsWith('..') ? resolve(file) : relative(process.cwd(), file));
      if (!loaded.ok) {
        for (const d of loaded.diagnostics) console.error(`${formatDiagnostic(d, loaded.text, show)}\n`);
        throw new InvalidInputError(`${loaded.diagnostics.length} ${loaded.diagnostics.length === 1 ? 'problem' : 'problems'} in ${show(loaded.diagnostics[0].file)}`);
      }
      const { config } = loaded;
      const { loadOrExplain } = await import('./load-or-explain.js');
      const { journeys } = loadOrExplain([config.journeysDir]);
      const { startMonitor } = await import('../monitor/monitor-service.js');
      const monitor = await startMonitor({
        config,
        journeys: new Map(journeys.map((j) => [j.file, j.name])),
        dataDir,
        host: opts.host,
        port: opts.port,
        smtpPort: opts.smtpPort,
        token: opts.token ?? (process.env[MONITOR_TOKEN_ENV] || undefined),
        log: (line) => console.log(`journey-audit monitor: ${line}`),
        beforeRun: demo?.startDemoSitesFor,
      });
      const planned = monitor.scheduler.nextRuns();
      console.log(
        [
          'journey-audit monitor: watching',
          `  dashboard ${monitor.url}/`,
          `  API       ${monitor.url}/api/v1/  (docs/monitor.md)`,
          `  mail sink SMTP ${monitor.sink.smtpHost}:${monitor.sink.smtpPort} (sites under test send mail here)`,
          `  journeys  ${planned.size} scheduled from ${show(config.file)}`,
          `  data      ${show(dataDir) || '.'}${monitor.interrupted ? ` (${monitor.interrupted} run(s) cut by the last stop marked interrupted)` : ''}`,
          '  stop with Ctrl-C (SIGINT) or SIGTERM',
        ].join('\n'),
      );
      // A second Ctrl-C (an impatient user, a wrapper that passes the terminal's signal on) must
      // not end the process while it stops: the runs, in process groups of their own, would be left behind.
      const signal = await firstStopSignal((again) => console.log(`journey-audit monitor: ${again}: already stopping`));
      console.log(`journey-audit monitor: ${signal}: stopping (running journeys write partial reports)`);
      await monitor.stop();
      setExitCode(ExitCode.passed);
    });
}

