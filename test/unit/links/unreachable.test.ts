import dns from 'node:dns';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinkChecker } from '../../../src/links/index.js';
import { formatText } from '../../../src/links/format-results.js';
import { groupLinkProblems, linkProblemMessage } from '../../../src/steps/link-findings.js';
import { article, closedPort, html, serve, type Loopback } from './loopback.js';

/**
 * Crawls that finish when the world is unreachable: a site on loopback whose pages link
 * to hosts that fail DNS (a stand-in resolver), refuse connections (a closed port) or
 * never answer (a blackhole that accepts and stays silent). Nothing leaves loopback.
 */

const PAGES = 30;
const DEAD_NAME = 'docs.unreachable.test';
let site: Loopback;
let blackhole: Server;
let blackholeRequests = 0;
const sockets = new Set<Socket>();
let refusedPort: number;
const realLookup = dns.lookup;
const lookups: string[] = [];

beforeAll(async () => {
  blackhole = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (data) => (blackholeRequests += String(data).match(/^(GET|HEAD) /gm)?.length ?? 0));
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
  const blackholePort = (blackhole.address() as { port: number }).port;
  refusedPort = await closedPort();
  // The machine's resolver, as on a CI runner without network: the dead name never resolves.
  (dns as { lookup: unknown }).lookup = (hostname: string, options: unknown, callback: (...args: unknown[]) => void) => {
    lookups.push(hostname);
    if (hostname === DEAD_NAME) {
      setTimeout(() => callback(Object.assign(new Error(`getaddrinfo EAI_AGAIN ${hostname}`), { code: 'EAI_AGAIN', hostname })), 20);
      return;
    }
    (realLookup as (...args: unknown[]) => void)(hostname, options, callback);
  };
  const routes: Record<string, ReturnType<typeof html>> = {};
  const list = Array.from({ length: PAGES }, (_, i) => `<a href="/p${i}">Page ${i}</a>`).join(' ');
  routes['/'] = html(article('Home', 60, `${list} <a href="/stall-a">Slow A</a> <a href="/stall-b">Slow B</a>`));
  for (let i = 0; i < PAGES; i++) {
    routes[`/p${i}`] = html(
      article(`Page ${i}`, 40, `<a href="http://${DEAD_NAME}/3/library/p${i}.html">Docs</a> <a href="http://127.0.0.1:${refusedPort}/r${i}">Refused</a> <a href="http://127.0.0.1:${blackholePort}/b${i}">Silent</a> <a href="https://mirror-${i % 3}.example.invalid/x${i}">Mirror</a>`),
    );
  }
  site = await serve(routes, (req, res) => {
    // The site's own slow pages: they time out, but the site answers, so it is never written off.
    if (req.url?.startsWith('/stall')) return void setTimeout(() => res.destroyed || res.end('late'), 20_000).unref();
    res.writeHead(404);
    res.end();
  });
});

afterAll(async () => {
  (dns as { lookup: unknown }).lookup = realLookup;
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => blackhole.close(() => resolve()));
  await site.close();
});

describe('an unreachable-hosts crawl', () => {
  it('asks each dead host once or twice, gives all its links one reason, groups them per host, and ends in bounded time', async () => {
    // Timeouts long enough for the site's own pages to be served on a machine with a load of 30.
    const checker = new LinkChecker({ soft404Probe: false, requestTimeoutMs: 4_000, connectTimeoutMs: 4_000 });
    const started = performance.now();
    const { links, pages } = await checker.crawl(`${site.url}/`, { depth: 1 });
    const elapsed = performance.now() - started;
    const hosts = checker.unreachableHosts();
    await checker.close();
    expect(pages).toHaveLength(PAGES + 1);

    const reasonsByHost = new Map<string, Set<string>>();
    for (const link of links) {
      if (link.state !== 'broken') continue;
      const host = new URL(link.url).host;
      reasonsByHost.set(host, (reasonsByHost.get(host) ?? new Set()).add(link.reason ?? ''));
    }
    const blackholeHost = `127.0.0.1:${(blackhole.address() as { port: number }).port}`;
    // One host, one reason: never dns for some links and timeout for others.
    expect(Object.fromEntries([...reasonsByHost].map(([h, r]) => [h, [...r]]))).toEqual({
      [DEAD_NAME]: ['dns'],
      [`127.0.0.1:${refusedPort}`]: ['connection'],
      [blackholeHost]: ['timeout'],
      'mirror-0.example.invalid': ['dns'],
      'mirror-1.example.invalid': ['dns'],
      'mirror-2.example.invalid': ['dns'],
      [new URL(site.url).host]: ['timeout'], // the two stalled pages, and only them
    });
    expect(links.filter((l) => l.url.startsWith(site.url) && l.state === 'broken').map((l) => new URL(l.url).pathname).sort()).toEqual(['/stall-a', '/stall-b']);

    // Grouped per host with the count of links that share the reason; the site itself is not written off.
    const byHost = Object.fromEntries(hosts.map((h) => [h.host, { reason: h.reason, links: h.links }]));
    expect(byHost).toEqual({
      [DEAD_NAME]: { reason: 'dns', links: PAGES },
      [`127.0.0.1:${refusedPort}`]: { reason: 'connection', links: PAGES },
      [blackholeHost]: { reason: 'timeout', links: PAGES },
      'mirror-0.example.invalid': { reason: 'dns', links: PAGES / 3 },
      'mirror-1.example.invalid': { reason: 'dns', links: PAGES / 3 },
      'mirror-2.example.invalid': { reason: 'dns', links: PAGES / 3 },
    });
    // Later links got the remembered reason at once: the blackhole got two requests, not thirty,
    // and the dead name was looked up once.
    expect(blackholeRequests).toBe(2);
    expect(lookups.filter((h) => h === DEAD_NAME)).toHaveLength(1);
    // The text output sums a written-off host up once, with its pages, instead of listing each link.
    const text = formatText({ links, pages, durationMs: elapsed, unreachableHosts: hosts });
    expect(text).toContain(`✗ dns: ${DEAD_NAME} — ${PAGES} links (getaddrinfo EAI_AGAIN ${DEAD_NAME}) on ${PAGES} pages, e.g. ${site.url}/p`);
    expect(text).toContain(`✗ timeout: ${blackholeHost} — ${PAGES} links`);
    expect(text).not.toContain(`http://${DEAD_NAME}/3/library/p1.html`);
    expect(text).toContain(`${site.url}/stall-a`); // the site's own slow pages are listed one by one

    // In a journey, a written-off host is one finding, not one per address.
    const problems = groupLinkProblems(links, hosts);
    const dead = problems.filter((p) => p.host?.name === DEAD_NAME);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ host: { name: DEAD_NAME, addresses: PAGES }, link: { reason: 'dns' } });
    expect(dead[0].occurrences).toHaveLength(PAGES);
    expect(linkProblemMessage(dead[0], 'the site')).toMatch(new RegExp(`^dns: ${DEAD_NAME} — ${PAGES} links to ${PAGES} addresses lead to a domain that does not exist .* on ${PAGES} pages of the site: ${site.url}/p\\d+ \\(line 1\\)`));
    // 7 hosts with problems: 6 written off, and the site's two stalled pages (one problem each).
    expect(problems).toHaveLength(6 + 2);

    // Two 4 s timeouts in a row for the blackhole, in parallel with the stalled pages; thirty
    // without the memory (8 at a time: 16 s). Generous for a busy machine.
    expect(elapsed).toBeLessThan(40_000);
  }, 90_000);
});
