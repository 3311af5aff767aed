import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSoft404, LinkChecker, saysNotFound, type LinkPolicy } from '../../../src/links/index.js';
import { article, html, redirect, serve, type Loopback } from './loopback.js';

/** Soft 404s: pages that answer 200 but are "not found" pages — and pages that only look a bit like one. */

const POLICY: Partial<LinkPolicy> = { requestTimeoutMs: 2_000, soft404Probe: false };
let site: Loopback;
let catchAll: Loopback;

beforeAll(async () => {
  site = await serve({
    '/': html(article('Bookshop – Home')),
    '/book/test-yourself': html('<!doctype html><title>Page not found – Bookshop</title><main><h1>Sorry!</h1><p>Try the search.</p></main>'),
    '/de/pruefung': html('<title>Buchladen</title><main><h1>Seite nicht gefunden</h1><p>Vielleicht hilft die Suche.</p></main>'),
    '/text-only': html('<title>Bookshop</title><main><p>Oops! The page you are looking for does not exist. Go back home.</p></main>'),
    '/old/online-test': redirect('/', 301),
    '/blog/http-errors': html(article('What a 404 Not Found error means for your shop', 800, '<p>When a page not found error appears, the server answered 404. Error 404 pages should be helpful.</p>')),
    '/search': html('<title>Search results – Bookshop</title><main><h1>No results for “zzz”</h1><p>Nothing found. Try other words.</p></main>'),
    '/en/': html(article('Bookshop – English')),
    '/start': redirect('/en/', 302),
    '/app/missing-book': html(`<title>Bookshop</title><div id="app"></div><script>document.getElementById('app').innerHTML = '<h1>Page not found</h1><p>Sorry.</p>'</script>`),
    '/app/real-book': html(`<title>Bookshop</title><div id="app"></div><script>document.getElementById('app').innerHTML = '<h1>The real book</h1><p>' + 'A story about reading. '.repeat(40) + '</p>'</script>`),
  });
  // A site that answers every unknown address with the same 200 page, which never says "not found".
  const shelf = article('Our catalogue', 300, '<p>We looked everywhere on the shelves.</p>');
  catchAll = await serve({ '/books/real-one': html(article('The real book', 500)) }, html(shelf));
});
afterAll(async () => {
  await site.close();
  await catchAll.close();
});

async function check(urls: string[], policy: Partial<LinkPolicy> = {}) {
  const checker = new LinkChecker({ ...POLICY, ...policy });
  try {
    return await checker.check(urls.map((url) => ({ url, text: '', parent: 'test', tag: 'a' })));
  } finally {
    await checker.close();
  }
}

describe('soft 404 over HTTP', () => {
  it('200 whose title says "Page not found" is broken (soft-404)', async () => {
    const [result] = await check([`${site.url}/book/test-yourself`]);
    expect(result).toMatchObject({ state: 'broken', reason: 'soft-404', status: 200 });
    expect(result.detail).toContain('title');
  });

  it('200 whose heading says "Seite nicht gefunden" is broken', async () => {
    expect((await check([`${site.url}/de/pruefung`]))[0]).toMatchObject({ state: 'broken', reason: 'soft-404' });
  });

  it('200 whose short text opens with "the page you are looking for does not exist" is broken', async () => {
    expect((await check([`${site.url}/text-only`]))[0]).toMatchObject({ state: 'broken', reason: 'soft-404' });
  });

  it('a deep URL redirected to the home page is broken, with the chain', async () => {
    const [result] = await check([`${site.url}/old/online-test`]);
    expect(result).toMatchObject({ state: 'broken', reason: 'soft-404', status: 200 });
    expect(result.chain.map((h) => h.status)).toEqual([301, 200]);
  });

  it('a host answering every address with one 200 page: the probe gives it away; a real page stays ok', async () => {
    const [missing, real, home] = await check([`${catchAll.url}/books/no-such-book`, `${catchAll.url}/books/real-one`, `${catchAll.url}/`], { soft404Probe: true });
    expect(missing).toMatchObject({ state: 'broken', reason: 'soft-404' });
    expect(missing.detail).toContain('address that does not exist');
    expect(real.state).toBe('ok');
    expect(home.state).toBe('ok');
    // One probe per host.
    expect([...catchAll.hits.keys()].filter((k) => k.includes('no-such-page'))).toHaveLength(1);
  });

  it('without the probe, the same catch-all page is not called a soft 404', async () => {
    expect((await check([`${catchAll.url}/books/another-missing`]))[0].state).toBe('ok');
  });

  it('an article that mentions 404 and "page not found" is ok', async () => {
    expect((await check([`${site.url}/blog/http-errors`], { soft404Probe: true }))[0]).toMatchObject({ state: 'ok', status: 200 });
  });

  it('a search page with no results is ok', async () => {
    expect((await check([`${site.url}/search?q=zzz`]))[0].state).toBe('ok');
  });

  it('the home page itself, and a redirect to a language root from the root-like /start, stay ok', async () => {
    const [home, start] = await check([`${site.url}/`, `${site.url}/start`]);
    expect(home.state).toBe('ok');
    expect(start.state).toBe('ok');
  });
});

