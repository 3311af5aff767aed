import { createHash, timingSafeEqual } from 'node:crypto';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerOptions } from 'smtp-server';
import { CannotRunError } from '../core/errors.js';
import type { MailStore } from './mail-store.js';
import { greetPromptly } from './prompt-greeting.js';
import type { TlsCredentials } from './tls-certificate.js';
import type { HostPort } from '../core/host-port.js';

export interface SmtpCredentials {
  user: string;
  pass: string;
}

export interface SmtpSinkOptions extends HostPort {
  /** Largest message accepted, in bytes; larger ones get 552. */
  maxSize: number;
  /** Key and certificate: STARTTLS is offered (and implicit TLS possible) only with them. */
  tls?: TlsCredentials;
  /** A port for implicit TLS (SMTPS), besides the plain/STARTTLS one. Needs `tls`. */
  implicitTlsPort?: number;
  /** When given, clients must AUTH (PLAIN or LOGIN) with these before MAIL FROM. */
  auth?: SmtpCredentials;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

export interface SmtpAddresses extends HostPort {
  implicitTlsPort?: number;
}

/**
 * The customer's mailbox: an SMTP server that accepts any mail (every recipient accepted
 * so stray mail is kept too) and streams it into the store. STARTTLS is advertised only
 * when there is a certificate; otherwise the command is refused with a 5xx.
 */
export class SmtpSink {
  private readonly servers: { server: SMTPServer; port: number; name: string }[] = [];
  private address?: SmtpAddresses;

  constructor(
    private readonly store: MailStore,
    private readonly options: SmtpSinkOptions,
  ) {
    this.servers.push({ server: this.createServer(false), port: options.port, name: 'SMTP' });
    if (options.implicitTlsPort !== undefined) {
      if (!options.tls) throw new Error('implicit TLS needs a key and certificate');
      this.servers.push({ server: this.createServer(true), port: options.implicitTlsPort, name: 'SMTPS' });
    }
  }

  private createServer(secure: boolean): SMTPServer {
    const { tls, auth } = this.options;
    const options: SMTPServerOptions = {
      name: 'journey-audit-sink',
      banner: 'journey-audit captive sink',
      secure,
      authOptional: !auth,
      authMethods: ['PLAIN', 'LOGIN'],
      // Credentials in the clear only when there is no TLS to protect them.
      allowInsecureAuth: !tls,
      disabledCommands: tls ? [] : ['STARTTLS'],
      ...(tls ? { key: tls.key, cert: tls.cert } : {}),
      size: this.options.maxSize,
      logger: false,
      // A reverse DNS lookup per connection costs up to 1.5 s and tells a sink nothing.
      disableReverseLookup: true,
      // Bounds what one transaction can make the sink hold (1,000 recipients are fine).
      maxRecipients: 10_000,
      maxClients: 2_000,
      // At the end of a run nobody is sending: idle pooled connections need not be waited for.
      closeTimeout: 100,
      socketTimeout: 60_000,
      onAuth: (login, _session, callback) => {
        if (auth && login.username !== undefined && sameSecret(login.username, auth.user) && sameSecret(login.password ?? '', auth.pass)) {
          return callback(null, { user: login.username });
        }
        callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
      },
      onData: (stream, session, callback) => this.receive(stream, session.envelope, callback),
    };
    const server = new SMTPServer(options);
    greetPromptly(server);
    // A misbehaving client must never take the sink down.
    server.on('error', () => undefined);
    return server;
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

  async listen(): Promise<SmtpAddresses> {
    const ports: number[] = [];
    try {
      for (const { server, port, name } of this.servers) ports.push(await listenOn(server, this.options.host, port, name));
    } catch (error) {
      await this.close();
      throw error;
    }
    this.address = { host: this.options.host, port: ports[0], implicitTlsPort: ports[1] };
    return this.address;
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.map(({ server }) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }
}

async function listenOn(server: SMTPServer, host: string, port: number, name: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new CannotRunError(`${name} port ${port} on ${host} is already in use`, 'choose another port, or 0 for any free port')
          : error.code === 'EADDRNOTAVAIL'
            ? new CannotRunError(`cannot listen on ${host}: no such local address`, 'use 127.0.0.1, 0.0.0.0 or an address of this machine')
            : error,
      );
    };
    server.server.once('error', onError);
    server.listen(port, host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const bound = server.server.address();
  if (!bound || typeof bound === 'string') throw new Error(`${name} has no TCP address`);
  return bound.port;
}

/** Compares without leaking through timing how much of a secret matched. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
