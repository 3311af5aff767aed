import { LEAVE_CONFIRMATION_REQUEST, MARKETING, REPLY_TO_CONFIRM, RESUBSCRIBE_LINK } from './confirmation-words.js';
import { type HeaderLine, decodeEncodedWords, valuesOf } from './header-lines.js';
import { fold } from './unsubscribe-words.js';
import { htmlAnchors } from './visible-links.js';

/**
 * What came back after the customer wrote to a sender (an unsubscribe by mail, a reply):
 * an RFC 3834 auto-reply, a challenge-response wall, a whitelisting notice, a
 * (re-)subscription, a request to confirm the unsubscribe (a list server's round trip),
 * a confirmation of the unsubscribe, or a person. Each verdict comes with the phrases or
 * headers that decided it.
 */
export type ReplyKind =
  | 'auto-reply'
  | 'challenge'
  | 'confirmation-request'
  | 'whitelisted'
  | 'subscription-confirmation'
  | 'resubscribed'
  | 'unsubscribe-confirmation'
  | 'human';

export interface ReplyClass {
  kind: ReplyKind;
  /** Sent by a machine (RFC 3834 headers, vendor headers, or an automatic kind of message). */
  automated: boolean;
  /** The headers and phrases that decided it, as found. */
  evidence: string[];
  /** Every kind whose signs were found, strongest first (a whitelisting notice may also welcome you back). */
  signals: ReplyKind[];
  /** For a challenge: the link the customer is asked to follow. */
  link?: string;
  /** The Auto-Submitted value, lowercased, when present. */
  autoSubmitted?: string;
  /** For a confirmation request: how the customer can confirm leaving. */
  confirm?: LeaveConfirmation;
  /** For an unsubscribe confirmation: the offers or one-click re-subscribe links it carries (PRACTICE-NO-RESUB). */
  marketing?: string[];
}

/** How a list server wants the customer to confirm leaving. */
export interface LeaveConfirmation {
  /** Where a reply goes (Reply-To, else From); mlmmj's confirm address carries the token. */
  replyTo?: string;
  /** The subject a reply keeps (Mailman and Sympa read the token from it). */
  replySubject: string;
  /** The command line the mail quotes ("confirm 3f2a…", "AUTH 9c1e SIGNOFF news"), sent back as the reply's body. */
  command?: string;
  /** The mail asks for a reply. */
  asksForReply: boolean;
  /** A confirm link, when the mail offers one. */
  link?: string;
}

export interface ReplyMail {
  headerLines: readonly HeaderLine[];
  subject: string;
  from: string;
  text: string;
  html?: string;
}

// Patterns run on folded text: lower case, no accents, punctuation as spaces ("you're" → "you re").
const YOU_ARE = "you (?:are|re)|that you (?:are|re)|you re|i am|i m";
const HUMAN = '(?:a )?(?:real )?(?:human(?: being)?|person|not a (?:spam )?robot|not a bot|a real sender)';

const CHALLENGE = [
  `(?:verify|prove|confirm|confirming|verifying) (?:that )?(?:${YOU_ARE}) ${HUMAN}`,
  'i (?:am|m) not a robot',
  'challenge(?: |-)?response',
  'sender (?:verification|authentication) (?:request|required)',
  '(?:your|this) (?:message|email|mail) (?:has been|is being|was|is) (?:held|quarantined|put on hold|waiting)',
  'to (?:have|get) your (?:message|email|mail) delivered',
  'verify your (?:email )?address (?:to|so that) (?:deliver|complete|release)',
  'bestatigen sie dass sie (?:ein mensch|kein roboter)',
  'confirme[zr]? que vous (?:etes|n etes) (?:un humain|une personne|pas un robot)',
  'verifi(?:car|ca|que) que (?:eres|es|usted es) (?:humano|una persona|no un robot)',
  'conferma(?:re)? che sei (?:un essere umano|una persona)',
];

const WHITELISTED = [
  '(?:white|allow|safe)(?: |-)?list(?:ed)?',
  'added (?:you |your (?:address|email(?: address)?) )?to (?:our|my|the) (?:safe|approved|trusted) senders?',
  'approved senders? list',
  'liste blanche',
  'lista blanca',
  'lista bianca',
];

