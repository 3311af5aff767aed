import type { AuditProblem } from './header-audit.js';
import { linkPurpose } from './unsubscribe-words.js';
import { htmlAnchors } from './visible-links.js';

/**
 * Does the body of a mail show a visible unsubscribe link (GOOGLE-1, YAHOO-1,
 * CANSPAM-MECH)? Reads the HTML part's anchors (hidden ones do not count) and the text
 * part's URLs, and tells unsubscribe links apart from "manage preferences" links.
 */
export interface BodyLink {
  url: string;
  text: string;
  part: 'html' | 'text';
  /** What made us classify it, e.g. `text "Unsubscribe"`. */
  evidence: string;
}

export interface HiddenLink extends BodyLink {
  hiddenBy: string;
}

export interface BodyAudit {
  unsubscribeLinks: BodyLink[];
  preferenceLinks: BodyLink[];
  /** Unsubscribe links a reader cannot see. */
  hiddenLinks: HiddenLink[];
  problems: AuditProblem[];
  notes: string[];
}

const TEXT_URL = /(?:\bhttps?:\/\/|\bmailto:)[^\s<>"')\]]+/gi;

function textPartLinks(text: string): { url: string; text: string; before: string }[] {
  const links: { url: string; text: string; before: string }[] = [];
  for (const match of text.matchAll(TEXT_URL)) {
    const url = match[0].replace(/[.,;:!?]+$/, '');
    const index = match.index ?? 0;
    const lineStart = text.lastIndexOf('\n', index - 1) + 1;
    let label = text.slice(lineStart, index).replace(/[<(\[:\s–-]+$/, '').trim();
    if (label === '' && lineStart > 0) {
      // "Unsubscribe:\nhttps://…": the label is on the line before.
      const previous = text.slice(0, lineStart - 1).split('\n').reverse().find((l) => l.trim() !== '');
      label = (previous ?? '').replace(/[:\s–-]+$/, '').trim();
    }
    links.push({ url, text: label.slice(-200), before: text.slice(Math.max(0, index - 200), index) });
  }
  return links;
}

export function auditBody(mail: { html?: string; text: string }): BodyAudit {
  const unsubscribeLinks: BodyLink[] = [];
  const preferenceLinks: BodyLink[] = [];
  const hiddenLinks: HiddenLink[] = [];
  const notes: string[] = [];

  const consider = (url: string, text: string, before: string, part: 'html' | 'text', hiddenBy?: string) => {
    if (url === '' || url.startsWith('#') || /^(?:javascript|data):/i.test(url)) return;
    const purpose = linkPurpose(url, text, before);
    if (!purpose) return;
    const link = { url, text, part, evidence: purpose.evidence };
    if (hiddenBy) {
      if (purpose.kind === 'unsubscribe') hiddenLinks.push({ ...link, hiddenBy });
    } else if (purpose.kind === 'unsubscribe') unsubscribeLinks.push(link);
    else preferenceLinks.push(link);
  };

  if (mail.html) for (const a of htmlAnchors(mail.html)) consider(a.href, a.text, a.before, 'html', a.hiddenBy);
  for (const l of textPartLinks(mail.text ?? '')) consider(l.url, l.text, l.before, 'text');

  const problems: AuditProblem[] = [];
  if (unsubscribeLinks.length === 0) {
    const why = hiddenLinks.length
      ? ` The only unsubscribe link is hidden (${hiddenLinks[0].hiddenBy}).`
      : preferenceLinks.length
        ? ` There is only a "${preferenceLinks[0].text || 'preferences'}" link, which does not say it unsubscribes.`
        : '';
    problems.push({ code: 'UNSUB_NO_LINK', message: `The mail has no visible unsubscribe link in its body.${why}`, rule: 'GOOGLE-1' });
  } else {
    const parts = new Set(unsubscribeLinks.map((l) => l.part));
    if (mail.html && !parts.has('html')) notes.push('The unsubscribe link is only in the plain-text part; most people read the HTML part.');
    if (mail.html && mail.text?.trim() && !parts.has('text')) notes.push('The plain-text part has no unsubscribe link.');
  }
  for (const h of hiddenLinks) notes.push(`A hidden unsubscribe link does not count: ${h.url} (${h.hiddenBy}).`);
  return { unsubscribeLinks, preferenceLinks, hiddenLinks, problems, notes };
}