describe('pages drawn by scripts (render: true, Chromium)', () => {
  it('a script-drawn "Page not found" is a soft 404 only when rendered; a script-drawn real page stays ok', async () => {
    const urls = [`${site.url}/app/missing-book`, `${site.url}/app/real-book`];
    expect((await check(urls)).map((r) => r.state)).toEqual(['ok', 'ok']);
    const [missing, real] = await check(urls, { render: true });
    expect(missing).toMatchObject({ state: 'broken', reason: 'soft-404' });
    expect(missing.detail).toContain('drawn by script');
    expect(real.state).toBe('ok');
  });
});

describe('detectSoft404 (for pages a browser opened)', () => {
  const page = { url: 'https://shop.example/a/b', finalUrl: 'https://shop.example/a/b', status: 200, chain: [{ url: 'https://shop.example/a/b', status: 200 }], headings: [], text: 'Welcome' };

  it.each([
    '404 – Page not found | Shop',
    'Error 404',
    'Seite nicht gefunden',
    'Page introuvable – Librairie',
    'Página no encontrada',
    'Pagina non trovata',
    'Pagina niet gevonden',
    'Página não encontrada',
    'Oops! That page can’t be found.',
  ])('title "%s" says not found', (title) => {
    expect(detectSoft404({ ...page, title })).toMatchObject({ soft404: true });
  });

  it.each(['How to fix 404 errors', 'Not Found: a novel about lost things', 'No results found', 'Error 500', 'Nothing found for “zzz”', 'Foundations of Reading'])('title "%s" does not', (title) => {
    expect(saysNotFound(title)).toBe(false);
    expect(detectSoft404({ ...page, title }).soft404).toBe(false);
  });

  it('on a site under a path, a deep link redirected to the site’s own base is a redirect to the home page; elsewhere it is not', () => {
    const look = { ...page, url: 'https://example.com/shop/old-product', title: 'Shop', chain: [{ url: 'https://example.com/shop/old-product', status: 301 }, { url: 'https://example.com/shop/', status: 200 }] };
    for (const finalUrl of ['https://example.com/shop/', 'https://example.com/shop', 'https://example.com/shop/index.html']) {
      expect(detectSoft404({ ...look, finalUrl, siteBase: 'https://example.com/shop/' }), finalUrl).toMatchObject({ soft404: true, why: expect.stringContaining('home page') });
    }
    expect(detectSoft404({ ...look, finalUrl: 'https://example.com/shop/' }).soft404).toBe(false); // no base given: /shop/ is an ordinary page
    expect(detectSoft404({ ...look, finalUrl: 'https://example.com/shop/', siteBase: 'https://other.example/shop/' }).soft404).toBe(false);
    expect(detectSoft404({ ...look, url: 'https://example.com/shop/', finalUrl: 'https://example.com/shop/', siteBase: 'https://example.com/shop/' }).soft404).toBe(false);
  });

  it('the random-path probe goes under the site’s base when the page is there', async () => {
    const seen: string[] = [];
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<title>Not found</title>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const checker = new LinkChecker({ ...POLICY, soft404Probe: true });
    try {
      await checker.probe(`${origin}/shop/old-product`, `${origin}/shop/`);
      await checker.probe(`${origin}/blog/post`, `${origin}/shop/`);
    } finally {
      await checker.close();
      server.close();
    }
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatch(/^\/shop\/[a-z0-9]+-no-such-page\//);
    expect(seen[1]).toMatch(/^\/[a-z0-9]+-no-such-page\//);
  });

  it('a long reference page with a section headed "404 Not Found" is not', () => {
    const text = 'Status codes of the API and what they mean for clients. '.repeat(80);
    expect(detectSoft404({ ...page, title: 'HTTP API reference', headings: ['HTTP API reference', '200 OK', '404 Not Found'], text }).soft404).toBe(false);
    expect(detectSoft404({ ...page, title: 'Shop', headings: ['Shop', 'Page not found'], text: 'Sorry.' }).soft404).toBe(true);
  });

  it('a page about 404 errors, at an address that says so, is not; a redirect to /404.html is', () => {
    const mdn = 'https://developer.example/docs/Web/HTTP/Status/404';
    expect(detectSoft404({ ...page, url: mdn, finalUrl: mdn, title: '404 Not Found - HTTP | MDN', headings: ['404 Not Found'] }).soft404).toBe(false);
    const chain = [{ url: 'https://shop.example/a/b', status: 302 }, { url: 'https://shop.example/404.html', status: 200 }];
    expect(detectSoft404({ ...page, finalUrl: 'https://shop.example/404.html', chain, title: 'Shop' })).toMatchObject({ soft404: true, why: expect.stringContaining('error page') });
  });

  it('a non-2xx page is not a soft 404 (it is a plain one)', () => {
    expect(detectSoft404({ ...page, status: 404, title: 'Not found' }).soft404).toBe(false);
  });
});
