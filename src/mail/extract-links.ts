import type { MailLink } from './received-mail.js';

/**
 * Links of a mail as the customer meets them: anchors of the HTML part with their
 * visible text, and bare URLs of the text part.
 */
export function extractLinks(parts: { html?: string; text?: string }): MailLink[] {
  const links: MailLink[] = [];
  if (parts.html) {
    const anchor = /<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi;
    for (const match of parts.html.matchAll(anchor)) {
      const href = attribute(match[1], 'href');
      if (href) links.push({ href: decodeEntities(href.trim()), text: visibleText(match[2]), part: 'html' });
    }
  }
  if (parts.text) {
    for (const match of parts.text.matchAll(/\bhttps?:\/\/[^\s<>"')\]]+/gi)) {
      const href = match[0].replace(/[.,;:!?]+$/, '');
      const lineStart = parts.text.lastIndexOf('\n', match.index) + 1;
      const label = parts.text.slice(lineStart, match.index).replace(/[:\s–-]+$/, '').trim();
      links.push({ href, text: label, part: 'text' });
    }
  }
  return links;
}

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attributes);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

function visibleText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', rsquo: '’', lsquo: '‘', hellip: '…' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : entity;
    }
    return ENTITIES[body.toLowerCase()] ?? entity;
  });
}
