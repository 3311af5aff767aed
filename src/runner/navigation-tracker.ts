import type { Page, Response } from 'playwright';
import type { Navigation } from '../steps/step-context.js';

/** Remembers the main frame's latest document response and the redirects that led to it. */
export function trackNavigation(page: Page): () => Promise<Navigation | undefined> {
  let last: Response | undefined;
  page.on('response', (response) => {
    const request = response.request();
    if (request.isNavigationRequest() && response.frame() === page.mainFrame() && !isRedirect(response.status())) last = response;
  });
  return async () => {
    if (!last) return undefined;
    const chain: Navigation['chain'] = [{ url: last.url(), status: last.status() }];
    for (let request = last.request().redirectedFrom(); request; request = request.redirectedFrom()) {
      // A followed redirect's own answer is its request's response.
      chain.unshift({ url: request.url(), status: (await request.response())?.status() ?? 0 });
    }
    return { requestedUrl: chain[0].url, finalUrl: last.url(), status: last.status(), chain };
  };
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}
