import type { Page, Request, Response } from 'playwright';
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

export interface DocumentMark {
  visits: number;
  started: number;
}

/** A main-frame document a step opened, with the status it was answered with. */
export interface DocumentVisit {
  url: string;
  status: number;
  response: Response;
}

/**
 * Every main-frame document the page is answered with (redirect hops left out), so the
 * runner can tell which ones a step caused, and navigations still waiting for an answer.
 */
export class DocumentLog {
  private readonly visits: DocumentVisit[] = [];
  /** Navigations waiting for an answer, with the order they started in. */
  private readonly pending = new Map<Request, number>();
  private started = 0;

  constructor(page: Page) {
    const isDocument = (request: Request) => {
      try {
        return request.isNavigationRequest() && request.frame() === page.mainFrame();
      } catch {
        return false; // a service worker's request has no frame
      }
    };
    page.on('request', (request) => {
      if (isDocument(request)) this.pending.set(request, this.started++);
    });
    page.on('requestfinished', (request) => this.pending.delete(request));
    page.on('requestfailed', (request) => this.pending.delete(request));
    page.on('response', (response) => {
      const request = response.request();
      this.pending.delete(request);
      if (isDocument(request) && !isRedirect(response.status())) this.visits.push({ url: response.url(), status: response.status(), response });
    });
  }

  /** A position to read from: `since(mark())` after a step is what the step opened. */
  mark(): DocumentMark {
    return { visits: this.visits.length, started: this.started };
  }

  /**
   * Documents answered since `mark`; a navigation started since then that is still
   * unanswered (a form sent by a click) is waited for up to `waitMs`. One that hung
   * before the mark is not waited for again.
   */
  async since(mark: DocumentMark, waitMs: number): Promise<DocumentVisit[]> {
    const until = Date.now() + waitMs;
    const waiting = () => [...this.pending.values()].some((order) => order >= mark.started);
    while (waiting() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 25));
    return this.visits.slice(mark.visits);
  }
}
