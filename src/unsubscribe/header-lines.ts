/**
 * Raw header lines: splitting a header block, unfolding, RFC 2047 encoded words.
 * The audit reads headers as the sender wrote them, not as a parser tidied them.
 */
export interface HeaderLine {
  /** Field name, lowercased. */
  key: string;
  /** The raw line, folding included ("Name: value\r\n continued"). */
  line: string;
}

/** Splits a raw header block (or a whole message: it stops at the first empty line) into header lines. */
export function splitHeaderBlock(raw: string | Buffer): HeaderLine[] {
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  const lines: string[] = [];
  for (const physical of text.split(/\r?\n/)) {
    if (physical === '') break;
    if (/^[ \t]/.test(physical) && lines.length > 0) lines[lines.length - 1] += `\r\n${physical}`;
    else lines.push(physical);
  }
  return lines.flatMap((line) => {
    const colon = line.indexOf(':');
    if (colon <= 0) return []; // not a header field (mbox "From " line, garbage)
    return [{ key: line.slice(0, colon).trim().toLowerCase(), line }];
  });
}

/** The field's value with folding removed (CRLF before whitespace dropped), outer whitespace trimmed. */
export function headerValue(line: string): string {
  const colon = line.indexOf(':');
  return unfold(colon === -1 ? line : line.slice(colon + 1)).trim();
}

export function unfold(text: string): string {
  return text.replace(/\r?\n(?=[ \t])/g, '');
}

/** The values of every field with that (case-insensitive) name, in order. */
export function valuesOf(lines: readonly HeaderLine[], name: string): string[] {
  const key = name.toLowerCase();
  return lines.filter((h) => h.key.trim().toLowerCase() === key).map((h) => headerValue(h.line));
}

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

export function hasEncodedWords(value: string): boolean {
  return new RegExp(ENCODED_WORD.source).test(value);
}

/** Decodes RFC 2047 encoded words (UTF-8, Latin-1 and ASCII charsets; others left as they are). */
export function decodeEncodedWords(value: string): string {
  // Whitespace between two adjacent encoded words is not part of the text.
  const joined = value.replace(/(\?=)\s+(?==\?)/g, '$1');
  return joined.replace(ENCODED_WORD, (word, charset: string, encoding: string, data: string) => {
    const cs = charset.toLowerCase().replace(/\*.*$/, '');
    const buffer =
      encoding.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64')
        : Buffer.from(
            data.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          );
    if (cs === 'utf-8' || cs === 'utf8' || cs === 'us-ascii') return buffer.toString('utf8');
    if (cs === 'iso-8859-1' || cs === 'latin1' || cs === 'windows-1252') return buffer.toString('latin1');
    return word;
  });
}
