import type { Page, Response } from 'playwright';
import type { Navigation } from '../steps/step-context.js';

/** Remembers the main frame's latest document response and the redirects that led to it. */
export function trackNavigation(page: Page): () => Navigation | undefined {
  let last: Response | undefined;
  page.on('response', (response) => {
    const request = response.request();
    if (request.isNavigationRequest() && response.frame() === page.mainFrame() && !isRedirect(response.status())) last = response;
  });
  return () => {
    if (!last) return undefined;
    const chain: Navigation['chain'] = [];
    for (let request = last.request().redirectedFrom(); request; request = request.redirectedFrom()) {
      chain.unshift({ url: request.url(), status: 0 });
    }
    // Redirect responses are not kept by Playwright once followed; 3xx stands for each hop.
    for (const hop of chain) hop.status = 302;
    chain.push({ url: last.url(), status: last.status() });
    return { requestedUrl: chain[0].url, finalUrl: last.url(), status: last.status(), chain };
  };
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}
