/**
 * The rules findings and verdicts cite (shared/RULES.md), in short sentences for the
 * report: what the rule says and what it means for the customer. Law is cited as an
 * indicator, never as a conclusion.
 */
export type RuleKind = 'standard' | 'provider' | 'law' | 'practice';

export interface RuleInfo {
  kind: RuleKind;
  /** Where the rule comes from, short. */
  source: string;
  /** The rule, in one or two sentences. */
  text: string;
  /** What it means, in plain words. */
  explanation: string;
}

export const RULES = {
  RFC2369: {
    kind: 'standard',
    source: 'RFC 2369',
    text: 'List-Unsubscribe: <uri>, <uri> — angle-bracketed mailto: or http(s): addresses, in order of preference.',
    explanation: 'Mail programs read this header to show their own "Unsubscribe" button; it must be present and well formed.',
  },
  'RFC8058-1': {
    kind: 'standard',
    source: 'RFC 8058',
    text: 'One-click needs List-Unsubscribe with exactly one HTTPS address and List-Unsubscribe-Post: List-Unsubscribe=One-Click.',
    explanation: 'Without both headers, Gmail and Yahoo cannot offer the one-click unsubscribe button.',
  },
  'RFC8058-2': {
    kind: 'standard',
    source: 'RFC 8058',
    text: 'The mailbox provider POSTs List-Unsubscribe=One-Click with no cookies and no login; the address itself must identify the recipient and list.',
    explanation: 'The unsubscribe must work from a plain request, without the customer being logged in.',
  },
  'RFC8058-3': {
    kind: 'standard',
    source: 'RFC 8058',
    text: 'The sender must not answer the POST with a redirect; the unsubscribe must take effect without any further action.',
    explanation: 'The click in the mail program is the whole unsubscribe; nothing more may be asked of the customer.',
  },
  'RFC8058-4': {
    kind: 'standard',
    source: 'RFC 8058',
    text: 'The DKIM signature must cover both List-Unsubscribe and List-Unsubscribe-Post.',
    explanation: 'Unsigned unsubscribe headers could be forged, so providers ignore them.',
  },
  RFC3834: {
    kind: 'standard',
    source: 'RFC 3834',
    text: 'Automatic replies carry Auto-Submitted: auto-replied; no one auto-responds to mail that is itself automatic.',
    explanation: 'Auto-replies that answer other auto-replies flood both mailboxes.',
  },
  'GOOGLE-1': {
    kind: 'provider',
    source: 'Google bulk sender guidelines',
    text: 'Marketing and subscribed mail must support one-click unsubscribe and show a visible unsubscribe link in the body.',
    explanation: 'Gmail expects both a one-click button and a link a person can see; otherwise mail may go to spam or be rejected.',
  },
  'GOOGLE-2': {
    kind: 'provider',
    source: 'Google bulk sender guidelines',
    text: 'Honour unsubscribe requests within 48 hours.',
    explanation: 'After someone unsubscribes, mail to them must stop within two days.',
  },
  'YAHOO-1': {
    kind: 'provider',
    source: 'Yahoo sender requirements',
    text: 'One-click unsubscribe in the header and a visible link in the body; honour within 2 days.',
    explanation: 'Yahoo asks for the same as Gmail: a one-click button, a visible link, and mail stopping within two days.',
  },
  'CANSPAM-OPTOUT': {
    kind: 'law',
    source: 'US CAN-SPAM, 15 U.S.C. 7704(a)(4)',
    text: 'Stop sending commercial mail no later than 10 business days after an opt-out request.',
    explanation: 'In the US, marketing mail must stop within ten business days of unsubscribing.',
  },
  'CANSPAM-MECH': {
    kind: 'law',
    source: 'US CAN-SPAM, 15 U.S.C. 7704(a)(3)',
    text: 'The opt-out mechanism (reply address or web page) must work for at least 30 days after the message was sent, and be clear and conspicuous.',
    explanation: 'The unsubscribe address or page must work and be easy to find for at least a month.',
  },
  'CFR316.5': {
    kind: 'law',
    source: 'US 16 CFR 316.5',
    text: 'To opt out, a recipient may not be required to pay, give information other than the address and preferences, or take any step other than a reply email or a single web page.',
    explanation: 'Login walls, extra required fields, CAPTCHAs and multi-page flows are signs the unsubscribe is harder than allowed.',
  },
  'CASL-UNSUB': {
    kind: 'law',
    source: 'Canada CASL',
    text: 'Unsubscribe must be free, readily performed (no login), valid for at least 60 days, and honoured within 10 business days.',
    explanation: 'In Canada, unsubscribing must be easy, free and take effect within ten business days.',
  },
  'GDPR-OBJECT': {
    kind: 'law',
    source: 'EU/UK GDPR Art. 21 and 7(3), ePrivacy Art. 13(2), PECR reg. 22',
    text: 'Objecting to direct marketing must be free and as easy as consenting, and processing for that purpose must stop.',
    explanation: 'In Europe, saying "no more marketing" must be as easy as signing up was, and must be respected.',
  },
  'PRACTICE-REPLY': {
    kind: 'practice',
    source: 'Good practice',
    text: 'A reply to a marketing mail reaches a person or a working opt-out — not an auto-responder, a challenge wall, or a re-subscription.',
    explanation: 'People answer mail with "please stop"; that answer must reach someone who acts on it.',
  },
  'PRACTICE-NO-RESUB': {
    kind: 'practice',
    source: 'Good practice',
    text: 'An unrelated action after opting out (a reply, a purchase, a challenge) must not re-subscribe the person.',
    explanation: 'Someone who left a list must not be put back on it by something else they did.',
  },
  'PRACTICE-PROMISE': {
    kind: 'practice',
    source: 'Good practice',
    text: 'A link promised to a customer leads to the promised content: not a 404, not a soft 404, not a parked domain.',
    explanation: 'Links printed in books, PDFs and receipts are promises; they must keep working.',
  },
  'PRACTICE-RESPONSE': {
    kind: 'practice',
    source: 'Good practice',
    text: 'A support request gets an acknowledgement within the time the sender promises.',
    explanation: 'If a site says "we answer within a day", the answer must come within a day.',
  },
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;

export function ruleInfo(id: string): RuleInfo | undefined {
  return (RULES as Record<string, RuleInfo>)[id];
}

/**
 * The rule id with its source. For law, a problem cites it as "an indicator of
 * non-compliance with …, not a legal conclusion"; a passed check cites the source only.
 */
export function ruleCitation(id: string, options: { problem?: boolean } = { problem: true }): string {
  const rule = ruleInfo(id);
  if (!rule) return id;
  return rule.kind === 'law' && options.problem !== false ? `${id} — an indicator of non-compliance with ${rule.source}, not a legal conclusion` : `${id} (${rule.source})`;
}
