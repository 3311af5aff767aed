import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinkChecker, loadPolicyFile } from '../../../src/links/index.js';
import { InvalidInputError } from '../../../src/core/errors.js';
import { article, html, redirect, serve, type Loopback } from './loopback.js';

let site: Loopback;
let other: Loopback;

beforeAll(async () => {
  other = await serve({ '/elsewhere': html(article('Elsewhere', 50, '<a href="/never-crawled">x</a>')) });
  site = await serve({
    '/': (req, res, url) => html(`<title>Home</title><a href="/docs/a">A</a> <a href="/docs/b#part">B</a> <a href="${other.url}/elsewhere">Other site</a> <img src="/logo.png">`)(req, res, url),
    '/docs/a': html(article('A', 50, '<a href="/docs/b">B again</a> <a href="/docs/deep">Deep</a> <a href="/missing">Missing</a>')),
    '/docs/b': html(article('B', 50, '<h2 id="part">Part</h2><a href="/">Home</a>')),
    '/docs/deep': html(article('Deep', 50, '<a href="/docs/deeper">Deeper</a>')),
    '/docs/deeper': html(article('Deeper', 50)),
    '/go': (req, res, url) => redirect(`${site.url}/docs/a`, 301)(req, res, url),
    '/logo.png': (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end();
    },
  });
});
afterAll(async () => {
  await site.close();
  await other.close();
});

describe('crawl', () => {
  it('reads pages of the same origin up to the depth, checks every link once, never reads other sites', async () => {
    const checker = new LinkChecker({ soft404Probe: false, requestTimeoutMs: 2_000 });
    const { links, pages } = await checker.crawl(`${site.url}/`, { depth: 1 });
    await checker.close();
    expect(pages.map((p) => [new URL(p.url).pathname, p.depth, p.state])).toEqual(
      expect.arrayContaining([
        ['/', 0, 'ok'],
        ['/docs/a', 1, 'ok'],
        ['/docs/b', 1, 'ok'],
      ]),
    );
    expect(pages).toHaveLength(3);
    // Links of depth-1 pages are checked, pages at depth 2 are not read.
    expect(links.find((l) => l.url === `${site.url}/missing`)).toMatchObject({ state: 'broken', status: 404, parent: `${site.url}/docs/a` });
    expect(links.find((l) => l.url === `${site.url}/docs/deep`)?.state).toBe('ok');
    expect(site.hits.get('/docs/deeper')).toBeUndefined();
    expect(links.find((l) => l.url === `${site.url}/docs/b#part`)?.state).toBe('ok');
    for (const path of ['/', '/docs/a', '/docs/b', '/docs/deep', '/logo.png']) expect(site.hits.get(path), path).toBe(1);
    expect(links.find((l) => l.text === 'Other site')?.state).toBe('ok');
    expect(other.hits.get('/never-crawled')).toBeUndefined();
  });

  it('follows the site where the start page redirects to (another origin)', async () => {
    const checker = new LinkChecker({ soft404Probe: false, requestTimeoutMs: 2_000 });
    const { pages } = await checker.crawl(`${site.url.replace('127.0.0.1', 'localhost')}/go`, { depth: 1 });
    await checker.close();
    expect(pages.map((p) => new URL(p.url).pathname).sort()).toEqual(['/', '/docs/b', '/docs/deep', '/go']);
    expect(pages.find((p) => p.depth === 0)).toMatchObject({ state: 'ok', links: 4 });
    expect(pages.every((p) => p.depth === 0 || p.url.startsWith(site.url))).toBe(true);
  });

  it('an unreachable start page is a broken page, not a crash', async () => {
    const checker = new LinkChecker({ soft404Probe: false });
    const { links, pages } = await checker.crawl(`${site.url}/nope`, { depth: 2 });
    await checker.close();
    expect(links).toEqual([]);
    expect(pages).toEqual([expect.objectContaining({ depth: 0, state: 'broken', status: 404 })]);
  });
});

describe('policy files', () => {
  const write = (name: string, text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'links-policy-')), name);
    writeFileSync(file, text);
    return file;
  };

  it('reads YAML with durations and patterns', () => {
    const file = write('policy.yaml', 'brokenStatuses: [404, 5xx]\nexclude:\n  - /linkedin\\.com/\nrequestTimeoutMs: 3s\nperHostRatePerSecond: 5\n');
    expect(loadPolicyFile(file)).toEqual({ brokenStatuses: [404, '5xx'], exclude: ['/linkedin\\.com/'], requestTimeoutMs: 3000, perHostRatePerSecond: 5 });
  });

  it('reports every problem with file:line:column', () => {
    const file = write('policy.yaml', 'brokenStatuses: [404]\nrequestTimeoutMs: soon\nexclude: ["/(/"]\nconcurency: 3\n');
    let error: unknown;
    try {
      loadPolicyFile(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    const message = (error as Error).message;
    expect(message).toContain(`${file}:2:19: "requestTimeoutMs": expected a duration like`);
    expect(message).toContain(`${file}:3:11: "exclude.0": invalid regular expression`);
    expect(message).toContain(`${file}:4:1: unknown setting "concurency"`);
  });

  it('reads JSON too', () => {
    expect(loadPolicyFile(write('policy.json', '{ "maxRedirects": 3, "soft404Probe": false }'))).toEqual({ maxRedirects: 3, soft404Probe: false });
  });
});
