import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinkChecker } from '../../../src/links/index.js';
import { formatText } from '../../../src/links/format-results.js';
import { groupLinkProblems, linkProblemMessage } from '../../../src/steps/link-findings.js';
import { article, html, redirect, serve, type Loopback } from './loopback.js';

/** Counts people can trust: one broken address is one problem, one page served at two addresses is one page. */

const PAGES = 50;
let site: Loopback;

beforeAll(async () => {
  const routes: Record<string, ReturnType<typeof html>> = {};
  const list = Array.from({ length: PAGES }, (_, i) => `<li><a href="/page-${i}">Page ${i}</a></li>`).join('\n');
  const home = article('Home', 60, `<ul>\n${list}\n</ul>\n<a href="/index.html">Home again</a> <a href="/start">Start</a>`);
  routes['/'] = html(home);
  // The same page at another address, and a redirect to it.
  routes['/index.html'] = html(home);
  routes['/start'] = redirect('/');
  for (let i = 0; i < PAGES; i++) {
    // The broken link sits on a different line on each page.
    routes[`/page-${i}`] = html(`<!doctype html><title>Page ${i}</title>\n${'<p>text</p>\n'.repeat(i)}<a href="/retired-offer">Our offer</a>\n${article(`Page ${i}`, 40)}`);
  }
  site = await serve(routes);
});
afterAll(() => site.close());

describe('a duplicate-heavy crawl', () => {
  it('one broken URL linked from 50 pages is one finding with 50 occurrences, each with its page and line; / and /index.html are one page', async () => {
    const checker = new LinkChecker({ soft404Probe: false, requestTimeoutMs: 5_000 });
    const { links, pages } = await checker.crawl(`${site.url}/`, { depth: 3 });
    await checker.close();

    // `/`, `/index.html` (same body) and `/start` (redirects to `/`) are read once.
    const home = pages.filter((p) => p.title === 'Home');
    expect(home).toHaveLength(1);
    expect(home[0].aliases?.map((a) => new URL(a).pathname).sort()).toEqual(['/index.html', '/start']);
    expect(pages).toHaveLength(PAGES + 1);
    // The home page's links are checked once, not once per alias.
    expect(links.filter((l) => l.url === `${site.url}/page-7`)).toHaveLength(1);
    // The broken page was asked once.
    expect(site.hits.get('/retired-offer')).toBe(1);

    const problems = groupLinkProblems(links);
    expect(problems).toHaveLength(1);
    const [problem] = problems;
    expect(problem.link).toMatchObject({ url: `${site.url}/retired-offer`, state: 'broken', reason: 'status', status: 404 });
    expect(problem.occurrences).toHaveLength(PAGES);
    const places = problem.occurrences.map((o) => `${new URL(o.parent).pathname} ${o.where}`).sort();
    expect(places).toEqual(Array.from({ length: PAGES }, (_, i) => `/page-${i} line ${i + 2}`).sort());

    const message = linkProblemMessage(problem, `the site from ${site.url}/`);
    expect(message).toContain('“Our offer” leads to a page that does not exist (HTTP 404)');
    expect(message).toContain(`${PAGES} links on ${PAGES} pages`);
    // It names the pages the link is on, not just the crawl start.
    expect(message).toMatch(new RegExp(`${site.url}/page-\\d+ \\(line \\d+\\)`));
    expect(message).toContain('and 47 more');

    // The command's summary counts the links and the addresses they lead to.
    expect(formatText({ links, pages, durationMs: 0 })).toMatch(new RegExp(`links on ${PAGES + 1} pages: \\d+ ok, ${PAGES} broken \\(1 address\\),`));
  });
});

describe('a big page that takes longer than the request timeout to arrive', () => {
  it('is read whole: its links are all checked, not cut at the timeout', async () => {
    const CHUNKS = 30;
    const slow = await serve({
      '/': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write(`<!doctype html><title>Contents</title>${article('Contents', 60)}`);
        let sent = 0;
        const timer = setInterval(() => {
          if (res.destroyed) return clearInterval(timer);
          res.write(`<p><a href="/section-${sent}">Section ${sent}</a></p>\n`);
          if (++sent === CHUNKS) {
            clearInterval(timer);
            res.end('</body></html>');
          }
        }, 60);
      },
    }, html(article('Section', 60)));
    try {
      // The answer starts at once; the body takes ~1.8 s, longer than the 1 s request timeout.
      const checker = new LinkChecker({ soft404Probe: false, requestTimeoutMs: 1_000, linkTimeoutMs: 20_000 });
      const { links, pages } = await checker.crawl(`${slow.url}/`, { depth: 0 });
      await checker.close();
      expect(pages[0]).toMatchObject({ state: 'ok', links: CHUNKS + 1 });
      expect(links.filter((l) => l.url.includes('/section-'))).toHaveLength(CHUNKS);
    } finally {
      await slow.close();
    }
  }, 30_000);
});

describe('crawl progress', () => {
  it('counts pages read and pages still to read', async () => {
    const checker = new LinkChecker({ soft404Probe: false, requestTimeoutMs: 5_000 });
    const seen: { done: number; queued: number }[] = [];
    const crawl = checker.crawl(`${site.url}/`, { depth: 3 });
    const timer = setInterval(() => seen.push({ ...checker.pages }), 2);
    await crawl;
    clearInterval(timer);
    await checker.close();
    // `/`, `/index.html`, `/start`, the 50 pages and the broken one: every visit ends as done.
    expect(checker.pages).toEqual({ done: PAGES + 4, queued: 0 });
    expect(seen.some((p) => p.queued > 0)).toBe(true);
  });
});
