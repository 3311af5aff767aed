import { statSync } from 'node:fs';
import { join } from 'node:path';
import { mailLinks } from '../../links/mail-links.js';
import { parseMessage } from '../../mail/parse.js';
import type { MailLink } from '../../mail/received-mail.js';
import type { MailRecord, Report } from '../../model/report.js';
import { evidenceHref } from './escape.js';

/** What report.html shows of one received mail, read from its raw .eml at report time. */
export interface MailContent {
  headers: { key: string; line: string }[];
  html?: string;
  text: string;
  links: MailLink[];
  /** The body was cut to keep the report small. */
  truncated: boolean;
}

/** Keyed by MailRecord.path. */
export type MailContents = ReadonlyMap<string, MailContent>;

const MAX_BODY = 256 * 1024;
const MAX_RAW = 10 * 1024 * 1024;
const MAX_HEADERS = 60;

/**
 * Parses every mail the report lists (journeys' mails and stray mail). A mail that is
 * missing or unreadable is left out: the report then lists its headers from report.json only.
 */
export async function loadMailContents(runDir: string, report: Report, redact: (text: string) => string = (t) => t): Promise<MailContents> {
  const contents = new Map<string, MailContent>();
  const records = [...report.journeys.flatMap((j) => j.mails), ...report.strayMails];
  for (const record of records) {
    if (contents.has(record.path)) continue;
    const content = await readMail(runDir, record, redact);
    if (content) contents.set(record.path, content);
  }
  return contents;
}

/** Secret values are masked in what the page shows; the raw .eml stays as received (evidence). */
async function readMail(runDir: string, record: MailRecord, redact: (text: string) => string): Promise<MailContent | undefined> {
  // Only files inside the report folder: a report.json from elsewhere must not make us read /etc/….
  if (evidenceHref(record.path) === '#') return undefined;
  const path = join(runDir, record.path);
  try {
    if (statSync(path).size > MAX_RAW) return undefined;
    const mail = await parseMessage({ ...record, seq: 0, receivedAt: Date.parse(record.receivedAt), envelopeFrom: record.from, envelopeTo: record.to, path });
    const truncated = (mail.html?.length ?? 0) > MAX_BODY || mail.text.length > MAX_BODY;
    return {
      headers: mail.headerLines.slice(0, MAX_HEADERS).map((h) => ({ key: h.key, line: redact(h.line.slice(0, 2000)) })),
      html: mail.html === undefined ? undefined : redact(mail.html.slice(0, MAX_BODY)),
      text: redact(mail.text.slice(0, MAX_BODY)),
      links: mailLinks(mail).slice(0, 500).map((l) => ({ ...l, href: redact(l.href), text: redact(l.text) })),
      truncated,
    };
  } catch {
    return undefined;
  }
}
