/**
 * The catalogue of finding codes: stable ids, default severity, the rule from
 * shared/RULES.md a finding indicates, and what a marketer should do next.
 * Views (HTML, Markdown, JUnit) read titles and advice from here.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface FindingCodeInfo {
  severity: Severity;
  title: string;
  rule?: string;
  advice: string;
}

export const FINDING_CODES = {
  STEP_FAILED: {
    severity: 'error',
    title: 'A step of the journey could not be completed',
    advice: 'Open the screenshot of the failed step to see what the customer saw, then fix the page or the journey.',
  },
  ELEMENT_NOT_FOUND: {
    severity: 'error',
    title: 'Something the customer needs is missing from the page',
    advice: 'Check that the button, link or field still exists with the same wording.',
  },
  TEXT_NOT_FOUND: {
    severity: 'error',
    title: 'The page did not say what the customer expects',
    advice: 'Compare the screenshot with the expected wording; the page or the promise changed.',
  },
  URL_MISMATCH: {
    severity: 'error',
    title: 'The customer ended up on a different page',
    advice: 'Check redirects and the link targets along the journey.',
  },
  PAGE_BROKEN: {
    severity: 'error',
    title: 'A page of the journey is broken',
    rule: 'PRACTICE-PROMISE',
    advice: 'Restore the page or redirect its address to the right content.',
  },
  LINK_BROKEN: {
    severity: 'error',
    title: 'A link promised to the customer is dead',
    rule: 'PRACTICE-PROMISE',
    advice: 'Restore the page behind the link, or redirect the old address to the promised content.',
  },
  MAIL_LINK_NOT_FOUND: {
    severity: 'error',
    title: 'An email lacks the link the customer needs',
    advice: 'Check the email template: the expected link is missing or worded differently.',
  },
  MAIL_NOT_RECEIVED: {
    severity: 'error',
    title: 'An expected email never arrived',
    advice: 'Check that the site sends this email and that it goes to the address the customer gave.',
  },
  MAIL_UNEXPECTED: {
    severity: 'error',
    title: 'An email arrived that should not have',
    advice: 'Find out which system sent it and why the customer was still on its list.',
  },
  MAIL_NOT_FOR_CUSTOMER: {
    severity: 'error',
    title: 'The audit refused to act as someone other than the customer',
    advice: 'The email was not addressed to the journey\'s mailbox named for this step (or to several of them): name the customer with `as:`, or check which address the site sent it to.',
  },
  UNSUB_NOT_HONOURED: {
    severity: 'error',
    title: 'Mail kept coming after the customer unsubscribed',
    rule: 'GOOGLE-2',
    advice: 'Make sure unsubscribe requests are processed at once, every day of the week, by every system that sends mail.',
  },
  LINK_SOFT_404: {
    severity: 'error',
    title: 'A link leads to a "not found" page dressed up as a working one',
    rule: 'PRACTICE-PROMISE',
    advice: 'The server answers "OK" but shows a not-found page or sends the customer to the home page; restore the content or redirect to it.',
  },
  LINK_TIMEOUT: {
    severity: 'error',
    title: 'A link does not answer in time',
    rule: 'PRACTICE-PROMISE',
    advice: 'The server behind the link accepted the connection but never answered; check that it is up and not overloaded.',
  },
  LINK_UNREACHABLE: {
    severity: 'error',
    title: 'The site behind a link cannot be reached',
    rule: 'PRACTICE-PROMISE',
    advice: 'The domain does not resolve, refuses connections or has a broken certificate; renew the domain or certificate, or change the link.',
  },
  LINK_REDIRECT_LOOP: {
    severity: 'error',
    title: 'A link sends the customer round in circles',
    rule: 'PRACTICE-PROMISE',
    advice: 'The redirects behind the link loop or never end; fix the redirect rules.',
  },
  LINK_FRAGMENT_MISSING: {
    severity: 'warning',
    title: 'A link points to a section that is not on the page',
    advice: 'The page opens but the #section the link names is gone; update the link or restore the anchor.',
  },
  LINK_BLOCKED: {
    severity: 'info',
    title: 'A link is behind a bot wall and could not be checked',
    advice: 'A person may reach it; open it by hand to be sure.',
  },
  UNSUB_NO_HEADER: {
    severity: 'error',
    title: 'The email offers no unsubscribe in its headers',
    rule: 'RFC2369',
    advice: 'Add a List-Unsubscribe header (and List-Unsubscribe-Post for one-click) so mail programs can show an unsubscribe button.',
  },
  UNSUB_HEADER_INVALID: {
    severity: 'error',
    title: 'The unsubscribe header is malformed',
    rule: 'RFC2369',
    advice: 'Write List-Unsubscribe as angle-bracketed mailto: or https: addresses separated by commas.',
  },
  UNSUB_NO_ONE_CLICK: {
    severity: 'warning',
    title: 'The email does not support one-click unsubscribe',
    rule: 'RFC8058-1',
    advice: 'Large mailbox providers require one-click unsubscribe: exactly one https address in List-Unsubscribe plus List-Unsubscribe-Post: List-Unsubscribe=One-Click.',
  },
  UNSUB_DKIM_UNCOVERED: {
    severity: 'warning',
    title: 'The email signature does not cover the unsubscribe headers',
    rule: 'RFC8058-4',
    advice: 'Include List-Unsubscribe and List-Unsubscribe-Post in the DKIM h= list, or providers will ignore one-click.',
  },
  UNSUB_NO_LINK: {
    severity: 'error',
    title: 'The email has no visible unsubscribe link',
    rule: 'GOOGLE-1',
    advice: 'Put a clearly worded unsubscribe link in the body of every marketing email.',
  },
  UNSUB_ONE_CLICK_REDIRECT: {
    severity: 'error',
    title: 'One-click unsubscribe answers with a redirect',
    rule: 'RFC8058-3',
    advice: 'Answer the one-click POST with a 200 and unsubscribe at once; mailbox providers do not follow redirects.',
  },
  UNSUB_ONE_CLICK_FAILED: {
    severity: 'error',
    title: 'One-click unsubscribe does not work',
    rule: 'RFC8058-2',
    advice: 'The POST a mailbox provider sends failed or hung; it must work without cookies or a login.',
  },
  UNSUB_MAILTO_FAILED: {
    severity: 'error',
    title: 'Unsubscribing by email does not work',
    rule: 'CANSPAM-MECH',
    advice: 'The unsubscribe address must accept mail and act on it.',
  },
  UNSUB_LOGIN_REQUIRED: {
    severity: 'error',
    title: 'Unsubscribing requires logging in',
    rule: 'CFR316.5',
    advice: 'Let people unsubscribe from the link alone; a login wall is not allowed.',
  },
  UNSUB_EXTRA_STEPS: {
    severity: 'error',
    title: 'Unsubscribing takes more than one page or asks for more than the address',
    rule: 'CFR316.5',
    advice: 'One page, no extra fields, no CAPTCHA, nothing pre-ticked: unsubscribing must be as easy as subscribing.',
  },
  UNSUB_CONFIRMSHAMING: {
    severity: 'warning',
    title: 'The unsubscribe page guilt-trips the customer',
    rule: 'GDPR-OBJECT',
    advice: 'Use neutral wording; objecting to marketing must be as easy as consenting.',
  },
  UNSUB_FAKE_CONFIRMATION: {
    severity: 'error',
    title: 'The unsubscribe page says "done" but sent nothing',
    rule: 'CFR316.5',
    advice: 'The confirmation appeared without any request reaching the server; make the button actually unsubscribe.',
  },
  UNSUB_DEAD_BUTTON: {
    severity: 'error',
    title: 'The unsubscribe button does nothing',
    rule: 'CFR316.5',
    advice: 'Clicking the button sent no request; fix the form or its script.',
  },
  REPLY_AUTO_RESPONDER: {
    severity: 'warning',
    title: 'A reply to the email met an auto-responder',
    rule: 'PRACTICE-REPLY',
    advice: 'Make sure replies, especially "unsubscribe", reach a person or a working opt-out.',
  },
  REPLY_CHALLENGE: {
    severity: 'error',
    title: 'A reply met a "verify you are human" challenge',
    rule: 'PRACTICE-REPLY',
    advice: 'Do not put challenge-response walls in front of people answering your own mail.',
  },
  REPLY_LOOP: {
    severity: 'error',
    title: 'Auto-replies answered each other in a loop',
    rule: 'RFC3834',
    advice: 'Never auto-reply to mail marked Auto-Submitted; mark your own automatic mail with Auto-Submitted: auto-replied.',
  },
  RESUBSCRIBED: {
    severity: 'error',
    title: 'The customer was signed up again after opting out',
    rule: 'PRACTICE-NO-RESUB',
    advice: 'A reply, a purchase or a challenge must never put someone back on a list they left.',
  },
  UNSUB_CONFIRM_ROUND_TRIP: {
    severity: 'warning',
    title: 'Unsubscribing needs an extra confirmation round trip',
    rule: 'CFR316.5',
    advice: 'Take people off the list on their first request: one reply mail or one web page is the most the law allows, and one-click (RFC 8058) is what mailbox providers expect of bulk senders.',
  },
  UNSUB_GOODBYE_MARKETING: {
    severity: 'warning',
    title: 'The unsubscribe confirmation carries offers or a re-subscribe link',
    rule: 'PRACTICE-NO-RESUB',
    advice: 'A goodbye mail only confirms: no offers, and no link that signs the reader up again with one click.',
  },
  HTTP_UNEXPECTED: {
    severity: 'error',
    title: 'A web request gave an unexpected answer',
    advice: 'Check the endpoint named in the finding; the HTTP exchange is attached as evidence.',
  },
  RUN_INTERRUPTED: {
    severity: 'warning',
    title: 'The run was interrupted before every journey finished',
    advice: 'Run again; the report shows what had finished.',
  },
  PAGE_HTTP_ERROR: {
    severity: 'error',
    title: 'The customer landed on an error page',
    rule: 'PRACTICE-PROMISE',
    advice: 'Open the screenshot and the server log for that address: the site answered the customer with an error (4xx/5xx), whatever the page says.',
  },
  PAGE_BOT_WALL: {
    severity: 'warning',
    title: 'Could not verify: a bot wall stopped the audit',
    advice: 'Allow-list the audit (its IP address or user agent) in the site’s bot protection, or walk this step by hand; the journey is inconclusive, not broken.',
  },
} as const satisfies Record<string, FindingCodeInfo>;

export type FindingCode = keyof typeof FINDING_CODES;

/** The catalogue entry of a code, with every field of FindingCodeInfo readable (no casts at the call site). */
export function findingCode(code: FindingCode): FindingCodeInfo {
  return FINDING_CODES[code];
}
