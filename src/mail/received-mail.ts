import type { TextPattern } from '../core/pattern.js';
import type { MailFlag } from './message-scanner.js';

export type { MailFlag } from './message-scanner.js';

/** What the sink knows about a stored message without parsing it. */
export interface MailSummary {
  id: string;
  /** Order of arrival in the sink, starting at 1. */
  seq: number;
  receivedAt: number;
  /** SMTP envelope. */
  envelopeFrom: string;
  envelopeTo: string[];
  /** From the headers (decoded). */
  from: string;
  to: string[];
  subject: string;
  messageId?: string;
  size: number;
  sha256: string;
  /** How the raw message departs from the standards (bare LF, NUL, …); empty for a clean one. */
  flags?: MailFlag[];
  /** Absolute path of the raw .eml (on the sink's machine). */
  path: string;
  /**
   * Set when `path` holds several messages back to back (a sink service's segment file):
   * the message is the `size` bytes from here. Read it with `readRaw`.
   */
  offset?: number;
}

export interface MailLink {
  href: string;
  text: string;
  part: 'html' | 'text';
}

/** A parsed message, as steps and the report see it. */
export interface ReceivedMail extends MailSummary {
  headerLines: { key: string; line: string }[];
  text: string;
  html?: string;
  /** Set when the MIME structure could not be decoded: `text` is then the raw body. */
  parseError?: string;
}

export interface MailQuery {
  subject?: TextPattern;
  from?: TextPattern;
  /** Only mail received at or after this time (ms since epoch). */
  since?: number;
  /** Ids already matched by earlier steps. */
  exclude?: ReadonlySet<string>;
}

export function matchesQuery(mail: MailSummary, query: MailQuery): boolean {
  if (query.since !== undefined && mail.receivedAt < query.since) return false;
  if (query.exclude?.has(mail.id)) return false;
  if (query.subject && !query.subject.test(mail.subject)) return false;
  if (query.from && !query.from.test(mail.from) && !query.from.test(mail.envelopeFrom)) return false;
  return true;
}
