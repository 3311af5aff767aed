/** Starts all bundled demo sites (the good and broken variants of each) at once. */
import { startBookshop } from './bookshop.js';
import { startMailExchanger, type MailExchanger } from './newsletter-inbound.js';
import { NEWSLETTER_VARIANTS, receivesMail, startNewsletter, type NewsletterVariant } from './newsletter.js';
import type { HostPort } from '../core/host-port.js';
import type { DemoSite } from './site.js';

export interface DemoSites {
  sites: DemoSite[];
  /**
   * BOOKSHOP_URL, BOOKSHOP_BROKEN_URL, BOOKSHOP_SOFT404_URL, BOOKSHOP_DEAD_PDF_URL; NEWSLETTER_URL (good), NEWSLETTER_BROKEN_URL (keeps-mailing)
   * and NEWSLETTER_<VARIANT>_URL for every other newsletter variant (NEWSLETTER_LOGIN_WALL_URL, …);
   * NEWSLETTER_SMTP and NEWSLETTER_AUTO_RESPONDER_SMTP: `host:port` of the inbound SMTP server
   * that receives those variants' mailto: unsubscribes.
   */
  env: Record<string, string>;
  /** The demo newsletters' inbound SMTP server: the outbound relay a demo run sends mail through. */
  relay: HostPort;
  close(): Promise<void>;
}

/** NEWSLETTER_LOGIN_WALL for `login-wall`; plain NEWSLETTER for `good`. */
function newsletterKey(variant: NewsletterVariant): string {
  return variant === 'good' ? 'NEWSLETTER' : `NEWSLETTER_${variant.toUpperCase().replace(/-/g, '_')}`;
}

/** Env names that stay for journeys written before the variants had their own. */
const ALIASES: Record<string, string> = { NEWSLETTER_BROKEN_URL: 'NEWSLETTER_KEEPS_MAILING_URL' };

export async function startDemoSites(opts: { smtp: HostPort; unsubscribeDelayMs?: number }): Promise<DemoSites> {
  const { smtp } = opts;
  // One mail exchanger for every newsletter variant that receives mail, so one relay reaches them all.
  const exchanger: MailExchanger = await startMailExchanger();
  const starting: [string, Promise<DemoSite>][] = [
    ['BOOKSHOP_URL', startBookshop({ variant: 'good', smtp })],
    ['BOOKSHOP_BROKEN_URL', startBookshop({ variant: 'dead-test-link', smtp })],
    ['BOOKSHOP_SOFT404_URL', startBookshop({ variant: 'soft-404-test-link', smtp })],
    ['BOOKSHOP_DEAD_PDF_URL', startBookshop({ variant: 'dead-pdf-link', smtp })],
    ...NEWSLETTER_VARIANTS.map((variant): [string, Promise<DemoSite>] => [
      `${newsletterKey(variant)}_URL`,
      startNewsletter({ variant, smtp, exchanger, unsubscribeDelayMs: opts.unsubscribeDelayMs }),
    ]),
  ];
  const results = await Promise.allSettled(starting.map(([, site]) => site));

  const sites = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const close = async (): Promise<void> => {
    await Promise.all(sites.map((site) => site.close()));
    await exchanger.close();
  };

  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await close();
    throw failure.reason;
  }

  const relay = `${exchanger.target.host}:${exchanger.target.port}`;
  const env: Record<string, string> = {};
  starting.forEach(([key], i) => {
    env[key] = sites[i].url;
  });
  for (const variant of NEWSLETTER_VARIANTS) if (receivesMail(variant)) env[`${newsletterKey(variant)}_SMTP`] = relay;
  for (const [alias, key] of Object.entries(ALIASES)) env[alias] = env[key];
  return { sites, env, relay: exchanger.target, close };
}
