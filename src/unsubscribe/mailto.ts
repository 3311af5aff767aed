/**
 * mailto: URIs (RFC 6068) as they appear in List-Unsubscribe headers and unsubscribe
 * links: recipients, subject and body, percent-decoded as UTF-8.
 */
export interface ParsedMailto {
  /** The URI as found (whitespace removed). */
  uri: string;
  /** The first recipient: where the unsubscribe mail goes. */
  address: string;
  to: string[];
  subject?: string;
  body?: string;
  cc: string[];
  /** Every hfield, lowercased name → decoded value (the last one wins). */
  headers: Record<string, string>;
  /** An address has characters outside ASCII (needs SMTPUTF8 to deliver). */
  nonAsciiAddress: boolean;
  /** Why the URI is not as RFC 6068 wants it; empty when fine. */
  problems: string[];
}

/** local@domain without spaces, brackets or quotes; non-ASCII letters allowed (RFC 6531). */
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/u;

export function isPlausibleAddress(address: string): boolean {
  return ADDRESS.test(address) && !address.startsWith('.') && !address.includes('..');
}

function decode(part: string, problems: string[]): string {
  try {
    return decodeURIComponent(part);
  } catch {
    problems.push(`"${part}" has a broken %-escape`);
    return part;
  }
}

/** Parses a mailto: URI; undefined when it is not one. Never throws. */
export function parseMailto(input: string): ParsedMailto | undefined {
  const uri = input.trim();
  if (!/^mailto:/i.test(uri)) return undefined;
  const problems: string[] = [];
  const rest = uri.slice('mailto:'.length);
  const q = rest.indexOf('?');
  const path = q === -1 ? rest : rest.slice(0, q);
  const query = q === -1 ? '' : rest.slice(q + 1);
  const split = (list: string) =>
    list
      .split(',')
      .map((a) => decode(a, problems).trim())
      .filter(Boolean);
  const to = split(path);
  const cc: string[] = [];
  const headers: Record<string, string> = {};
  for (const field of query.split('&').filter(Boolean)) {
    const eq = field.indexOf('=');
    const name = decode(eq === -1 ? field : field.slice(0, eq), problems).toLowerCase();
    // In a query, "+" is a literal plus for mailto (RFC 6068 §2), not a space.
    const value = decode(eq === -1 ? '' : field.slice(eq + 1), problems);
    headers[name] = value;
    if (name === 'to') to.push(...split(field.slice(eq + 1)));
    if (name === 'cc') cc.push(...split(field.slice(eq + 1)));
  }
  if (to.length === 0) problems.push('names no address');
  for (const address of [...to, ...cc]) {
    if (!isPlausibleAddress(address)) problems.push(`"${address}" is not an email address`);
  }
  if (/[^\x21-\x7e]/.test(uri)) problems.push('has characters that must be %-encoded in a URI (RFC 6068)');
  const nonAsciiAddress = [...to, ...cc].some((a) => /[^\x00-\x7f]/.test(a));
  return { uri, address: to[0] ?? '', to, subject: headers.subject, body: headers.body, cc, headers, nonAsciiAddress, problems };
}

export interface MailtoMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  cc?: string;
}

/**
 * The mail a person sends by following a mailto: link: the URI's addresses, subject and
 * body (RFC 6068). An empty subject becomes "unsubscribe", which is what people write.
 */
export function mailtoToMessage(uri: string, from: string): MailtoMessage {
  const parsed = parseMailto(uri);
  if (!parsed || parsed.to.length === 0) throw new TypeError(`not a usable mailto: URI: ${uri}`);
  const usable = parsed.to.filter(isPlausibleAddress);
  if (usable.length === 0) throw new TypeError(`the mailto: URI names no valid address: ${uri}`);
  return {
    from,
    to: usable.join(', '),
    subject: parsed.subject?.trim() ? parsed.subject : 'unsubscribe',
    text: parsed.body ?? 'unsubscribe',
    ...(parsed.cc.length ? { cc: parsed.cc.filter(isPlausibleAddress).join(', ') } : {}),
  };
}