const RESUBSCRIBED = [
  'resubscribed',
  '(?<!you )re subscribed',
  'subscribed (?:again|once more)',
  'welcome back',
  '(?:back on|added (?:you )?back to) (?:our|the) (?:mailing )?list',
  '(?:every week|again) in your inbox|arrive in your inbox (?:\\w+ ){0,4}again',
  'reactivated your subscription|subscription (?:has been |is )?reactivated',
  'willkommen zuruck',
  'wieder angemeldet',
  'bon retour',
  'reabonne',
  'bienvenid[oa] de nuevo',
  'suscrit[oa] de nuevo',
  'bentornat[oa]',
];

const SUBSCRIBED = [
  'thanks? (?:you )?for (?:subscribing|signing up|joining)',
  '(?:you (?:are|re)|you have been) (?:now )?(?:subscribed|signed up)(?! again)',
  'confirm your (?:subscription|sign ?up)',
  'please confirm your (?:email|e mail|address)',
  'subscription (?:is )?confirmed',
  'welcome to (?:our|the) (?:\\w+ )?(?:newsletter|mailing list|list)',
  'danke fur (?:ihre|deine) anmeldung',
  'anmeldung bestatigen',
  'merci (?:de|pour) votre inscription',
  'confirmez votre inscription',
  'gracias por (?:suscribirte|tu suscripcion|suscribirse)',
  'grazie per (?:esserti iscritto|l iscrizione)',
  'bedankt voor je aanmelding',
  'obrigad[oa] por (?:se inscrever|assinar)',
];

const UNSUBSCRIBED = [
  '(?:you (?:are|re)|you have been|you ve been|your address has been|you were) (?:now |successfully )?(?:unsubscribed|removed from)',
  'unsubscribe request (?:has been |was )?(?:received|processed)',
  'removed from (?:our|the|all) (?:\\w+ )?(?:mailing )?lists?',
  'you will (?:no longer|not) receive',
  'will no longer receive (?:any )?(?:more )?(?:e ?mails?|messages|newsletters?)',
  'erfolgreich abgemeldet',
  'sie wurden (?:erfolgreich )?(?:\\w+ ){0,4}abgemeldet',
  'abmeldung (?:ist |wurde )?(?:bestatigt|erfolgreich)',
  'vous (?:etes|avez ete) desinscrit',
  'vous (?:etes|avez ete) (?:bien )?desabonne',
  'desinscription a (?:bien )?ete prise en compte',
  'vous ne recevrez plus',
  'has sido dado de baja',
  'te has dado de baja',
  'ya no recibiras',
  '(?:je bent|u bent) (?:succesvol )?(?:uitgeschreven|afgemeld)',
  'non riceverai piu',
  'disiscrizione (?:e )?(?:avvenuta|completata|confermata)',
  '(?:voce foi|foi) descadastrad[oa]',
  'nao recebera mais',
];

const AUTO_SUBJECT = [
  'out of (?:the )?office',
  'automatic reply',
  'auto(?: |-)?reply',
  'autoreply',
  'auto(?: |-)?response',
  'away from (?:the |my )?office',
  'on (?:vacation|holiday|leave)',
  'abwesenheitsnotiz',
  'automatische antwort',
  'reponse automatique',
  'absence du bureau',
  'respuesta automatica',
  'fuera de la oficina',
  'risposta automatica',
  'fuori ufficio',
  'automatisch antwoord',
  'afwezig',
  'resposta automatica',
  'ausente do escritorio',
  'delivery status notification',
  'undeliverable',
  'mail delivery (?:failed|failure|subsystem)',
];

/** Wording of machine answers without the headers (ticket systems, no-reply senders). */
const AUTO_BODY = [
  'this is an automat(?:ed|ic) (?:message|response|reply|e ?mail|notification)',
  'do not reply to this (?:e ?mail|message)',
  '(?:your )?(?:request|ticket|case) (?:# ?\\d+ |\\d+ )?(?:has been|was) (?:received|created|opened)',
  'we (?:have )?received your (?:message|request|e ?mail|inquiry) and will',
  'diese (?:nachricht|e ?mail) wurde automatisch',
  'ceci est un (?:message|e ?mail) automatique',
  'este es un (?:mensaje|correo) automatico',
];

const CONFIRM_LINK = /confirm|bestatig|valid|verif|bevestig|conferm|unsub|abmeld|desinscri|desabon|baja|disiscri|afmeld|descadastr|signoff|leave/;
const COMMAND_LINE = /^[ \t>]*((?:confirm|auth)[ \t]+[a-z0-9]{6,}(?:[ \t]+[\w.@+-]+){0,3})[ \t]*$/im;

