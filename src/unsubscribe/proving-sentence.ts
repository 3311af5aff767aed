import { DomUtils, parseDocument } from 'htmlparser2';
import { classifyReply, type ReplyKind, type ReplyMail } from './reply-classifier.js';

/** Sentences longer than this are cut (with an ellipsis) in the quote. */
const MAX_QUOTE = 300;
/** Mails are searched this far; a proof sits near the top of a reply. */
const MAX_SENTENCES = 400;

/**
 * The sentences of a mail (or page) that show it is of one of `kinds`, as the customer read
 * them: original case, accents and punctuation, not the folded phrase the classifier matched.
 * Kinds are tried in order (put the kind that decided the verdict first); the subject
 * counts as a sentence; up to two matching sentences are quoted. Undefined when no single
 * sentence carries the sign (it spanned two sentences, or came from headers only).
 */
export function provingSentence(mail: Pick<ReplyMail, 'subject' | 'text' | 'html'>, kinds: readonly ReplyKind[]): string | undefined {
  const body = mail.text?.trim() ? mail.text : visibleText(mail.html ?? '');
  const candidates = [...sentences(body), mail.subject?.trim() ?? ''].filter(Boolean).slice(0, MAX_SENTENCES);
  const signals = candidates.map((sentence) => classifyReply({ headerLines: [], subject: '', from: '', text: sentence }).signals);
  for (const kind of kinds) {
    const proof = candidates.filter((_, i) => signals[i].includes(kind)).slice(0, 2).join(' ');
    if (proof) return proof.length > MAX_QUOTE ? `${proof.slice(0, MAX_QUOTE - 1)}…` : proof;
  }
  return undefined;
}

/** Splits text at sentence ends (. ! ? followed by space) and line breaks; whitespace collapsed. */
export function sentences(text: string): string[] {
  return text
    .split(/\n\s*\n|\r?\n|(?<=[.!?])\s+(?=\S)/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** The text of an HTML body, with a line break after each block; entities decoded. */
function visibleText(html: string): string {
  const text = html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<(?:br|\/p|\/div|\/h[1-6]|\/li|\/tr)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, ' ');
  return DomUtils.textContent(parseDocument(text));
}
