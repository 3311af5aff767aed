import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../../e2e/cli-harness.js';
import { article, html, serve, type Loopback } from './loopback.js';

/** `journey-audit links` as a user runs it (the built CLI, a real server). */

let site: Loopback;
let project: string;

beforeAll(async () => {
  site = await serve({
    '/': html(`<title>Home</title><a href="/book#contents">The book</a> <a href="/gone">Old edition</a> <a href="/unsubscribe">Unsubscribe</a>`),
    '/fine': html(`<title>Fine</title><a href="/book">The book</a> <a href="mailto:shop@shop.example">Mail us</a>`),
    '/book': html(article('The book', 100, '<h2 id="contents">Contents</h2>')),
  });
  project = tempProject({
    'links.md': `# Links\nThe book: ${site.url}/book\nDead: ${site.url}/gone\n`,
    'page.html': '<a href="/book">The book</a>',
    'bad-policy.yaml': 'maxRedirects: many\n',
  });
});
afterAll(() => site.close());

const links = (args: string[]) => runCli(['links', ...args], { cwd: project, timeoutMs: 60_000 });

describe('journey-audit links', () => {
  it('--format json prints every link with exactly the documented fields; exit 1 when one is broken; progress on stderr', async () => {
    const result = await links([`${site.url}/`, '--format', 'json']);
    expect(result.code).toBe(1);
    const out = JSON.parse(result.stdout) as { links: Record<string, unknown>[]; pages: Record<string, unknown>[] };
    expect(Object.keys(out)).toEqual(['links', 'pages', 'unreachableHosts', 'complete']);
    expect(out).toMatchObject({ unreachableHosts: [], complete: true });
    for (const link of out.links) expect(Object.keys(link)).toEqual(['url', 'parent', 'text', 'state', 'reason', 'status', 'chain', 'ms']);
    // Links are written as they are checked: compare in a fixed order.
    out.links.sort((a, b) => String(a.url).localeCompare(String(b.url)));
    expect(out.links).toEqual([
      expect.objectContaining({ url: `${site.url}/book#contents`, parent: `${site.url}/`, text: 'The book', state: 'ok', status: 200 }),
      expect.objectContaining({ url: `${site.url}/gone`, state: 'broken', reason: 'status', status: 404, chain: [{ url: `${site.url}/gone`, status: 404 }] }),
      expect.objectContaining({ url: `${site.url}/unsubscribe`, state: 'skipped', reason: 'unsubscribe-like' }),
    ]);
    expect(out.pages).toEqual([expect.objectContaining({ url: `${site.url}/`, depth: 0, state: 'ok', links: 3 })]);
    expect(result.stderr).toContain(`checking ${site.url}/`);
    expect(result.stderr).toMatch(/3 links: 1 ok, 1 broken, 0 blocked, 1 skipped/);
    expect(site.hits.get('/unsubscribe')).toBeUndefined();
  });

  it('text output groups broken links by parent; exit 0 when nothing is broken', async () => {
    const broken = await links(['links.md']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`links.md\n  ✗ broken status HTTP 404  ${site.url}/gone “Dead” (line 3)`);
    const fine = await links([`${site.url}/fine`, '--recurse', '--depth', '1']);
    expect(fine.code).toBe(0);
    expect(fine.stdout).toMatch(/3 links on 2 pages: 3 ok, 0 broken/);
  });

  it('an HTML file resolves relative links against --base; junit output', async () => {
    const result = await links(['page.html', '--base', `${site.url}/`, '--format', 'junit']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`<testcase name="${site.url}/book" classname="page.html"`);
  });

  it('an HTML file with relative links and no --base says how many were skipped, why, and how to give a base', async () => {
    writeFileSync(join(project, 'relative.html'), '<a href="/book">The book</a> <a href="guide.html">Guide</a> <a href="#top">Top</a> <a href="' + site.url + '/book">Absolute</a>');
    const result = await links(['relative.html']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('2 relative links were skipped (like “/book”)');
    expect(result.stderr).toContain('relative.html is a file, so they have no address to resolve against');
    expect(result.stderr).toContain('--base https://');
    const based = await links(['relative.html', '--base', `${site.url}/`]);
    expect(based.stderr).not.toContain('relative links were skipped');
  });

  it('an interrupted --format json still prints valid JSON, marked complete: false', async () => {
    // Every page is slow and leads to more pages: the crawl is mid-way when SIGINT comes.
    const slow = await serve({}, (_req, res, url) => {
      const n = Number(url.pathname.slice(1)) || 0;
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(article(`Page ${n}`, 60, `<a href="/${n * 2 + 1}">next</a> <a href="/${n * 2 + 2}">other</a> <a href="/gone-${n}">gone</a>`));
      }, 300).unref();
    });
    try {
      const result = await runCli(['links', `${slow.url}/`, '--recurse', '--format', 'json'], {
        cwd: project,
        timeoutMs: 60_000,
        onSpawn: (kill) => {
          // Interrupt once some links were checked (the progress line counts them).
          const check = setInterval(() => {
            if (slow.hits.size >= 8) {
              clearInterval(check);
              kill('SIGINT');
            }
          }, 50);
          setTimeout(() => clearInterval(check), 55_000).unref();
        },
      });
      expect(result.code).toBe(130);
      const out = JSON.parse(result.stdout) as { links: { url: string }[]; pages: unknown[]; complete: boolean };
      expect(out.complete).toBe(false);
      expect(out.links.length).toBeGreaterThan(0);
      expect(out.pages.length).toBeGreaterThan(0);
      expect(result.stderr).toContain('interrupted (SIGINT)');
    } finally {
      await slow.close();
    }
  });

  it.each([
    ['a missing file', ['nope.pdf'], 'nope.pdf: cannot read file'],
    ['a URL that is not http', ['ftp://files.example/'], 'only http and https'],
    ['a bad flag value', ['links.md', '--format', 'xml'], "argument 'xml' is invalid"],
    ['an unknown flag', ['links.md', '--recurze'], "unknown option '--recurze'"],
    ['a bad --timeout', ['links.md', '--timeout', 'soon'], '--timeout soon'],
    ['a bad policy file', ['links.md', '--policy', 'bad-policy.yaml'], 'bad-policy.yaml:1:15: "maxRedirects"'],
  ])('exit 2 for %s', async (_name, args, message) => {
    const result = await links(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });

  it('a broken PDF is bad input (exit 2), not a crash', async () => {
    writeFileSync(join(project, 'broken.pdf'), '%PDF-1.7\nnot really');
    const result = await links(['broken.pdf']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('broken.pdf: damaged PDF');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
