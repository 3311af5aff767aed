import { Command, Option } from 'commander';
import { toolVersion } from '../core/version.js';
import { ExitCode } from '../core/exit-codes.js';
import { InvalidInputError } from '../core/errors.js';
import { readHostPort, type HostPort } from '../core/host-port.js';
import { readEnvFile } from './env-file.js';
import { registerSinkCommand } from './sink-command.js';
import { registerLinksCommand } from './links-command.js';
import { registerReportCommand } from './report-command.js';
import { registerMonitorCommand } from './monitor-command.js';
import { checkGrep, checkOutputDir, checkReporters, checkRetries } from './run-flags.js';

/** The journey-audit command line. Each action returns its exit code. */
export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('journey-audit')
    .description('Walk customer journeys in a real browser with a real mailbox, and report whether the promises hold.')
    .version(toolVersion())
    .showSuggestionAfterError(true)
    // Subcommands inherit these: errors become exceptions that main() turns into exit code 2.
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) })
    .addHelpText(
      'after',
      '\nExit codes: 0 all journeys passed · 1 a journey failed · 2 invalid input (journey, flag, env) · 3 could not run (no browser, port taken)',
    );

  program
    .command('run')
    .description('Run journeys (files or folders; default: journeys/)')
    .argument('[paths...]', 'journey files (*.journey.yaml) or folders')
    .option('-g, --grep <regex>', 'only journeys whose name matches')
    .option('-w, --workers <n>', 'journeys run in parallel (number or percentage of cores)')
    .option('--shard <i/n>', 'run only shard i of n (for CI fleets)')
    .option('--headed', 'show the browser window')
    .option('--retries <n>', 're-run a failed journey up to n times; one that then passes is reported flaky', '0')
    .option('--reporter <names>', 'console output: journeys (default: a line per journey, then the findings), list, line, dot, github (comma-separated)')
    .option('--verbose', "Playwright's own console output too: test titles, error blocks, trace commands (same as --reporter list)")
    .addOption(new Option('--trace <mode>', 'Playwright trace: kept for failed journeys by default').choices(['retain-on-failure', 'on', 'on-first-retry', 'off']).default('retain-on-failure'))
    .option('-o, --output <dir>', 'folder for reports', 'reports')
    .option('--sign-key <file>', 'sign the evidence manifest with this Ed25519 private key (PEM)')
    .option('--env-file <file>', 'read variables for ${{ env.X }} and ${{ secrets.X }} from a dotenv file')
    .addOption(new Option('--smtp-port <port>', 'fixed port for the mail sink (default: any free port)').argParser(port))
    .option('--sink <url>', 'use a running `journey-audit sink` service (its HTTP API URL) instead of starting a sink')
    .option('--sink-token <token>', 'token of that sink (better: set JOURNEY_AUDIT_SINK_TOKEN)')
    .addOption(new Option('--smtp-relay <host:port>', 'SMTP relay for mail the customer sends (mailto unsubscribes, replies); nothing is sent anywhere else').argParser(hostAndPort))
    .option('--state-dir <dir>', 'where observations spanning several runs ("2 days") keep their state; keep it between CI runs', '.journey-audit/state')
    .action(async (paths: string[], opts) => {
      validateShard(opts.shard);
      validateWorkers(opts.workers);
      checkRetries(opts.retries);
      if (opts.reporter !== undefined) checkReporters(opts.reporter);
      if (opts.grep !== undefined) checkGrep(opts.grep);
      checkOutputDir(opts.output);
      checkOutputDir(opts.stateDir, '--state-dir');
      const env = opts.envFile ? readEnvFile(opts.envFile) : {};
      // The journey loader (zod, yaml, every step) is loaded by the commands that need it.
      const { checkVariables, loadOrExplain } = await import('./load-or-explain.js');
      const load = () => {
        const { journeys } = loadOrExplain(paths);
        checkVariables(journeys, { ...env, ...process.env });
        return journeys;
      };
      // Loaded on demand: validate and schema stay fast without Playwright and the sink.
      // Workers read the token from the environment: it never goes into the plan file.
      if (opts.sinkToken) process.env.JOURNEY_AUDIT_SINK_TOKEN = opts.sinkToken;
      const { runJourneys } = await import('./run-journeys.js');
      const outcome = await runJourneys({ load, env, output: opts.output, grep: opts.grep, workers: opts.workers, shard: opts.shard, headed: opts.headed, retries: opts.retries, reporter: opts.reporter ?? (opts.verbose ? 'list' : undefined), trace: opts.trace, smtpPort: opts.smtpPort, relay: opts.smtpRelay, stateDir: opts.stateDir, sink: opts.sink, signKey: opts.signKey });
      setExitCode(outcome.exitCode);
    });

  program
    .command('validate')
    .description('Check journey files without running them')
    .argument('[paths...]', 'journey files or folders (default: journeys/)')
    .action(async (paths: string[]) => {
      const { loadOrExplain } = await import('./load-or-explain.js');
      const { journeys } = loadOrExplain(paths);
      const steps = journeys.reduce((sum, j) => sum + j.steps.length, 0);
      console.log(`journey-audit: ${journeys.length} ${journeys.length === 1 ? 'journey' : 'journeys'} valid (${steps} steps)`);
      setExitCode(ExitCode.passed);
    });

  program
    .command('schema')
    .description('Print the JSON Schema of journey files (for editor completion)')
    .option('--report', 'print the JSON Schema of report.json instead')
    .action(async (opts: { report?: boolean }) => {
      const schema = opts.report ? (await import('../report/report-schema.js')).reportJsonSchema() : (await import('../journey/json-schema.js')).journeyJsonSchema();
      console.log(JSON.stringify(schema, null, 2));
    });

  program
    .command('demo')
    .description('Start the bundled demo sites and mail sink, run the example journeys, and show the report')
    .option('-o, --output <dir>', 'folder for reports', 'reports')
    .action(async (opts) => {
      const { runDemo } = await import('./demo.js');
      setExitCode(await runDemo(opts.output));
    });

  registerSinkCommand(program, setExitCode);
  registerLinksCommand(program, setExitCode);
  registerReportCommand(program, setExitCode);
  registerMonitorCommand(program, setExitCode);
  return program;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidInputError(`--smtp-port ${value}: not a port number (0–65535)`);
  return n;
}

function hostAndPort(value: string): HostPort {
  const relay = readHostPort(value);
  if (!relay.ok) throw new InvalidInputError(`--smtp-relay ${value}: ${relay.problem}`);
  return relay.value;
}

function validateWorkers(workers: string | undefined): void {
  if (workers !== undefined && !/^([1-9]\d*|[1-9]\d?%|100%)$/.test(workers)) {
    throw new InvalidInputError(`--workers ${workers}: expected a number of workers (e.g. 4) or a share of the cores (e.g. 50%)`);
  }
}

function validateShard(shard: string | undefined): void {
  if (shard === undefined) return;
  const match = /^(\d+)\/(\d+)$/.exec(shard);
  if (!match || Number(match[1]) < 1 || Number(match[1]) > Number(match[2])) {
    throw new InvalidInputError(`--shard ${shard}: expected i/n with 1 <= i <= n, e.g. 1/3`);
  }
}
