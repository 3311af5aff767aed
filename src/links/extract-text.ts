import { clipText, resolveUrl, type FoundLink } from './found-link.js';

/** Absolute links a reader can type or click in prose: http(s), www., mailto:. */
const BARE_URL = /\b(?:https?:\/\/|www\.)[^\s<>"'`{}|\\^]+|\bmailto:[^\s<>"'`()]+/gi;
/** `[text](url "title")` and `![alt](src)`. */
const MD_INLINE = /(!?)\[((?:[^\]\\]|\\.)*)\]\(\s*<?([^)\s>]+)>?(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
/** `[id]: url "title"` */
const MD_REFERENCE = /^\s{0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s|$)/;
/** `<https://…>` */
const AUTOLINK = /<((?:https?|mailto):[^\s<>]+)>/gi;

/** Links of plain text or Markdown, each with its line number and its text (the Markdown label, or what precedes it on the line). */
export function extractTextLinks(text: string, parent: string, opts: { where?: string } = {}): FoundLink[] {
  const links: FoundLink[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    if (!/[:.]/.test(line)) continue;
    const where = opts.where ? `${opts.where}, line ${n + 1}` : `line ${n + 1}`;
    const taken: [number, number][] = [];
    const push = (url: string | undefined, label: string, start: number, end: number, tag: string) => {
      taken.push([start, end]);
      if (url && /^(https?:|mailto:|tel:|www\.)/i.test(url)) links.push({ url: absolute(url), text: clipText(label), parent, where, tag });
    };
    const reference = MD_REFERENCE.exec(line);
    if (reference) push(reference[2], reference[1], 0, line.length, 'markdown');
    for (const m of line.matchAll(MD_INLINE)) push(m[3], unescape(m[2]), m.index, m.index + m[0].length, m[1] ? 'markdown image' : 'markdown');
    for (const m of line.matchAll(AUTOLINK)) {
      if (!overlaps(taken, m.index)) push(m[1], labelBefore(line, m.index, taken), m.index, m.index + m[0].length, 'text');
    }
    for (const m of line.matchAll(BARE_URL)) {
      if (overlaps(taken, m.index)) continue;
      const url = trimTrailing(m[0]);
      if (url.length > 4) push(url, labelBefore(line, m.index, taken), m.index, m.index + url.length, 'text');
    }
  }
  return links;
}

function absolute(url: string): string {
  return resolveUrl(/^www\./i.test(url) ? `https://${url}` : url, undefined);
}

function overlaps(spans: [number, number][], index: number): boolean {
  return spans.some(([start, end]) => index >= start && index < end);
}

/** What precedes the link on its line, since the link before it, as its label ("Test yourself: https://…" → "Test yourself"). */
function labelBefore(line: string, index: number, taken: [number, number][]): string {
  const from = Math.max(0, ...taken.map(([, end]) => end).filter((end) => end <= index));
  return line
    .slice(from, index)
    .replace(/[<([]+$/, '')
    .replace(/[:\s–—-]+$/, '')
    .replace(/^[\s>*#(),.;-]+/, '')
    .replace(/^(?:and|or|und|oder|et|ou|y|o|e|en|of)(?:\s+|$)/i, '')
    .trim();
}

/** Drops sentence punctuation after a URL, and a closing bracket it did not open. */
export function trimTrailing(url: string): string {
  let result = url;
  for (;;) {
    const before = result;
    result = result.replace(/[.,;:!?'"*_]+$/, '');
    for (const [open, close] of [['(', ')'], ['[', ']']]) {
      if (result.endsWith(close) && count(result, open) < count(result, close)) result = result.slice(0, -1);
    }
    if (result === before) return result;
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function unescape(markdown: string): string {
  return markdown.replace(/\\(.)/g, '$1');
}
