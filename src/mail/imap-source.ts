import { Readable } from 'node:stream';
import type { ImapFlow } from 'imapflow';
import type { MailStore } from './mail-store.js';
import type { HostPort } from '../core/host-port.js';

export interface ImapSourceOptions extends HostPort {
  /** Implicit TLS (imaps, usually 993). */
  secure: boolean;
  user: string;
  pass: string;
  mailbox?: string;
  /** When the server cannot IDLE (or as a safety net), look for new mail this often. */
  pollMs?: number;
  /** Accept a self-signed certificate (a test server). */
  allowSelfSigned?: boolean;
  /** Use IDLE when the server offers it (default); false: polling only. */
  idle?: boolean;
}

const DEFAULT_POLL_MS = 30_000;

/**
 * A real inbox as a source of the sink: every message that arrives in the IMAP mailbox
 * after the start is copied, byte-exact, into the sink's store, so waitForEmail,
 * expectNoEmail and the API behave as for mail the sink received by SMTP. New mail is
 * pushed by IDLE (imapflow keeps one open), with a poll every `pollMs` as a fallback.
 */
export class ImapSource {
  private client?: ImapFlow;
  private lastUid = 0;
  private timer?: NodeJS.Timeout;
  private fetching: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly store: MailStore,
    private readonly options: ImapSourceOptions,
  ) {}

  async start(): Promise<void> {
    const { ImapFlow } = await import('imapflow');
    const client = new ImapFlow({
      host: this.options.host,
      port: this.options.port,
      secure: this.options.secure,
      auth: { user: this.options.user, pass: this.options.pass },
      logger: false,
      tls: this.options.allowSelfSigned ? { rejectUnauthorized: false } : undefined,
    });
    this.client = client;
    client.on('error', () => undefined); // reconnecting is the next poll's job; never crash the sink
    await client.connect();
    const mailbox = await client.mailboxOpen(this.options.mailbox ?? 'INBOX');
    this.lastUid = Number(mailbox.uidNext) - 1; // only mail that arrives from now on
    client.on('exists', () => this.fetchNew());
    this.timer = setInterval(() => this.fetchNew(), this.options.pollMs ?? DEFAULT_POLL_MS);
    this.timer.unref();
    this.listen();
  }

  /** IDLE at once (imapflow would wait 15 s): new mail is then announced by the server. */
  private listen(): void {
    const client = this.client;
    if (!client || this.closed || !client.usable || this.options.idle === false || !client.capabilities.has('IDLE')) return;
    client.idle().catch(() => undefined);
  }

  /** Copies every message with a UID above the last one seen (one fetch at a time). */
  private fetchNew(): void {
    this.fetching = this.fetching
      .then(() => this.copyNew())
      .catch(() => undefined)
      .then(() => this.listen());
  }

  private async copyNew(): Promise<void> {
    const client = this.client;
    if (!client || this.closed || !client.usable) return;
    const found: { uid: number; source: Buffer; from: string; to: string[] }[] = [];
    for await (const message of client.fetch(`${this.lastUid + 1}:*`, { uid: true, envelope: true, source: true }, { uid: true })) {
      if (message.uid <= this.lastUid || !message.source) continue; // "n:*" always returns the newest one
      found.push({
        uid: message.uid,
        source: message.source,
        from: message.envelope?.from?.[0]?.address ?? '',
        to: (message.envelope?.to ?? []).map((a) => a.address ?? '').filter(Boolean),
      });
    }
    for (const message of found.sort((a, b) => a.uid - b.uid)) {
      await this.store.store({ from: message.from, to: message.to }, Readable.from([message.source]));
      this.lastUid = Math.max(this.lastUid, message.uid);
    }
  }

  async stop(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.fetching;
    if (this.client?.usable) await this.client.logout().catch(() => this.client?.close());
    else this.client?.close();
  }
}
