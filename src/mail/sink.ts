import { MailStore } from './mail-store.js';
import { preloadMailParser } from './parse.js';
import { SinkApi } from './sink-api.js';
import { DEFAULT_MAX_MESSAGE_BYTES, SmtpSink } from './smtp-sink.js';

export interface SinkOptions {
  /** Folder for raw .eml files. */
  dir: string;
  host?: string;
  smtpPort?: number;
  apiPort?: number;
  maxSize?: number;
  /** Domain of the mailbox addresses handed to journeys. */
  domain?: string;
}

/** How workers and sites reach a running sink (the run plan carries it). */
export interface SinkEndpoint {
  api: string;
  smtpHost: string;
  smtpPort: number;
  domain: string;
}

export const DEFAULT_MAIL_DOMAIN = 'journey-audit.test';

/** The captive sink: SMTP in, raw mail on disk, HTTP + SSE out. */
export class Sink {
  readonly store: MailStore;
  private readonly smtp: SmtpSink;
  private readonly api: SinkApi;
  private endpointValue?: SinkEndpoint;

  constructor(private readonly options: SinkOptions) {
    this.store = new MailStore(options.dir);
    this.smtp = new SmtpSink(this.store, { host: options.host ?? '127.0.0.1', port: options.smtpPort ?? 0, maxSize: options.maxSize ?? DEFAULT_MAX_MESSAGE_BYTES });
    this.api = new SinkApi(this.store, () => ({ smtp: this.endpointValue && { host: this.endpointValue.smtpHost, port: this.endpointValue.smtpPort } }));
  }

  async start(): Promise<SinkEndpoint> {
    const host = this.options.host ?? '127.0.0.1';
    preloadMailParser();
    const smtp = await this.smtp.listen();
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

  async stop(): Promise<void> {
    await Promise.all([this.smtp.close(), this.api.close()]);
  }
}