const compile = (list: string[]) => new RegExp(`(?:^|\\s)(?:${list.join('|')})(?=\\s|$)`);
const RE = {
  challenge: compile(CHALLENGE),
  whitelisted: compile(WHITELISTED),
  resubscribed: compile(RESUBSCRIBED),
  subscribed: compile(SUBSCRIBED),
  unsubscribed: compile(UNSUBSCRIBED),
  autoSubject: compile(AUTO_SUBJECT),
  autoBody: compile(AUTO_BODY),
  leaveRequest: compile(LEAVE_CONFIRMATION_REQUEST),
  replyToConfirm: compile(REPLY_TO_CONFIRM),
  marketing: compile(MARKETING),
  resubscribeLink: compile(RESUBSCRIBE_LINK),
};

function htmlText(html: string): string {
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&amp;/gi, '&');
}

/** The headers that mark a message as machine-sent (RFC 3834 and the common vendor ones). */
function automaticHeaders(lines: readonly HeaderLine[]): { evidence: string[]; autoSubmitted?: string } {
  const evidence: string[] = [];
  const first = (name: string) => valuesOf(lines, name)[0];
  const autoSubmitted = first('auto-submitted')?.split(';')[0].trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') evidence.push(`Auto-Submitted: ${autoSubmitted}`);
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autogenerated', 'x-auto-response-suppress', 'x-autoreply-from', 'x-mail-autoreply', 'x-fc-machinegenerated']) {
    const value = first(name);
    if (value !== undefined && !/^(?:no|false|0)$/i.test(value.trim())) evidence.push(`${name}: ${value}`);
  }
  const precedence = first('precedence')?.trim().toLowerCase();
  if (precedence && /^(?:auto_reply|bulk|junk)$/.test(precedence)) evidence.push(`Precedence: ${precedence}`);
  const returnPath = first('return-path')?.trim();
  if (returnPath === '<>') evidence.push('Return-Path: <> (null sender)');
  return { evidence, ...(autoSubmitted ? { autoSubmitted } : {}) };
}

function phrase(re: RegExp, text: string): string | undefined {
  const m = re.exec(text);
  return m ? m[0].trim() : undefined;
}

