import { readFile } from 'node:fs/promises';
import type { AddressObject, ParsedMail, SimpleParserOptions } from 'mailparser';
import { extractLinks } from './extract-links.js';
import type { MailSummary, ReceivedMail } from './received-mail.js';

/**
 * The only module that imports mailparser (on first use: loading it costs a quarter of a
 * second that `validate` and processes that never parse mail should not pay).
 * Everything else sees our own types.
 */
let parser: Promise<typeof import('mailparser')> | undefined;
/** Starts loading mailparser in the background, so the first mail does not wait for it. */
export function preloadMailParser(): void {
  parser ??= import('mailparser');
  parser.catch(() => undefined);
}

async function simpleParser(input: Buffer, options: SimpleParserOptions): Promise<ParsedMail> {
  parser ??= import('mailparser');
  return (await parser).simpleParser(input, options);
}

export interface HeaderFields {
  from: string;
  to: string[];
  subject: string;
  messageId?: string;
}

/** Decoded From/To/Subject/Message-ID from the header block alone (cheap, no body parsing). */
export async function parseHeaderFields(headerBlock: Buffer): Promise<HeaderFields> {
  const parsed = await simpleParser(headerBlock, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  return { from: parsed.from?.text ?? '', to: addresses(parsed.to), subject: parsed.subject ?? '', messageId: parsed.messageId };
}

/** The full message, decoded, with raw header lines (mailparser folds List-* headers) and links. */
export async function parseMessage(summary: MailSummary): Promise<ReceivedMail> {
  const raw = await readFile(summary.path);
  const parsed: ParsedMail = await simpleParser(raw, { skipImageLinks: true });
  const html = typeof parsed.html === 'string' ? parsed.html : undefined;
  const text = parsed.text ?? '';
  return {
    ...summary,
    headerLines: parsed.headerLines.map((h) => ({ key: h.key, line: h.line })),
    text,
    html,
    links: extractLinks({ html, text }),
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((group) => group.value.map((a) => a.address ?? '').filter(Boolean));
}
