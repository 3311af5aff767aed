import { createServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinkChecker, type FoundLink, type LinkPolicy } from '../../../src/links/index.js';
import { article, closedPort, html, redirect, serve, type Loopback } from './loopback.js';
import { budget } from '../../support/time-budget.js';

/** The checker against a real loopback server: one test per kind of breakage and per trap that must stay ok. */

const POLICY: Partial<LinkPolicy> = { requestTimeoutMs: 1_500, connectTimeoutMs: 1_000, retryAfterMaxMs: 3_000, soft404Probe: false };
const BOMB = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)); // 64 MB of spaces in ~64 KB
let site: Loopback;
let retried = 0;

beforeAll(async () => {
  site = await serve({
    '/ok': html(article('Chapter one', 400, '<h2 id="intro">Intro</h2><a name="old-anchor"></a>')),
    '/404': html('<title>Gone</title>', 404),
    '/410': html('<title>Gone</title>', 410),
    '/500': html('<title>Oops</title>', 500),
    '/hang': () => undefined, // accepts, never answers
    '/loop-a': redirect('/loop-b'),
    '/loop-b': redirect('/loop-a'),
    '/endless': (_req, res, url) => redirect(`/endless?n=${Number(url.searchParams.get('n') ?? 0) + 1}`, 301)(_req, res, url),
    '/slow-hop': (_req, res, url) => setTimeout(() => redirect(`/slow-hop?n=${Number(url.searchParams.get('n') ?? 0) + 1}`)(_req, res, url), 300),
    '/to-404': redirect('/moved', 301),
    '/moved': redirect('/404', 302),
    '/hop1': redirect('/hop2', 301),
    '/hop2': redirect('/hop3', 302),
    '/hop3': redirect('/ok', 307),
    '/cover.png': (req, res) => {
      res.writeHead(req.method === 'HEAD' ? 405 : 200, { 'content-type': 'image/png' });
      res.end(req.method === 'HEAD' ? undefined : Buffer.alloc(100));
    },
    '/busy': (_req, res) => {
      if (retried++ === 0) {
        res.writeHead(429, { 'retry-after': '1' });
        res.end();
      } else html(article('Finally'))(_req, res, new URL('http://x'));
    },
    '/always-busy': (_req, res) => {
      res.writeHead(429, { 'retry-after': '1' });
      res.end();
    },
    '/wall': html('<html><head><title>Just a moment...</title></head><body><div id="challenge-platform">Checking your browser</div></body></html>', 403),
    '/cf': html('<title>Forbidden</title>', 403, { 'cf-mitigated': 'challenge' }),
    '/forbidden': html('<title>Forbidden</title><h1>Forbidden</h1>', 403),
    '/counted': html(article('Counted')),
    '/bomb': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      res.end(BOMB);
    },
    '/huge': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<title>Big</title><main>');
      for (let i = 0; i < 200; i++) res.write(`<p>${'word '.repeat(20_000)}</p>`);
      res.end('</main>');
    },
    '/file.bin': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.alloc(4096, 7));
    },
    '/linkedin': html('<title>Hmm</title>', 999),
    '/maintenance': (_req, res) => {
      res.writeHead(503, { 'retry-after': '1', 'content-type': 'text/html' });
      res.end('<title>Down for maintenance</title>');
    },
    '/down': html('<title>Service unavailable</title>', 503),
    '/unsubscribe': html('<h1>You are unsubscribed</h1>'),
    '/newsletter/optout': html('<h1>You are unsubscribed</h1>'),
  });
});
afterAll(() => site.close());

async function check(links: (string | Partial<FoundLink>)[], policy: Partial<LinkPolicy> = {}) {
  const checker = new LinkChecker({ ...POLICY, ...policy });
  try {
    return await checker.check(links.map((l) => (typeof l === 'string' ? { url: l.startsWith('/') ? site.url + l : l, text: '', parent: 'test', tag: 'a' } : { text: '', parent: 'test', tag: 'a', ...l, url: l.url!.startsWith('/') ? site.url + l.url : l.url! })));
  } finally {
    await checker.close();
  }
}

