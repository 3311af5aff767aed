import { decodeEncodedWords, hasEncodedWords } from './header-lines.js';
import { type ParsedMailto, parseMailto } from './mailto.js';

/**
 * One List-Unsubscribe field value read the RFC 2369 way: a comma-separated list of
 * angle-bracketed URIs in order of preference; whitespace inside the brackets is
 * ignored (it comes from folding), comments in parentheses are ignored, and anything
 * after a URI that is not a comma ends the list.
 */
export interface ListUnsubscribeEntry {
  /** The URI with internal whitespace removed, or the raw text when there was no URI to speak of. */
  uri: string;
  scheme: 'mailto' | 'http' | 'https' | 'other';
  /** We can tell what the sender meant: a recognised scheme that parses. */
  usable: boolean;
  /** Departures from RFC 2369 / RFC 3986 / RFC 6068; empty when the entry is well-formed. */
  problems: string[];
  /** Things worth knowing that the RFC allows (whitespace inside brackets, comments). */
  notes: string[];
  mailto?: ParsedMailto;
  /** Which List-Unsubscribe field (0-based) it came from. */
  field: number;
}

export interface ParsedListUnsubscribe {
  entries: ListUnsubscribeEntry[];
  /** Problems of the field as a whole (encoded words, ignored trailing text). */
  problems: string[];
  notes: string[];
}

/** Characters RFC 3986 never allows in a URI (after removing whitespace). */
const NOT_IN_URI = /["<>\\^`{|}]/;

/** Skips whitespace and (nested) comments from position i; returns the new position. */
function skipCfws(text: string, i: number, comments: string[]): number {
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text[i] !== '(') return i;
    let depth = 0;
    const start = i;
    for (; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '(') depth++;
      else if (text[i] === ')' && --depth === 0) {
        i++;
        break;
      }
    }
    comments.push(text.slice(start, i));
  }
}

function classify(raw: string, field: number, problems: string[], notes: string[]): ListUnsubscribeEntry {
  const compact = raw.replace(/\s+/g, '');
  if (compact !== raw.trim()) notes.push(`whitespace inside <${raw.trim()}> is ignored (RFC 2369), read as ${compact}`);
  if (NOT_IN_URI.test(compact)) problems.push(`${compact} contains characters not allowed in a URI (quotes or brackets)`);
  // What the sender meant: the URI without the quotes around it.
  const uri = compact.replace(/^["']+|["']+$/g, '');
  const scheme = /^mailto:/i.test(uri) ? 'mailto' : /^https:/i.test(uri) ? 'https' : /^http:/i.test(uri) ? 'http' : 'other';
  if (uri === '') return { uri, scheme, usable: false, problems: [...problems, 'empty <> brackets'], notes, field };
  if (scheme === 'other') {
    return { uri, scheme, usable: false, problems: [...problems, `${uri} is neither a mailto: nor an http(s): URI`], notes, field };
  }
  if (scheme === 'mailto') {
    const mailto = parseMailto(uri);
    if (!mailto) return { uri, scheme, usable: false, problems, notes, field };
    problems.push(...mailto.problems.map((p) => `${uri} ${p}`));
    const usable = mailto.to.some((a) => /@/.test(a) && !/\s/.test(a));
    return { uri, scheme, usable, problems, notes, mailto, field };
  }
  let usable = false;
  try {
    const url = new URL(uri);
    usable = url.hostname !== '';
    if (!usable) problems.push(`${uri} names no host`);
    if (url.username || url.password) problems.push(`${uri} carries a user name or password; one-click requests must not send credentials`);
  } catch {
    problems.push(`${uri} is not a valid URL`);
  }
  if (/[^\x21-\x7e]/.test(uri)) problems.push(`${uri} has characters that must be %-encoded in a URI`);
  return { uri, scheme, usable, problems, notes, field };
}

/** Reads one List-Unsubscribe field value (unfolded). Never throws. */
export function parseListUnsubscribe(rawValue: string, field = 0): ParsedListUnsubscribe {
  const problems: string[] = [];
  const notes: string[] = [];
  let value = rawValue;
  if (hasEncodedWords(value)) {
    value = decodeEncodedWords(value);
    problems.push('the header is written with RFC 2047 encoded words (=?…?=), which are not allowed around URIs; many mail programs will not read it');
  }
  const entries: ListUnsubscribeEntry[] = [];
  const comments: string[] = [];
  let i = 0;
  while (i < value.length) {
    i = skipCfws(value, i, comments);
    if (i >= value.length) break;
    if (value[i] === ',') {
      i++;
      continue;
    }
    if (value[i] === '<') {
      const close = value.indexOf('>', i + 1);
      if (close === -1) {
        const rest = value.slice(i + 1);
        entries.push(classify(rest, field, [`<${rest.trim()} has no closing ">"`], []));
        break;
      }
      entries.push(classify(value.slice(i + 1, close), field, [], []));
      i = skipCfws(value, close + 1, comments);
      if (i < value.length && value[i] !== ',') {
        const ignored = value.slice(i).trim();
        if (/<|\b(?:mailto|https?):/i.test(ignored)) {
          problems.push(`text after the URI is not separated by a comma, so "${ignored}" is ignored (RFC 2369)`);
        } else {
          notes.push(`text after the URI is ignored (RFC 2369): "${ignored}"`);
        }
        break;
      }
      continue;
    }
    // An entry without angle brackets: take it up to the next comma.
    const comma = value.indexOf(',', i);
    const bare = value.slice(i, comma === -1 ? value.length : comma).trim();
    const quoted = /^["'](.*)["']$/.exec(bare);
    const text = quoted ? quoted[1] : bare;
    entries.push(classify(text, field, [`${bare} is not enclosed in angle brackets <…>`], []));
    i = comma === -1 ? value.length : comma + 1;
  }
  if (comments.length) notes.push(`comments are ignored: ${comments.join(' ')}`);
  if (entries.length === 0) problems.push('the header contains no URI');
  return { entries, problems, notes };
}
