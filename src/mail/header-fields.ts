import { createRequire } from 'node:module';

export interface HeaderFields {
  from: string;
  to: string[];
  subject: string;
  messageId?: string;
}

interface Libmime {
  decodeWords(text: string): string;
}

let libmime: Libmime | undefined;
/** libmime, the RFC 2047 decoder mailparser itself uses; loaded on the first encoded word. */
function decodeWords(text: string): string {
  if (!text.includes('=?')) return text;
  libmime ??= createRequire(import.meta.url)('libmime') as Libmime;
  try {
    return libmime.decodeWords(text);
  } catch {
    return text;
  }
}

/**
 * From, To, Subject and Message-ID of a header block, decoded, for the sink's index. It
 * runs for every stored message, so it reads only those four fields, without a MIME parser
 * (about a tenth of mailparser's cost); GET /messages/:id still parses fully.
 */
export function readHeaderFields(block: Buffer): HeaderFields {
  const text = block.toString('utf8').replace(/\r?\n[ \t]+/g, ' ');
  let from: string | undefined;
  let subject: string | undefined;
  let messageId: string | undefined;
  const to: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const value = line.slice(colon + 1).trim();
    switch (line.slice(0, colon).trim().toLowerCase()) {
      case 'from':
        from ??= decodeWords(value);
        break;
      case 'to':
        to.push(...addresses(value));
        break;
      case 'subject':
        subject ??= decodeWords(value);
        break;
      case 'message-id':
        messageId ??= value.startsWith('<') ? value : `<${value}>`;
        break;
    }
  }
  return { from: from ?? '', to, subject: subject ?? '', messageId: messageId || undefined };
}

/** The addr-specs of an address list: `<a@b>` parts, or bare tokens with an @; groups flattened. */
export function addresses(value: string): string[] {
  const found: string[] = [];
  let depthComment = 0;
  let quoted = false;
  let angle: string | undefined;
  let token = '';
  const flush = () => {
    const bare = token.trim();
    if (bare.includes('@') && !/\s/.test(bare)) found.push(bare);
    token = '';
  };
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (depthComment > 0) {
      if (c === '\\') i++;
      else if (c === '(') depthComment++;
      else if (c === ')') depthComment--;
      continue;
    }
    if (angle !== undefined) {
      if (c === '>') {
        if (angle.trim()) found.push(angle.trim());
        angle = undefined;
        token = '';
      } else angle += c;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === '(') depthComment = 1;
    else if (c === '<') angle = '';
    else if (c === ',' || c === ';') flush();
    else if (c === ':') token = ''; // "group:" or a display name ending in a colon
    else token += c;
  }
  flush();
  return found;
}
