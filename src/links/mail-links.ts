import type { MailLink } from '../mail/received-mail.js';
import { mailBodyLinks } from './extract-mail.js';

/**
 * Links of a mail as the customer meets them: anchors of the HTML part with their
 * visible text, and URLs of the text part with the words before them.
 */
export function mailLinks(parts: { html?: string; text?: string }): MailLink[] {
  return mailBodyLinks(parts, 'mail')
    .filter((link) => link.tag === 'a' || link.tag === 'area' || link.where?.startsWith('text/plain'))
    .map((link) => ({ href: link.url, text: link.text, part: link.where?.startsWith('text/plain') ? 'text' : 'html' }));
}
