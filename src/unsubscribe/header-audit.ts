import type { FindingCode } from '../model/finding-codes.js';
import { dkimSignatures, type DkimSignatureSummary, signatureCovers } from './dkim-coverage.js';
import { type HeaderLine, splitHeaderBlock, valuesOf } from './header-lines.js';
import { type ListUnsubscribeEntry, parseListUnsubscribe } from './list-unsubscribe.js';
import type { ParsedMailto } from './mailto.js';

/**
 * The unsubscribe headers of one mail, audited: List-Unsubscribe (RFC 2369), one-click
 * readiness (RFC 8058), DKIM coverage of both headers, List-Id (RFC 2919),
 * Auto-Submitted and Precedence. Pure: raw header lines in, a verdict out.
 */
export interface AuditProblem {
  code: FindingCode;
  message: string;
  rule: string;
}

export interface HeaderAudit {
  /** Usable URIs in the sender's order of preference. */
  uris: { mailto: ParsedMailto[]; http: string[] };
  /** Every entry found, usable or not, with what is wrong with it. */
  entries: ListUnsubscribeEntry[];
  oneClick: { ready: boolean; url?: string; problems: string[] };
  /** Undefined when the mail is not DKIM-signed. */
  dkimCoversUnsubscribe?: boolean;
  dkim: DkimSignatureSummary[];
  /** The identifier inside List-Id's angle brackets. */
  listId?: string;
  listUnsubscribePost?: string;
  autoSubmitted?: string;
  precedence?: string;
  problems: AuditProblem[];
  /** Observations that are not findings (allowed by the RFCs, or only worth a mention). */
  notes: string[];
}

export interface HeaderAuditOptions {
  /** Accept http: one-click URIs on loopback hosts (test sites); the audit still notes it. */
  allowHttpOnLoopback?: boolean;
}

const ONE_CLICK_VALUE = 'List-Unsubscribe=One-Click';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** The audit from a raw header block (or a whole raw message): the primary entry point. */
export function auditListHeadersRaw(rawHeaderBlock: string | Buffer, opts: HeaderAuditOptions = {}): HeaderAudit {
  return auditListHeaders(splitHeaderBlock(rawHeaderBlock), opts);
}

/** The audit from header lines as the sink gives them (`mail.headerLines`: raw, folding kept). */
export function auditListHeaders(headerLines: readonly HeaderLine[], opts: HeaderAuditOptions = {}): HeaderAudit {
  const problems: AuditProblem[] = [];
  const notes: string[] = [];
  const invalid = (message: string) => problems.push({ code: 'UNSUB_HEADER_INVALID', message, rule: 'RFC2369' });

  const unsubscribeValues = valuesOf(headerLines, 'list-unsubscribe');
  const entries: ListUnsubscribeEntry[] = [];
  unsubscribeValues.forEach((value, field) => {
    const parsed = parseListUnsubscribe(value, field);
    entries.push(...parsed.entries);
    for (const p of parsed.problems) invalid(`List-Unsubscribe: ${p}.`);
    notes.push(...parsed.notes.map((n) => `List-Unsubscribe: ${n}`));
  });
  for (const entry of entries) {
    for (const p of entry.problems) invalid(`List-Unsubscribe: ${p}.`);
    notes.push(...entry.notes.map((n) => `List-Unsubscribe: ${n}`));
  }
  if (unsubscribeValues.length > 1) {
    invalid(`List-Unsubscribe appears ${unsubscribeValues.length} times; mail programs may read only one of them. Put every URI in one header.`);
  }
  const usable = entries.filter((e) => e.usable);
  if (unsubscribeValues.length === 0) {
    problems.push({
      code: 'UNSUB_NO_HEADER',
      message: 'The mail has no List-Unsubscribe header, so mail programs cannot offer an unsubscribe button.',
      rule: 'RFC2369',
    });
  } else if (usable.length === 0) {
    invalid('List-Unsubscribe contains no usable mailto: or http(s): address.');
  }

  const mailto = usable.flatMap((e) => (e.mailto ? [e.mailto] : []));
  const http = unique(usable.filter((e) => e.scheme === 'http' || e.scheme === 'https').map((e) => e.uri));

  const postValues = valuesOf(headerLines, 'list-unsubscribe-post');
  const oneClick = oneClickReadiness(entries, postValues, opts, notes);
  if (unsubscribeValues.length > 0 && !oneClick.ready) {
    problems.push({ code: 'UNSUB_NO_ONE_CLICK', message: `One-click unsubscribe is not offered: ${oneClick.problems.join('; ')}.`, rule: 'RFC8058-1' });
  }

  const dkim = dkimSignatures(headerLines);
  let dkimCoversUnsubscribe: boolean | undefined;
  if (dkim.length > 0) {
    const needed = postValues.length > 0 ? ['list-unsubscribe', 'list-unsubscribe-post'] : ['list-unsubscribe'];
    dkimCoversUnsubscribe = dkim.some((s) => signatureCovers(s, needed));
    if (!dkimCoversUnsubscribe && unsubscribeValues.length > 0 && postValues.length > 0) {
      const signers = dkim.map((s) => s.domain ?? 'unknown domain').join(', ');
      problems.push({
        code: 'UNSUB_DKIM_UNCOVERED',
        message: `The DKIM signature (${signers}) does not cover both List-Unsubscribe and List-Unsubscribe-Post, so mailbox providers ignore one-click.`,
        rule: 'RFC8058-4',
      });
    }
  }

  const listId = readListId(valuesOf(headerLines, 'list-id'), notes);
  const autoSubmitted = firstToken(valuesOf(headerLines, 'auto-submitted'));
  const precedence = firstToken(valuesOf(headerLines, 'precedence'));
  if (autoSubmitted && autoSubmitted !== 'no' && unsubscribeValues.length > 0) {
    notes.push(`Auto-Submitted: ${autoSubmitted} on a list mail: replies to it will not get automatic answers (RFC 3834).`);
  }

  return {
    uris: { mailto, http },
    entries,
    oneClick,
    ...(dkimCoversUnsubscribe === undefined ? {} : { dkimCoversUnsubscribe }),
    dkim,
    ...(listId === undefined ? {} : { listId }),
    ...(postValues.length ? { listUnsubscribePost: postValues[0] } : {}),
    ...(autoSubmitted === undefined ? {} : { autoSubmitted }),
    ...(precedence === undefined ? {} : { precedence }),
    problems,
    notes,
  };
}

