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
  UNSUB_NOT_HONOURED: {
    severity: 'error',
    title: 'Mail kept coming after the customer unsubscribed',
    rule: 'GOOGLE-2',
    advice: 'Make sure unsubscribe requests are processed at once, every day of the week, by every system that sends mail.',
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
} as const satisfies Record<string, FindingCodeInfo>;

export type FindingCode = keyof typeof FINDING_CODES;
