import type { ReceivedMail } from '../mail/received-mail.js';
import { parseHtml } from './extract-html.js';
import { extractTextLinks } from './extract-text.js';
import type { FoundLink } from './found-link.js';

/**
 * Links of a received mail as the reader meets them: the HTML part's links with their
 * visible text, the text part's URLs, and the List-Unsubscribe URIs (marked
 * `unsubscribe: true`, never fetched by a link check).
 */
export function extractMailLinks(mail: Pick<ReceivedMail, 'id' | 'html' | 'text' | 'headerLines'>): FoundLink[] {
  const parent = `mail:${mail.id}`;
  return [...mailBodyLinks({ html: mail.html, text: mail.text }, parent), ...listUnsubscribeLinks(mail.headerLines, parent)];
}

/** Links of the decoded HTML and text parts. Relative links in a mail have no base: they stay as written (invalid-url). */
export function mailBodyLinks(parts: { html?: string; text?: string }, parent: string): FoundLink[] {
  const links: FoundLink[] = [];
  if (parts.html) {
    for (const link of parseHtml(parts.html, { baseUrl: '', parent }).links) links.push({ ...link, where: `text/html part, ${link.where}` });
  }
  if (parts.text) links.push(...extractTextLinks(parts.text, parent, { where: 'text/plain part' }));
  return links;
}

/** URIs of List-Unsubscribe headers: `<https://…>, <mailto:…>`. */
export function listUnsubscribeLinks(headerLines: { key: string; line: string }[], parent: string): FoundLink[] {
  const links: FoundLink[] = [];
  for (const header of headerLines) {
    if (header.key.toLowerCase() !== 'list-unsubscribe') continue;
    const value = header.line.replace(/^[^:]*:/, '').replace(/\r?\n[ \t]+/g, ' ');
    for (const match of value.matchAll(/<([^>]+)>/g)) {
      links.push({ url: match[1].trim(), text: 'List-Unsubscribe', parent, where: 'List-Unsubscribe header', tag: 'header', unsubscribe: true });
    }
  }
  return links;
}
