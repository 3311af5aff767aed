import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { CannotRunError, InvalidInputError, errorMessage } from '../core/errors.js';
import { ImapSource, type ImapSourceOptions } from './imap-source.js';
import { Sink, type SinkEndpoint } from './sink.js';
import type { SmtpCredentials } from './smtp-sink.js';
import { selfSignedCertificate, type TlsCredentials } from './tls-certificate.js';

/** `journey-audit sink` as the command line describes it, checked. */
export interface SinkServiceConfig {
  host: string;
  smtpPort: number;
  httpPort: number;
  domain: string;
  maxSize: number;
  retentionMs: number;
  maxMessages: number;
  /** Store folder; a temporary one (removed at exit) when unset. */
  dir?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsSelfSigned?: boolean;
  smtpsPort?: number;
  auth?: string;
  token?: string;
  /** imap[s]://user@host[:port][/mailbox]: copy new mail of a real inbox into the sink. */
  imap?: string;
  /** Password of that inbox (JOURNEY_AUDIT_IMAP_PASSWORD). */
  imapPassword?: string;
}

export interface RunningSinkService {
  sink: Sink;
  endpoint: SinkEndpoint;
  smtpsPort?: number;
  dir: string;
  /** Lines describing the endpoints (no secret in them). */
  banner: string[];
  stop(): Promise<void>;
}

/** Small messages are appended to segment files of this size (see SegmentLog). */
const SEGMENT_BYTES = 64 * 1024 * 1024;

const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|localhost|::ffff:127(\.\d{1,3}){3})$/i;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

/** Checks the configuration (exit 2 on a bad one) and starts the service. */
export async function startSinkService(config: SinkServiceConfig): Promise<RunningSinkService> {
  if (!isLoopback(config.host) && !config.token) {
    throw new InvalidInputError(
      `refusing to listen on ${config.host} without a token: anyone who can reach it could read the mail`,
      'set JOURNEY_AUDIT_SINK_TOKEN (or --token) to a long random value; clients send it as Authorization: Bearer <token>',
    );
  }
  if (config.token !== undefined && config.token.length < 16) throw new InvalidInputError('the sink token is too short: use at least 16 characters (e.g. openssl rand -hex 24)');
  const tls = readTls(config);
  if (config.smtpsPort !== undefined && !tls) throw new InvalidInputError('--smtps-port needs a certificate: --tls-cert and --tls-key, or --tls-self-signed');
  const auth = config.auth === undefined ? undefined : readCredentials(config.auth);
  const dir = config.dir ? resolve(config.dir) : mkdtempSync(resolve(tmpdir(), 'journey-audit-sink-'));
  const sink = new Sink({
    dir,
    host: config.host,
    smtpPort: config.smtpPort,
    apiPort: config.httpPort,
    domain: config.domain,
    maxSize: config.maxSize,
    retentionMs: config.retentionMs,
    maxMessages: config.maxMessages,
    tls,
    implicitTlsPort: config.smtpsPort,
    auth,
    token: config.token,
    preloadParser: false,
    segmentBytes: SEGMENT_BYTES,
  });
  const imap = config.imap === undefined ? undefined : readImap(config.imap, config.imapPassword);
  const endpoint = await sink.start();
  const smtpsPort = sink.smtpsPort;
  let source: ImapSource | undefined;
  if (imap) {
    source = new ImapSource(sink.store, imap);
    try {
      await source.start();
    } catch (error) {
      await source.stop().catch(() => undefined);
      await sink.stop();
      throw new CannotRunError(`--imap: cannot read ${imap.user}@${imap.host}:${imap.port}/${imap.mailbox}: ${errorMessage(error)}`, 'check the URL and JOURNEY_AUDIT_IMAP_PASSWORD');
    }
  }
  const banner = [
    `SMTP      ${endpoint.smtpHost}:${endpoint.smtpPort}${tls ? ' (STARTTLS offered)' : ' (no TLS)'}${auth ? ', AUTH required' : ''}`,
    ...(smtpsPort !== undefined ? [`SMTPS     ${endpoint.smtpHost}:${smtpsPort} (implicit TLS)`] : []),
    ...(imap ? [`IMAP      ${imap.user}@${imap.host}:${imap.port}/${imap.mailbox}${imap.secure ? ' (TLS)' : ''}: new mail is copied into the sink (IDLE, polled every 30 s too)`] : []),
    `HTTP API  ${endpoint.api}/api/v1/  (docs/sink.md)${config.token ? ', token required (Authorization: Bearer)' : ''}`,
    `store     ${dir}${config.dir ? '' : ' (temporary: removed at exit)'}; retention ${Math.round(config.retentionMs / 60_000)} min, at most ${config.maxMessages} messages of ${config.maxSize} bytes`,
    `runners   journey-audit run --sink ${endpoint.api}${config.token ? ' (with JOURNEY_AUDIT_SINK_TOKEN set)' : ''}`,
  ];
  return {
    sink,
    endpoint,
    smtpsPort,
    dir,
    banner,
    stop: async () => {
      await source?.stop();
      await sink.stop();
      if (!config.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readTls(config: SinkServiceConfig): TlsCredentials | undefined {
  if (config.tlsSelfSigned) {
    if (config.tlsCert || config.tlsKey) throw new InvalidInputError('--tls-self-signed and --tls-cert/--tls-key exclude each other');
    return selfSignedCertificate([config.host]);
  }
  if (!config.tlsCert && !config.tlsKey) return undefined;
  if (!config.tlsCert || !config.tlsKey) throw new InvalidInputError('--tls-cert and --tls-key go together');
  const read = (path: string, flag: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new InvalidInputError(`${flag} ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  };
  return { cert: read(config.tlsCert, '--tls-cert'), key: read(config.tlsKey, '--tls-key') };
}

function readCredentials(value: string): SmtpCredentials {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) throw new InvalidInputError('SMTP AUTH credentials: expected user:password (in JOURNEY_AUDIT_SINK_AUTH or --auth)');
  return { user: value.slice(0, colon), pass: value.slice(colon + 1) };
}

function readImap(value: string, password: string | undefined): ImapSourceOptions & { mailbox: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidInputError(`--imap ${value}: not a URL; expected imaps://user@host[:port][/mailbox]`);
  }
  if (url.protocol !== 'imap:' && url.protocol !== 'imaps:') throw new InvalidInputError(`--imap ${value}: expected imap:// or imaps://`);
  const user = decodeURIComponent(url.username);
  const pass = password ?? decodeURIComponent(url.password);
  if (!user || !pass) throw new InvalidInputError('--imap: needs a user in the URL and a password in JOURNEY_AUDIT_IMAP_PASSWORD');
  const secure = url.protocol === 'imaps:';
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : secure ? 993 : 143, secure, user, pass, mailbox: decodeURIComponent(url.pathname.slice(1)) || 'INBOX' };
}
