/** Starts all four bundled demo sites (good and broken variant of each) at once. */
import { startBookshop } from './bookshop.js';
import { startNewsletter } from './newsletter.js';
import type { DemoSite, SmtpTarget } from './site.js';

export interface DemoSites {
  sites: DemoSite[];
  /** BOOKSHOP_URL, BOOKSHOP_BROKEN_URL, NEWSLETTER_URL, NEWSLETTER_BROKEN_URL. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startDemoSites(opts: { smtp: SmtpTarget }): Promise<DemoSites> {
  const { smtp } = opts;
  const starting = {
    BOOKSHOP_URL: startBookshop({ variant: 'good', smtp }),
    BOOKSHOP_BROKEN_URL: startBookshop({ variant: 'dead-test-link', smtp }),
    NEWSLETTER_URL: startNewsletter({ variant: 'good', smtp }),
    NEWSLETTER_BROKEN_URL: startNewsletter({ variant: 'ignores-unsubscribe', smtp }),
  };
  const entries = Object.entries(starting);
  const results = await Promise.allSettled(entries.map(([, site]) => site));

  const sites = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const close = async (): Promise<void> => {
    await Promise.all(sites.map((site) => site.close()));
  };

  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await close();
    throw failure.reason;
  }

  const env = Object.fromEntries(entries.map(([key], i) => [key, sites[i].url]));
  return { sites, env, close };
}
