/**
 * The newsletter's mail exchanger: an SMTP server on 127.0.0.1 that receives mail for
 * the domains registered with it (one per newsletter variant) and hands each message
 * to that domain's handler. It relays nothing: other recipients are refused with 550.
 *
 * A standalone newsletter starts its own; the demo starts one for all variants, so a
 * run needs a single outbound relay setting to reach every demo site.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { HostPort } from '../core/host-port.js';

const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface InboundMail {
  /** Where an answer goes: Reply-To, else From, else the envelope sender. */
  replyTo: string;
  /** The envelope recipient at the handler's domain. */
  to: string;
  subject: string;
  text: string;
  messageId?: string;
  /** The Auto-Submitted header (RFC 3834), lower-cased, when present. */
  autoSubmitted?: string;
}

export type InboundHandler = (mail: InboundMail) => Promise<void>;

export interface MailExchanger {
  /** Host and port to relay mail to. */
  target: HostPort;
  /** Receives mail for `domain` from now on; returns the function that stops it. */
  serve(domain: string, handler: InboundHandler): () => void;
  close(): Promise<void>;
}

function readStream(stream: SMTPServerDataStream): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', reject);
    stream.on('end', () => resolve(stream.sizeExceeded ? undefined : Buffer.concat(chunks)));
  });
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

export async function startMailExchanger(): Promise<MailExchanger> {
  const handlers = new Map<string, InboundHandler>();

  const server = new SMTPServer({
    name: 'mx.newsletter.test',
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    socketTimeout: 30_000,
    // Idle client connections must not hold the demo's shutdown up.
    closeTimeout: 100,
    onRcptTo(address, _session, callback) {
      if (handlers.has(domainOf(address.address))) return callback();
      const error = new Error(`5.1.1 <${address.address}>: no such mailbox here, and this server relays nothing`) as Error & { responseCode: number };
      error.responseCode = 550;
      callback(error);
    },
    onData(stream, session, callback) {
      readStream(stream)
        .then(async (raw) => {
          if (!raw) {
            const error = new Error('5.3.4 Message too big') as Error & { responseCode: number };
            error.responseCode = 552;
            throw error;
          }
          const parsed = await simpleParser(raw);
          const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          const header = parsed.headers.get('auto-submitted');
          const base = {
            replyTo: parsed.replyTo?.value[0]?.address || parsed.from?.value[0]?.address || sender,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            messageId: parsed.messageId,
            autoSubmitted: typeof header === 'string' ? header.trim().toLowerCase() : undefined,
          };
          // Answer only after every handler is done, so its replies are on their way when the sender's SMTP
          // transaction completes.
          for (const rcpt of session.envelope.rcptTo) {
            await handlers.get(domainOf(rcpt.address))?.({ ...base, to: rcpt.address });
          }
        })
        .then(
          () => callback(),
          (err: Error & { responseCode?: number }) => {
            if (!err.responseCode) {
              console.error('[demo:newsletter] handling inbound mail failed:', err);
              err = Object.assign(new Error('4.3.0 Temporary failure, try again later'), { responseCode: 451 });
            }
            callback(err);
          },
        );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    target: { host: '127.0.0.1', port },
    serve(domain, handler) {
      const key = domain.toLowerCase();
      handlers.set(key, handler);
      return () => {
        if (handlers.get(key) === handler) handlers.delete(key);
      };
    },
    close() {
      closing ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return closing;
    },
  };
}
