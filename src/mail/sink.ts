import { MailStore } from './mail-store.js';
import { preloadMailParser } from './parse.js';
import { SinkApi } from './sink-api.js';
import { DEFAULT_MAX_MESSAGE_BYTES, SmtpSink, type SmtpCredentials } from './smtp-sink.js';
import type { TlsCredentials } from './tls-certificate.js';

export interface SinkOptions {
  /** Folder for raw .eml files. */
  dir: string;
  /** Address both servers listen on (default 127.0.0.1). */
  host?: string;
  smtpPort?: number;
  apiPort?: number;
  maxSize?: number;
  /** Domain of the mailbox addresses handed to journeys. */
  domain?: string;
  /** Messages older than this are deleted; unset keeps everything (a run's own sink). */
  retentionMs?: number;
  /** Most messages kept in the index; the oldest go first. */
  maxMessages?: number;
  /** Append small messages to segment files of this size (a long-running service); see MailStore. */
  segmentBytes?: number;
  /** The index is restored from elsewhere (the monitor's store): the folder is not scanned at start; see MailStore. */
  restoresIndex?: boolean;
  /** STARTTLS (and implicit TLS) with this key and certificate. */
  tls?: TlsCredentials;
  /** Port for implicit TLS (SMTPS); needs `tls`. */
  implicitTlsPort?: number;
  /** Require SMTP AUTH with these credentials. */
  auth?: SmtpCredentials;
  /** Require `Authorization: Bearer <token>` on every API request. */
  token?: string;
  /**
   * Load mailparser at start, so the first parsed message does not wait ~250 ms for it
   * (default). A long-running service skips it: mailparser costs ~20 MB until first used.
   */
  preloadParser?: boolean;
}

/** How workers and sites reach a running sink (the run plan carries it; never a token). */
export interface SinkEndpoint {
  api: string;
  smtpHost: string;
  smtpPort: number;
  domain: string;
  /** A sink service this run did not start (`run --sink`): its files are not in the run folder. */
  shared?: boolean;
}

export const DEFAULT_MAIL_DOMAIN = 'journey-audit.test';

/** The captive sink: SMTP in, raw mail on disk, HTTP + SSE out. */
export class Sink {
  readonly store: MailStore;
  private readonly smtp: SmtpSink;
  private readonly api: SinkApi;
  private endpointValue?: SinkEndpoint;
  private implicitTlsPort?: number;

  constructor(private readonly options: SinkOptions) {
    this.store = new MailStore(options.dir, { retentionMs: options.retentionMs, maxMessages: options.maxMessages, segmentBytes: options.segmentBytes, restoresIndex: options.restoresIndex });
    const maxSize = options.maxSize ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.smtp = new SmtpSink(this.store, { host: options.host ?? '127.0.0.1', port: options.smtpPort ?? 0, maxSize, tls: options.tls, implicitTlsPort: options.implicitTlsPort, auth: options.auth });
    this.api = new SinkApi(
      this.store,
      () => ({
        smtp: this.endpointValue && {
          host: this.endpointValue.smtpHost,
          port: this.endpointValue.smtpPort,
          starttls: Boolean(options.tls),
          implicitTlsPort: this.implicitTlsPort,
          auth: Boolean(options.auth),
          maxSize,
        },
        domain: this.endpointValue?.domain,
        retentionMs: options.retentionMs,
        maxMessages: this.store.maxMessages,
      }),
      { token: options.token },
    );
  }

  async start(): Promise<SinkEndpoint> {
    const host = this.options.host ?? '127.0.0.1';
    if (this.options.preloadParser !== false) preloadMailParser();
    const smtp = await this.smtp.listen();
    this.implicitTlsPort = smtp.implicitTlsPort;
    try {
      const api = await this.api.listen(host, this.options.apiPort ?? 0);
      this.endpointValue = { api, smtpHost: smtp.host, smtpPort: smtp.port, domain: this.options.domain ?? DEFAULT_MAIL_DOMAIN };
    } catch (error) {
      await this.smtp.close();
      throw error;
    }
    return this.endpointValue;
  }

  get endpoint(): SinkEndpoint {
    if (!this.endpointValue) throw new Error('sink not started');
    return this.endpointValue;
  }

  /** The implicit-TLS port once started, when one was asked for. */
  get smtpsPort(): number | undefined {
    return this.implicitTlsPort;
  }

  async stop(): Promise<void> {
    this.store.close();
    await Promise.all([this.smtp.close(), this.api.close()]);
  }
}