async function one(link: string | Partial<FoundLink>, policy: Partial<LinkPolicy> = {}) {
  return (await check([link], policy))[0];
}

describe('broken links, one per kind', () => {
  it.each([
    ['/404', 404],
    ['/410', 410],
    ['/500', 500],
  ])('%s is broken with its status', async (path, status) => {
    const result = await one(path);
    expect(result).toMatchObject({ state: 'broken', reason: 'status', status });
  });

  it('a host under .invalid is a DNS failure, without waiting', async () => {
    const started = Date.now();
    expect(await one('http://shop.invalid/book')).toMatchObject({ state: 'broken', reason: 'dns' });
    expect(Date.now() - started).toBeLessThan(budget(1_000));
  });

  it('an IDN host is looked up as punycode and fails as DNS', async () => {
    const result = await one('http://bücher.invalid/');
    expect(result).toMatchObject({ state: 'broken', reason: 'dns' });
    expect(result.url).toBe('http://bücher.invalid/');
  });

  it('a refused connection is a connection failure', async () => {
    const port = await closedPort();
    expect(await one(`http://127.0.0.1:${port}/`)).toMatchObject({ state: 'broken', reason: 'connection' });
  });

  it('TLS spoken to a plain HTTP server is a TLS failure', async () => {
    expect(await one(site.url.replace('http:', 'https:') + '/ok')).toMatchObject({ state: 'broken', reason: 'tls' });
  });

  it('a server that accepts and never answers times out within its bound', async () => {
    const started = Date.now();
    expect(await one('/hang')).toMatchObject({ state: 'broken', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(budget(4_000));
  });

  it('a chain of slow hops ends within linkTimeoutMs', async () => {
    const started = Date.now();
    const result = await one('/slow-hop', { linkTimeoutMs: 1_000, requestTimeoutMs: 800 });
    expect(result).toMatchObject({ state: 'broken', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('a redirect loop is detected, with the chain', async () => {
    const result = await one('/loop-a');
    expect(result).toMatchObject({ state: 'broken', reason: 'loop' });
    expect(result.chain.map((h) => new URL(h.url).pathname)).toEqual(['/loop-a', '/loop-b']);
  });

  it('an endless chain stops at maxRedirects', async () => {
    const result = await one('/endless', { maxRedirects: 5 });
    expect(result).toMatchObject({ state: 'broken', reason: 'too-many-redirects' });
    expect(result.chain).toHaveLength(6);
  });

  it('a chain ending in 404 is broken, every hop recorded', async () => {
    const result = await one('/to-404');
    expect(result).toMatchObject({ state: 'broken', reason: 'status', status: 404 });
    expect(result.chain.map((h) => h.status)).toEqual([301, 302, 404]);
  });

  it('a missing #fragment is broken; a present one (id or a[name]) is ok', async () => {
    const [missing, present, named, top] = await check(['/ok#nowhere', '/ok#intro', '/ok#old-anchor', '/ok#top']);
    expect(missing).toMatchObject({ state: 'broken', reason: 'fragment-missing', url: `${site.url}/ok#nowhere` });
    expect(present).toMatchObject({ state: 'ok', url: `${site.url}/ok#intro` });
    expect(named.state).toBe('ok');
    expect(top.state).toBe('ok');
  });

  it('a gzip bomb is cut off at the body cap and reported too large', async () => {
    const started = Date.now();
    expect(await one('/bomb', { maxBodyBytes: 8 * 1024 * 1024 })).toMatchObject({ state: 'broken', reason: 'too-large', status: 200 });
    expect(Date.now() - started).toBeLessThan(budget(3_000));
  });

  it('a malformed URL is invalid, not a crash', async () => {
    expect(await one('http://exa mple.com/')).toMatchObject({ state: 'broken', reason: 'invalid-url' });
    expect(await one('http://[::1/')).toMatchObject({ state: 'broken', reason: 'invalid-url' });
  });

  it('a 503 without Retry-After is broken', async () => {
    expect(await one('/down')).toMatchObject({ state: 'broken', reason: 'status', status: 503 });
  });

  it('a server that answers garbage, or hangs up at once, is a connection failure', async () => {
    const garbage = createServer((socket) => socket.end('NOT HTTP AT ALL\r\n\r\n'));
    const hangUp = createServer((socket) => socket.destroy());
    await Promise.all([garbage, hangUp].map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
    const port = (server: typeof garbage) => (server.address() as { port: number }).port;
    const results = await check([`http://127.0.0.1:${port(garbage)}/`, `http://127.0.0.1:${port(hangUp)}/`]);
    garbage.close();
    hangUp.close();
    expect(results.map((r) => [r.state, r.reason])).toEqual([
      ['broken', 'connection'],
      ['broken', 'connection'],
    ]);
  });

  it('a plain 403 without a challenge is broken', async () => {
    expect(await one('/forbidden')).toMatchObject({ state: 'broken', status: 403 });
  });
});

describe('traps that must stay ok', () => {
  it('a 3-hop chain to a 200 is ok, with the chain recorded', async () => {
    const result = await one('/hop1');
    expect(result.state).toBe('ok');
    expect(result.chain.map((h) => [new URL(h.url).pathname, h.status])).toEqual([
      ['/hop1', 301],
      ['/hop2', 302],
      ['/hop3', 307],
      ['/ok', 200],
    ]);
  });

  it('HEAD refused with 405, then GET 200: ok', async () => {
    const result = await one({ url: '/cover.png', tag: 'img' });
    expect(result).toMatchObject({ state: 'ok', status: 200 });
    expect(site.log.filter((l) => l.endsWith('/cover.png'))).toEqual(['HEAD /cover.png', 'GET /cover.png']);
  });

  it('429 with Retry-After: 1, then 200: ok after waiting', async () => {
    const started = Date.now();
    expect(await one('/busy')).toMatchObject({ state: 'ok', status: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('429 forever: blocked after the retries, not broken', async () => {
    const started = Date.now();
    expect(await one('/always-busy')).toMatchObject({ state: 'blocked', reason: 'rate-limited', status: 429 });
    expect(Date.now() - started).toBeLessThan(budget(6_000));
  });

  it('a Retry-After beyond the bound is not waited for', async () => {
    const started = Date.now();
    expect(await one('/always-busy', { retryAfterMaxMs: 500 })).toMatchObject({ state: 'blocked' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('a bot wall (403 challenge page, or cf-mitigated) is blocked, not broken', async () => {
    const [wall, cf] = await check(['/wall', '/cf']);
    expect(wall).toMatchObject({ state: 'blocked', reason: 'bot-wall', status: 403 });
    expect(cf).toMatchObject({ state: 'blocked', reason: 'bot-wall' });
  });

  it('999 (LinkedIn) and a 503 that keeps asking to wait are blocked', async () => {
    const [linkedin, maintenance] = await check(['/linkedin', '/maintenance']);
    expect(linkedin).toMatchObject({ state: 'blocked', reason: 'bot-wall', status: 999 });
    expect(maintenance).toMatchObject({ state: 'blocked', reason: 'rate-limited', status: 503 });
  });

  it('a huge page is read up to the cap only, and is ok', async () => {
    const started = Date.now();
    expect(await one('/huge', { maxBodyBytes: 512 * 1024 })).toMatchObject({ state: 'ok', status: 200 });
    expect(Date.now() - started).toBeLessThan(budget(3_000));
  });

  it('binary content is not parsed, and is ok', async () => {
    expect(await one('/file.bin#page=2')).toMatchObject({ state: 'ok', status: 200 });
  });
});

describe('one request per URL', () => {
  it('many links (and fragments) to one page cost one request', async () => {
    const links = ['a', 'b', 'c', 'd'].map((p) => ({ url: `${site.url}/counted#x${p}`, text: p, parent: `page-${p}`, tag: 'a' }));
    const checker = new LinkChecker(POLICY);
    const results = await checker.check([...links, { url: `${site.url}/counted`, text: '', parent: 'img', tag: 'img' }]);
    await checker.close();
    expect(results).toHaveLength(5);
    expect(results.map((r) => r.parent)).toEqual(['page-a', 'page-b', 'page-c', 'page-d', 'img']);
    expect(site.hits.get('/counted')).toBe(1);
  });
});

describe('never unsubscribe anyone', () => {
  it('unsubscribe-like links and List-Unsubscribe URIs are skipped and never fetched', async () => {
    const results = await check([
      { url: '/unsubscribe?u=42', text: 'Unsubscribe' },
      { url: '/newsletter/optout', text: 'click here' },
      { url: '/ok', text: 'Abmelden' },
      { url: '/ok?x=1', text: 'List-Unsubscribe', unsubscribe: true },
    ]);
    expect(results.map((r) => [r.state, r.reason])).toEqual(Array(4).fill(['skipped', 'unsubscribe-like']));
    expect(site.hits.get('/unsubscribe?u=42')).toBeUndefined();
    expect(site.hits.get('/newsletter/optout')).toBeUndefined();
    expect(site.hits.get('/ok?x=1')).toBeUndefined();
  });
});

describe('links that are never followed', () => {
  it('mailto: and tel: are checked for syntax only', async () => {
    const results = await check(['mailto:help@shop.example?subject=Hi', 'mailto:not-an-address', 'tel:+49-30-1234567', 'tel:call-us', 'ftp://files.example/x', 'mailto:?to=a@b.example']);
    expect(results.map((r) => [r.state, r.reason ?? ''])).toEqual([
      ['ok', ''],
      ['broken', 'invalid-url'],
      ['ok', ''],
      ['broken', 'invalid-url'],
      ['skipped', 'not-http'],
      ['ok', ''],
    ]);
  });

  it('form actions are listed as info, not fetched; excluded patterns are skipped', async () => {
    const results = await check([{ url: '/ok?form', info: true, tag: 'form' }, '/410?excluded'], { exclude: ['/excluded/'] });
    expect(results.map((r) => r.reason)).toEqual(['info', 'excluded']);
    expect(site.hits.get('/ok?form')).toBeUndefined();
  });
});

describe('limits', () => {
  it('never has more requests in flight per host than perHostConcurrency', async () => {
    let inFlight = 0;
    let most = 0;
    const slow = await serve({}, (_req, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight--;
        html(article('Slow'))(_req, res, new URL('http://x'));
      }, 50);
    });
    const checker = new LinkChecker({ ...POLICY, perHostConcurrency: 3, concurrency: 10 });
    const results = await checker.check(Array.from({ length: 12 }, (_, i) => ({ url: `${slow.url}/p${i}`, text: '', parent: 't', tag: 'a' })));
    await checker.close();
    await slow.close();
    expect(results.every((r) => r.state === 'ok')).toBe(true);
    expect(most).toBeLessThanOrEqual(3);
  });

  it('time spent waiting for a slot does not count against linkTimeoutMs', async () => {
    const slow = await serve({}, (_req, res) => setTimeout(() => html(article('Slow'))(_req, res, new URL('http://x')), 250));
    const checker = new LinkChecker({ ...POLICY, perHostConcurrency: 1, linkTimeoutMs: 1_500, requestTimeoutMs: 1_500 });
    const results = await checker.check(Array.from({ length: 8 }, (_, i) => ({ url: `${slow.url}/q${i}`, text: '', parent: 't', tag: 'a' })));
    await checker.close();
    await slow.close();
    expect(results.map((r) => r.state)).toEqual(Array(8).fill('ok'));
  });

  it('spaces requests to a host by perHostRatePerSecond', async () => {
    const checker = new LinkChecker({ ...POLICY, perHostRatePerSecond: 10 });
    const started = Date.now();
    await checker.check(Array.from({ length: 6 }, (_, i) => ({ url: `${site.url}/404?rate=${i}`, text: '', parent: 't', tag: 'a' })));
    await checker.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  });
});
