import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { CannotRunError } from '../core/errors.js';
import type { MailStore } from './mail-store.js';

export interface SmtpSinkOptions {
  host: string;
  port: number;
  /** Largest message accepted, in bytes; larger ones get 552. */
  maxSize: number;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/**
 * The customer's mailbox: an SMTP server that accepts any mail (AUTH optional, every
 * recipient accepted so stray mail is kept too) and streams it into the store.
 */
export class SmtpSink {
  private readonly server: SMTPServer;
  private address?: { host: string; port: number };

  constructor(
    private readonly store: MailStore,
    private readonly options: SmtpSinkOptions,
  ) {
    this.server = new SMTPServer({
      name: 'journey-audit-sink',
      banner: 'journey-audit captive sink',
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      size: options.maxSize,
      logger: false,
      // At the end of a run nobody is sending: idle pooled connections need not be waited for.
      closeTimeout: 100,
      socketTimeout: 60_000,
      onData: (stream, session, callback) => this.receive(stream, session.envelope, callback),
    });
    // A misbehaving client must never take the sink down.
    this.server.on('error', () => undefined);
  }

  private receive(
    stream: SMTPServerDataStream,
    envelope: { mailFrom: false | { address: string }; rcptTo: { address: string }[] },
    callback: (error?: Error | null) => void,
  ): void {
    const from = envelope.mailFrom ? envelope.mailFrom.address : '';
    const to = envelope.rcptTo.map((r) => r.address);
    this.store.store({ from, to }, stream, () => stream.sizeExceeded).then(
      (stored) => {
        if (stored) return callback();
        const error = Object.assign(new Error(stream.sizeExceeded ? `Message exceeds the fixed maximum message size (${this.options.maxSize} bytes)` : 'Message could not be stored'), {
          responseCode: stream.sizeExceeded ? 552 : 451,
        });
        callback(error);
      },
      (error: Error) => callback(Object.assign(error, { responseCode: 451 })),
    );
  }

  async listen(): Promise<{ host: string; port: number }> {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        reject(
          error.code === 'EADDRINUSE'
            ? new CannotRunError(`SMTP port ${this.options.port} on ${this.options.host} is already in use`, 'choose another with --smtp-port, or 0 for any free port')
            : error,
        );
      };
      this.server.server.once('error', onError);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.server.off('error', onError);
        resolve();
      });
    });
    const bound = this.server.server.address();
    if (!bound || typeof bound === 'string') throw new Error('SMTP sink has no TCP address');
    this.address = { host: this.options.host, port: bound.port };
    return this.address;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
