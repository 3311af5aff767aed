export const MASK = '••••••';

/** Values shorter than this would mask ordinary text everywhere; we still never print them ourselves. */
const MIN_LENGTH = 3;
/** Shorter base64 runs of a secret are too likely to occur by chance. */
const MIN_BASE64_RUN = 6;

/**
 * Replaces every occurrence of the registered secret values — as written, URL-encoded,
 * HTML-escaped, inside base64 text (whatever its alignment), and split by markup
 * (`abc<span>123</span>`). Used on every string that leaves the process: step titles,
 * errors, report files, evidence, console lines.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  private patterns: RegExp[] = [];

  add(value: string | undefined): void {
    if (!value || value.length < MIN_LENGTH || this.secrets.has(value)) return;
    this.secrets.add(value);
    this.patterns = [...this.secrets].sort((a, b) => b.length - a.length).map(secretPattern);
  }

  /** The registered values (to find them on a page before it is photographed). */
  values(): string[] {
    return [...this.secrets];
  }

  redact(text: string): string {
    let result = text;
    for (const pattern of this.patterns) result = result.replace(pattern, MASK);
    return result;
  }

  /** Text-like evidence (HTML, JSON, mail, plain text) redacted like any string; other bytes as they are. */
  redactBytes(body: Buffer, contentType: string): Buffer {
    if (this.secrets.size === 0 || !isTextLike(contentType)) return body;
    const text = body.toString('utf8');
    const redacted = this.redact(text);
    return redacted === text ? body : Buffer.from(redacted, 'utf8');
  }

  /** Deep copy of a JSON-like value with every string (keys included) redacted. */
  redactDeep<T>(value: T): T {
    if (this.secrets.size === 0) return value;
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return this.redact(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object') {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [this.redact(k), walk(x)]));
      }
      return v;
    };
    return walk(value) as T;
  }
}

function isTextLike(contentType: string): boolean {
  return /^text\/|json|xml|html|javascript|message\/|multipart\/|urlencoded/i.test(contentType);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One expression for every written form of a secret. */
function secretPattern(secret: string): RegExp {
  const forms = new Set<string>();
  // Markup (tags, comments) may sit between any two characters; each character may be an HTML entity.
  const between = '(?:<[^<>]*>)*';
  forms.add([...secret].map(characterForms).join(between));
  const encoded = encodeURIComponent(secret);
  if (encoded !== secret) {
    // Either case of hex digits; a space also as `+` (form encoding).
    forms.add(escapeRegExp(encoded).replace(/%[0-9A-F]{2}/g, (hex) => (hex === '%20' ? '(?:%20|\\+)' : `(?:${hex}|${hex.toLowerCase()})`)));
  }
  for (const run of base64Runs(secret)) forms.add(escapeRegExp(run));
  return new RegExp([...forms].sort((a, b) => b.length - a.length).join('|'), 'g');
}

function characterForms(char: string): string {
  if (/\s/.test(char)) return '\\s+';
  const code = char.codePointAt(0)!;
  const named: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  const alternatives = [char, `&#${code};`, `&#x${code.toString(16)};`, `&#X${code.toString(16).toUpperCase()};`, ...(named[char] ? [named[char]] : [])];
  return `(?:${alternatives.map(escapeRegExp).join('|')})`;
}

/**
 * The base64 characters that depend only on the secret, for each of the three offsets it
 * can start at inside a longer base64 text (e.g. `Basic dXNlcjpTM2Ny…` for `user:secret`),
 * in the standard and the URL-safe alphabet.
 */
export function base64Runs(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const runs: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64').replace(/=+$/, '');
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const run = encoded.slice(start, end);
    if (run.length >= MIN_BASE64_RUN) runs.push(run, run.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...new Set(runs)];
}
