import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import { addressesOf } from '../mail/addresses.js';
import { composeMessage } from '../mail/compose-message.js';
import type { HostPort } from '../core/host-port.js';

/**
 * Mail sent as the customer (an unsubscribe by mailto, a reply) always goes through the
 * relay configured for the run: nodemailer's SMTP transport to that one host and port.
 * There is no MX lookup and no other host: the transport is built with `host` only.
 */
export interface RelayConfig extends HostPort {
  secure?: boolean;
  auth?: { user: string; pass: string };
}

export interface SendMailOptions {
  relay: RelayConfig;
  from: string;
  to: string;
  cc?: string;
  subject?: string;
  text?: string;
  inReplyTo?: string;
  references?: string[];
  /** Connection, greeting and socket timeout (default 15 s). */
  timeoutMs?: number;
}

export interface SentMail {
  messageId: string;
  /** The message exactly as handed to the relay. */
  raw: Buffer;
  /** What the relay answered to the end of DATA. */
  response: string;
}

export async function sendMailAs(opts: SendMailOptions): Promise<SentMail> {
  const { relay } = opts;
  if (!relay?.host || !Number.isInteger(relay.port) || relay.port <= 0) {
    throw new TypeError('sendMailAs needs the run’s SMTP relay (host and port); it never looks up MX records');
  }
  const from = addressesOf(opts.from)[0];
  const to = [...addressesOf(opts.to), ...addressesOf(opts.cc)];
  if (!from) throw new TypeError(`no sender address in "${opts.from}"`);
  if (to.length === 0) throw new TypeError(`no recipient address in "${opts.to}"`);

  const domain = from.split('@')[1] || 'journey-audit.invalid';
  const messageId = `<${Date.now().toString(36)}.${randomBytes(6).toString('hex')}@${domain}>`;
  const raw = await composeMessage({
    from: opts.from,
    to: opts.to,
    ...(opts.cc ? { cc: opts.cc } : {}),
    subject: opts.subject ?? '',
    text: opts.text ?? '',
    messageId,
    date: new Date(),
    ...(opts.inReplyTo ? { inReplyTo: opts.inReplyTo } : {}),
    ...(opts.references?.length ? { references: opts.references } : {}),
  });

  const timeout = opts.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    host: relay.host,
    port: relay.port,
    secure: relay.secure ?? false,
    ...(relay.auth ? { auth: { user: relay.auth.user, pass: relay.auth.pass } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    dnsTimeout: timeout,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  try {
    const info = await transport.sendMail({ envelope: { from, to }, raw });
    return { messageId, raw, response: String(info.response ?? '') };
  } finally {
    transport.close();
  }
}