/** The web links of a mail with the words they are shown with (anchor text, or the line before a bare URL). */
function mailLinks(mail: ReplyMail): { href: string; text: string }[] {
  const links: { href: string; text: string }[] = [];
  if (mail.html) for (const a of htmlAnchors(mail.html)) if (!a.hiddenBy && /^https?:/i.test(a.href)) links.push({ href: a.href, text: `${a.before.slice(-80)} ${a.text}` });
  for (const m of (mail.text ?? '').matchAll(/\bhttps?:\/\/[^\s<>"')\]]+/gi)) {
    const lineStart = mail.text.lastIndexOf('\n', (m.index ?? 0) - 1);
    const previousLine = mail.text.lastIndexOf('\n', lineStart - 1);
    links.push({ href: m[0].replace(/[.,;:!?]+$/, ''), text: mail.text.slice(previousLine + 1, m.index) });
  }
  return links;
}

function firstLink(mail: ReplyMail, prefer: RegExp): string | undefined {
  const links = mailLinks(mail);
  return (links.find((l) => prefer.test(fold(l.text)) || prefer.test(l.href.toLowerCase())) ?? links[0])?.href;
}

/** A URL that names the reader: a query value or path segment that looks like a token. */
function personalUrl(href: string): boolean {
  try {
    const url = new URL(href);
    const parts = [...url.searchParams.values(), ...url.pathname.split('/')];
    return parts.some((p) => /^[A-Za-z0-9_-]{12,}$/.test(p) && /\d/.test(p)) || [...url.searchParams.values()].some((v) => v.includes('@'));
  } catch {
    return false;
  }
}

/** Offers and one-click re-subscribe links in a goodbye mail. */
function marketingIn(mail: ReplyMail, folded: string): string[] {
  const found: string[] = [];
  const offer = phrase(RE.marketing, folded);
  if (offer) found.push(`offer "${offer}"`);
  const resubscribe = mailLinks(mail).find((l) => phrase(RE.resubscribeLink, fold(l.text.split(/\n/).slice(-2).join(' '))) && personalUrl(l.href));
  if (resubscribe) found.push(`one-click re-subscribe link ${resubscribe.href}`);
  return found;
}

function leaveConfirmation(mail: ReplyMail, subject: string, folded: string): LeaveConfirmation {
  const [replyTo] = valuesOf(mail.headerLines ?? [], 'reply-to');
  const command = COMMAND_LINE.exec(mail.text ?? '')?.[1].trim().replace(/\s+/g, ' ');
  const links = mailLinks(mail).filter((l) => CONFIRM_LINK.test(fold(l.text)) || CONFIRM_LINK.test(l.href.toLowerCase()));
  const address = (replyTo || mail.from || '').trim();
  return {
    ...(address ? { replyTo: address } : {}),
    replySubject: /^re:/i.test(subject.trim()) ? subject.trim() : `Re: ${subject.trim()}`,
    ...(command ? { command } : {}),
    asksForReply: RE.replyToConfirm.test(folded) || command !== undefined,
    ...(links[0] ? { link: links[0].href } : {}),
  };
}

export function classifyReply(mail: ReplyMail): ReplyClass {
  const subject = decodeEncodedWords(mail.subject ?? '');
  const body = `${mail.text ?? ''}\n${mail.html ? htmlText(mail.html) : ''}`;
  const folded = fold(`${subject}\n${body}`);
  const headers = automaticHeaders(mail.headerLines ?? []);

  const found: { kind: ReplyKind; evidence: string }[] = [];
  const check = (kind: ReplyKind, re: RegExp) => {
    const p = phrase(re, folded);
    if (p) found.push({ kind, evidence: `"${p}"` });
  };
  check('challenge', RE.challenge);
  check('confirmation-request', RE.leaveRequest);
  check('resubscribed', RE.resubscribed);
  check('whitelisted', RE.whitelisted);
  check('subscription-confirmation', RE.subscribed);
  check('unsubscribe-confirmation', RE.unsubscribed);
  const autoSubject = phrase(RE.autoSubject, fold(subject));
  if (autoSubject) found.push({ kind: 'auto-reply', evidence: `subject "${subject.trim()}"` });
  if (headers.evidence.length) found.push({ kind: 'auto-reply', evidence: headers.evidence.join(', ') });
  const autoBody = phrase(RE.autoBody, folded);
  if (autoBody) found.push({ kind: 'auto-reply', evidence: `"${autoBody}"` });

  // A confirmation of the unsubscribe that also welcomes you back is a re-subscription.
  const strongest = found[0]?.kind ?? 'human';
  const kind: ReplyKind = strongest === 'unsubscribe-confirmation' && found.some((f) => f.kind === 'subscription-confirmation') ? 'subscription-confirmation' : strongest;
  const signals = [...new Set(found.map((f) => f.kind))];
  const evidence = [...new Set(found.map((f) => f.evidence))];
  const marketing = kind === 'unsubscribe-confirmation' ? marketingIn(mail, folded) : [];
  return {
    kind,
    automated: kind !== 'human' || headers.evidence.length > 0,
    evidence,
    signals,
    ...(kind === 'challenge' ? { link: firstLink(mail, /verif|confirm|human|robot|challenge|captcha/) } : {}),
    ...(headers.autoSubmitted ? { autoSubmitted: headers.autoSubmitted } : {}),
    ...(kind === 'confirmation-request' ? { confirm: leaveConfirmation(mail, subject, folded) } : {}),
    ...(marketing.length ? { marketing } : {}),
  };
}

export interface LoopVerdict {
  loop: true;
  /** The longest run of automated messages in a row. */
  longestAutomatedRun: number;
  /** Index in the thread where the run that exceeded maxAuto started. */
  startsAt?: number;
  message: string;
}

/**
 * Bounded loop detection: more than `maxAuto` automated messages in a row with no
 * person in between means machines are answering machines (RFC 3834 forbids
 * answering auto-submitted mail). Undefined when there is no loop.
 */
export function detectLoop(thread: readonly Pick<ReplyClass, 'automated' | 'kind'>[], maxAuto: number): LoopVerdict | undefined {
  let run = 0;
  let longest = 0;
  let runStart = 0;
  let startsAt: number | undefined;
  thread.forEach((message, index) => {
    if (message.automated) {
      if (run === 0) runStart = index;
      run++;
      if (run > longest) longest = run;
      if (run > maxAuto && startsAt === undefined) startsAt = runStart;
    } else run = 0;
  });
  if (startsAt === undefined) return undefined;
  return {
    loop: true,
    longestAutomatedRun: longest,
    startsAt,
    message: `${longest} automatic messages came in a row (more than ${maxAuto} allowed) with no person involved.`,
  };
}