function oneClickReadiness(
  entries: ListUnsubscribeEntry[],
  postValues: string[],
  opts: HeaderAuditOptions,
  notes: string[],
): HeaderAudit['oneClick'] {
  const problems: string[] = [];
  const webEntries = entries.filter((e) => e.scheme === 'https' || e.scheme === 'http');
  const candidates = webEntries.filter((e) => e.usable && (e.scheme === 'https' || (opts.allowHttpOnLoopback && isLoopbackHost(new URL(e.uri).hostname))));
  const distinct = unique(candidates.map((e) => e.uri));
  if (entries.length === 0) problems.push('there is no List-Unsubscribe URI');
  else if (distinct.length === 0) {
    const http = webEntries.filter((e) => e.scheme === 'http' && e.usable);
    problems.push(http.length ? `the web address is http:, one-click needs https: (${http[0].uri})` : 'List-Unsubscribe has no https: URI');
  } else if (distinct.length > 1) {
    problems.push(`List-Unsubscribe has ${distinct.length} https: URIs; one-click needs exactly one`);
  }
  const url = distinct.length === 1 ? distinct[0] : undefined;
  const chosen = url ? candidates.find((e) => e.uri === url) : undefined;
  if (chosen && chosen.problems.length) problems.push(`the https: URI is malformed (${chosen.problems.join('; ')})`);
  if (postValues.length === 0) problems.push('List-Unsubscribe-Post is missing');
  else if (postValues.length > 1) problems.push(`List-Unsubscribe-Post appears ${postValues.length} times; it must appear once`);
  else if (postValues[0] !== ONE_CLICK_VALUE) {
    problems.push(`List-Unsubscribe-Post is "${postValues[0]}", it must be exactly "${ONE_CLICK_VALUE}"`);
  }
  if (url && url.startsWith('http:')) notes.push(`one-click URI ${url} is http: on a loopback host, accepted for testing; real mail needs https:`);
  return { ready: problems.length === 0, ...(url ? { url } : {}), problems };
}

/** List-Id: [phrase] <list-label.namespace> (RFC 2919). Problems become notes: RULES.md cites no List-Id rule. */
function readListId(values: string[], notes: string[]): string | undefined {
  if (values.length === 0) return undefined;
  if (values.length > 1) notes.push(`List-Id appears ${values.length} times (RFC 2919 allows one)`);
  const value = values[0];
  const match = /<([^<>]*)>\s*$/.exec(value);
  if (!match) {
    notes.push(`List-Id "${value}" lacks the <list-id> in angle brackets (RFC 2919)`);
    return value.trim() || undefined;
  }
  const id = match[1].trim();
  if (!/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(?:\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)+$/.test(id)) {
    notes.push(`List-Id <${id}> is not a dotted identifier such as <news.example.com> (RFC 2919)`);
  }
  return id;
}

function firstToken(values: string[]): string | undefined {
  if (values.length === 0) return undefined;
  return values[0].split(';')[0].replace(/\(.*?\)/g, '').trim().toLowerCase() || undefined;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
