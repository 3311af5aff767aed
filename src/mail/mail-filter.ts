import type { MailSummary } from './received-mail.js';

/** A search over the sink's index (the HTTP API's query parameters, and the store's own). */
export interface MailFilter {
  /** Exact address (case-insensitive), envelope or To header. */
  to?: string;
  /** Substring (case-insensitive) of the From header or the envelope sender. */
  from?: string;
  /** Substring (case-insensitive) of the decoded subject. */
  subject?: string;
  /** Received at or after (ms since epoch). */
  since?: number;
  /** Received before (ms since epoch). */
  until?: number;
}

export function matchesFilter(message: MailSummary, filter: MailFilter): boolean {
  if (filter.since !== undefined && message.receivedAt < filter.since) return false;
  if (filter.until !== undefined && message.receivedAt >= filter.until) return false;
  if (!isFor(message, filter.to)) return false;
  if (filter.from && !contains(message.from, filter.from) && !contains(message.envelopeFrom, filter.from)) return false;
  if (filter.subject && !contains(message.subject, filter.subject)) return false;
  return true;
}

export function isFor(message: MailSummary, address: string | undefined): boolean {
  if (!address) return true;
  const wanted = address.toLowerCase();
  return message.envelopeTo.some((a) => a.toLowerCase() === wanted) || message.to.some((a) => a.toLowerCase() === wanted);
}

function contains(text: string, part: string): boolean {
  return text.toLowerCase().includes(part.toLowerCase());
}
