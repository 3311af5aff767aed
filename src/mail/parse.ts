import type { ParsedMail, SimpleParserOptions } from 'mailparser';
import { readRaw } from './raw-message.js';
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

export type { HeaderFields } from './header-fields.js';

/** mailparser's default is 1,000 parts; real mail stays far below, hostile mail may not. */
const MAX_MIME_PARTS = 20_000;

/**
 * The full message, decoded, with raw header lines (mailparser folds List-* headers).
 * A message mailparser gives up on still yields its header lines and raw text, with `parseError`.
 */
export async function parseMessage(summary: MailSummary): Promise<ReceivedMail> {
  const raw = await readRaw(summary);
  let parsed: ParsedMail;
  try {
    // textAsHtml (and its linkify pass) is never used here: skipping it halves the cost of a large message.
    parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true, maxChildNodes: MAX_MIME_PARTS } as SimpleParserOptions);
  } catch (error) {
    return unparsed(summary, raw, error instanceof Error ? error.message : String(error));
  }
  const html = typeof parsed.html === 'string' ? parsed.html : undefined;
  const text = parsed.text ?? '';
  return {
    ...summary,
    headerLines: parsed.headerLines.map((h) => ({ key: h.key, line: h.line })),
    text,
    html,
  };
}

/** Header lines split by hand and the body as text, for a message the parser refused. */
function unparsed(summary: MailSummary, raw: Buffer, reason: string): ReceivedMail {
  const text = raw.toString('utf8');
  const end = /\r?\n\r?\n/.exec(text);
  const head = end ? text.slice(0, end.index) : text;
  const headerLines = head
    .split(/\r?\n(?![ \t])/)
    .filter(Boolean)
    .map((line) => ({ key: line.slice(0, Math.max(0, line.indexOf(':'))).trim().toLowerCase(), line }));
  const body = end ? text.slice(end.index + end[0].length) : '';
  return { ...summary, headerLines, text: body, html: undefined, parseError: reason };
}
