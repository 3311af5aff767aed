/**
 * The newsletter's variants: one site, one code path, a few switches. Each broken
 * variant breaks exactly one promise of the unsubscribe journey, so an audit of it
 * should report that failure and nothing else.
 */
import type { ListName } from './newsletter-subscribers.js';

export const NEWSLETTER_VARIANTS = [
  'good',
  'no-unsubscribe',
  'keeps-mailing',
  'second-list',
  'login-wall',
  'pre-ticked',
  'one-click-redirect',
  'auto-responder',
  'delayed',
] as const;

export type NewsletterVariant = (typeof NEWSLETTER_VARIANTS)[number];

/** Older names that still work. */
const ALIASES = { 'ignores-unsubscribe': 'keeps-mailing' } as const satisfies Record<string, NewsletterVariant>;

export type NewsletterVariantName = NewsletterVariant | keyof typeof ALIASES;

export function canonicalVariant(name: NewsletterVariantName): NewsletterVariant {
  return name in ALIASES ? ALIASES[name as keyof typeof ALIASES] : (name as NewsletterVariant);
}

export interface NewsletterBehaviour {
  /** List-Unsubscribe headers and the footer link in campaign mail. */
  offersUnsubscribe: boolean;
  /** What an unsubscribe request does: nothing, take effect at once, or after `unsubscribeDelayMs`. */
  honours: 'never' | 'at-once' | 'after-delay';
  /** The lists a reader is put on when confirming the subscription. */
  listsOnConfirm: readonly ListName[];
  /** Where the footer link leads: one page with one button, a login form, or two pages with pre-ticked boxes. */
  linkFlow: 'one-page' | 'login-wall' | 'pre-ticked';
  /** RFC 8058 one-click: 200 and done, or a 302 that only works with a session cookie. */
  oneClick: 'rfc8058' | 'redirect-needs-session';
  /** mailto: in List-Unsubscribe, and what the site's inbound SMTP does with such mail. */
  mailto: 'none' | 'processes' | 'auto-responder';
}

const GOOD: NewsletterBehaviour = {
  offersUnsubscribe: true,
  honours: 'at-once',
  listsOnConfirm: ['weekly'],
  linkFlow: 'one-page',
  oneClick: 'rfc8058',
  mailto: 'processes',
};

/** The good behaviour with the mailto path left out: variants that need no SMTP start none. */
const WEB_ONLY: NewsletterBehaviour = { ...GOOD, mailto: 'none' };

export const BEHAVIOURS: Record<NewsletterVariant, NewsletterBehaviour> = {
  good: GOOD,
  'no-unsubscribe': { ...WEB_ONLY, offersUnsubscribe: false },
  'keeps-mailing': { ...WEB_ONLY, honours: 'never' },
  'second-list': { ...WEB_ONLY, listsOnConfirm: ['weekly', 'deals'] },
  'login-wall': { ...WEB_ONLY, linkFlow: 'login-wall' },
  'pre-ticked': { ...WEB_ONLY, linkFlow: 'pre-ticked' },
  'one-click-redirect': { ...WEB_ONLY, oneClick: 'redirect-needs-session' },
  'auto-responder': { ...GOOD, mailto: 'auto-responder' },
  delayed: { ...WEB_ONLY, honours: 'after-delay' },
};

/** Whether the variant receives mail (and so needs an inbound SMTP server). */
export function receivesMail(variant: NewsletterVariantName): boolean {
  return BEHAVIOURS[canonicalVariant(variant)].mailto !== 'none';
}

/** The variant's mail domain: `newsletter.test` for the good one, `<variant>.newsletter.test` for the others. */
export function mailDomain(variant: NewsletterVariant): string {
  return variant === 'good' ? 'newsletter.test' : `${variant}.newsletter.test`;
}

export const DEFAULT_UNSUBSCRIBE_DELAY_MS = 5_000;
