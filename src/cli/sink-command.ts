import { Option, type Command } from 'commander';
import { ExitCode } from '../core/exit-codes.js';
import { DURATION_EXAMPLES, parseDuration } from '../core/duration.js';
import { InvalidInputError } from '../core/errors.js';
import { portOf, untilStopSignal } from './long-running.js';

export const SINK_AUTH_ENV = 'JOURNEY_AUDIT_SINK_AUTH';
const SINK_TOKEN_ENV = 'JOURNEY_AUDIT_SINK_TOKEN';

/** `journey-audit sink`: the captive mail sink as a standalone service that many runners share. */
export function registerSinkCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('sink')
    .description('Run the mail sink as a service (SMTP in, HTTP API out) that runners use with `run --sink <url>`')
    .addOption(new Option('--host <address>', 'address to listen on (beyond loopback a token is required)').default('127.0.0.1'))
    .addOption(new Option('--smtp-port <port>', 'SMTP port (0: any free port)').default(2525).argParser(portOf('--smtp-port')))
    .addOption(new Option('--http-port <port>', 'HTTP API port (0: any free port)').default(8025).argParser(portOf('--http-port')))
    .addOption(new Option('--smtps-port <port>', 'also accept implicit TLS (SMTPS) on this port; needs a certificate').argParser(portOf('--smtps-port')))
    .option('--domain <domain>', 'domain of the mailbox addresses journeys get', 'journey-audit.test')
    .addOption(new Option('--max-size <size>', 'largest message accepted (e.g. 25MB); larger ones get 552').default(25 * 1024 * 1024, '25MB').argParser(sizeOf))
    .addOption(new Option('--retention <duration>', `delete messages older than this (${DURATION_EXAMPLES}, 24h)`).default(24 * 3_600_000, '24h').argParser(durationOf))
    .addOption(new Option('--max-messages <n>', 'most messages kept; the oldest go first').default(100_000).argParser(countOf))
    .option('--dir <folder>', 'store folder for the raw mail (default: a temporary folder, removed at exit)')
    .option('--tls-cert <file>', 'PEM certificate for STARTTLS and SMTPS')
    .option('--tls-key <file>', 'PEM private key for --tls-cert')
    .option('--tls-self-signed', 'generate a throwaway self-signed certificate (needs openssl)')
    .option('--auth <user:pass>', `require SMTP AUTH (better: set ${SINK_AUTH_ENV}, which stays out of the process list)`)
    .option('--token <token>', `API token (better: set ${SINK_TOKEN_ENV}); required when --host is not loopback`)
    .option('--imap <url>', 'also copy new mail of a real inbox into the sink: imaps://user@host[:port][/mailbox] (password in JOURNEY_AUDIT_IMAP_PASSWORD)')
    .action(async (opts) => {
      const { startSinkService } = await import('../mail/sink-service.js');
      const service = await startSinkService({
        host: opts.host,
        smtpPort: opts.smtpPort,
        httpPort: opts.httpPort,
        smtpsPort: opts.smtpsPort,
        domain: opts.domain,
        maxSize: opts.maxSize,
        retentionMs: opts.retention,
        maxMessages: opts.maxMessages,
        dir: opts.dir,
        tlsCert: opts.tlsCert,
        tlsKey: opts.tlsKey,
        tlsSelfSigned: opts.tlsSelfSigned,
        auth: opts.auth ?? (process.env[SINK_AUTH_ENV] || undefined),
        token: opts.token ?? (process.env[SINK_TOKEN_ENV] || undefined),
        imap: opts.imap,
        imapPassword: process.env.JOURNEY_AUDIT_IMAP_PASSWORD || undefined,
      });
      console.log(`journey-audit sink: listening\n${service.banner.map((line) => `  ${line}`).join('\n')}\n  stop with Ctrl-C (SIGINT) or SIGTERM`);
      const signal = await untilStopSignal();
      console.log(`journey-audit sink: ${signal}: stopping`);
      await service.stop();
      setExitCode(ExitCode.passed);
    });
}


const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

function sizeOf(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = match ? SIZE_UNITS[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined || Number(match[1]) * unit < 1) throw new InvalidInputError(`--max-size ${value}: expected a size such as 512KB, 25MB or 1048576 (bytes)`);
  return Math.round(Number(match[1]) * unit);
}

function durationOf(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined || ms < 1000) throw new InvalidInputError(`--retention ${value}: expected a duration of at least 1s, such as 30m, 24h or 7d`);
  return ms;
}

function countOf(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidInputError(`--max-messages ${value}: expected a whole number >= 1`);
  return Number(value);
}
