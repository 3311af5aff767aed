/** A captive SMTP server for the demo-site tests: accepts everything, keeps every message. */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { HostPort } from '../../../src/core/host-port.js';
import type { DemoSite } from '../../../src/demo/site.js';

export interface CapturedMail {
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Envelope recipients (RCPT TO). */
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

export interface TestMailbox {
  host: string;
  port: number;
  messages: CapturedMail[];
  /** Messages whose envelope includes `address`. */
  to(address: string): CapturedMail[];
  close(): Promise<void>;
}

export async function startMailbox(): Promise<TestMailbox> {
  const messages: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        // Record before acknowledging, so the message is visible as soon as the sender's SMTP
        // transaction (and therefore the demo site's HTTP response) completes.
        simpleParser(raw).then(
          (parsed) => {
            messages.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    messages,
    to: (address) => messages.filter((m) => m.to.includes(address)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The href of the <a> whose visible text is exactly `text`. */
export function linkByText(mailHtml: string, text: string): string {
  const anchors = [...mailHtml.matchAll(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)];
  const hit = anchors.find(([, , label]) => label.trim() === text);
  if (!hit) throw new Error(`no link with text ${JSON.stringify(text)} in:\n${mailHtml}`);
  return hit[1].replace(/&amp;/g, '&');
}

/** Header lines of a raw message, with folded continuation lines joined (RFC 5322 §2.2.3). */
export function rawHeaderLines(raw: string): string[] {
  const head = raw.split(/\r?\n\r?\n/, 1)[0];
  return head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/);
}

/** A good and a broken variant of one demo site, both mailing into one test mailbox. */
export interface SitePair {
  mailbox: TestMailbox;
  good: DemoSite;
  broken: DemoSite;
  close(): Promise<void>;
}

export async function startSitePair<V extends string>(
  start: (opts: { variant: V; smtp: HostPort }) => Promise<DemoSite>,
  variants: readonly [good: V, broken: V],
): Promise<SitePair> {
  const mailbox = await startMailbox();
  const smtp = { host: mailbox.host, port: mailbox.port };
  const [good, broken] = await Promise.all(variants.map((variant) => start({ variant, smtp })));
  return {
    mailbox,
    good,
    broken,
    close: async () => {
      await Promise.all([good.close(), broken.close()]);
      await mailbox.close();
    },
  };
}

/** POSTs a form the way a browser does. */
export function postForm(url: string, fields: Record<string, string>, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { method: 'POST', body: new URLSearchParams(fields), ...init });
}
