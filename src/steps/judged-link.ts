import type { LinkResult } from '../model/report.js';
import type { Navigation } from './step-context.js';

/** Where a link a step opened was found, in words a person recognises (`the email “Welcome”`, `text/html part`). */
export interface LinkPlace {
  parent: string;
  where?: string;
  text: string;
}

/** `the email “Welcome”`: how the links table names a mail (never its internal id). */
export function mailLabel(subject: string): string {
  return `the email “${subject}”`;
}

/** `text/html part` / `text/plain part`: the part of a mail a link is in. */
export function mailPart(part: 'html' | 'text'): string {
  return part === 'html' ? 'text/html part' : 'text/plain part';
}

/**
 * A link a step judged in the browser (openLink, expectNotSoft404, the unsubscribe walk),
 * as a row of the links table: the table holds every link the run judged, so it and the
 * Problems list agree.
 */
export function judgedLink(url: string, place: LinkPlace, outcome: { state: LinkResult['state']; reason?: string; status?: number; navigation?: Navigation; ms?: number }): LinkResult {
  const chain = outcome.navigation?.chain.length ? outcome.navigation.chain : outcome.status !== undefined ? [{ url, status: outcome.status }] : [];
  return { url, parent: place.parent, where: place.where, text: place.text, state: outcome.state, reason: outcome.reason, status: outcome.status ?? outcome.navigation?.status, chain, ms: Math.round(outcome.ms ?? 0) };
}

/** The reason a browser navigation failed, in the words of LinkResult.reason. */
export function navigationFailureReason(message: string): string {
  if (/ERR_NAME_NOT_RESOLVED|ENOTFOUND|EAI_AGAIN/i.test(message)) return 'dns';
  if (/ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_ADDRESS_UNREACHABLE|ECONNREFUSED/i.test(message)) return 'connection';
  if (/ERR_CERT_|ERR_SSL_/i.test(message)) return 'tls';
  if (/timeout|ERR_TIMED_OUT/i.test(message)) return 'timeout';
  if (/ERR_TOO_MANY_REDIRECTS/i.test(message)) return 'too-many-redirects';
  return 'error';
}
