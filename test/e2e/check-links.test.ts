import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestReport, runCli, tempProject } from './cli-harness.js';

/**
 * The checkLinks step in a real run, against a small loopback site: broken, soft-404 and
 * unsubscribe links on the page; the unsubscribe link must never be requested.
 */
const hits: string[] = [];
let server: Server;
let url: string;

const PAGES: Record<string, [number, string]> = {
  '/': [200, '<title>Home</title><h1>Welcome</h1><a href="/about">About</a> <a href="/missing">Old page</a> <a href="/moved">Moved page</a> <a href="/unsubscribe?u=42">Unsubscribe</a> <a href="/about#team">Team</a>'],
  '/about': [200, '<title>About us</title><h1>About us</h1><p id="team">We are a small team writing about books and the promises they keep.</p><a href="/deep/page">Deep</a>\n<a href="/missing">Old page</a>'],
  '/moved': [200, '<title>Page not found</title><h1>Sorry, this page does not exist</h1>'],
  '/deep/page': [200, '<title>Deep</title><h1>A deep page</h1><p>Real content that says nothing of missing things.</p>\n\n<a href="/missing">Old page</a>'],
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    hits.push(req.url ?? '');
    if (path === '/books/old-edition/online-test') {
      res.writeHead(301, { location: '/' });
      return res.end();
    }
    const [status, body] = PAGES[path] ?? [404, '<title>Not found</title><h1>Not found</h1>'];
    res.writeHead(status, { 'content-type': 'text/html' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => server?.close());

describe('checkLinks in a journey', () => {
  it('reports the dead and the soft-404 link, lists every link, and never opens the unsubscribe link', async () => {
    const project = tempProject({
      'journeys/links.journey.yaml': `name: Links on the home page\nbaseURL: \${{ env.SITE_URL }}\nsteps:\n  - goto: /\n  - checkLinks\n`,
    });
    const result = await runCli(['run', '--trace', 'off'], { cwd: project, env: { SITE_URL: url } });
    expect(result.code).toBe(1);
    const journey = latestReport(project).journeys[0];
    expect(journey.findings.map((f) => f.code).sort()).toEqual(['LINK_BROKEN', 'LINK_SOFT_404']);
    expect(journey.findings.find((f) => f.code === 'LINK_BROKEN')?.message).toContain('“Old page”');
    const states = Object.fromEntries((journey.links ?? []).map((l) => [l.url.replace(url, ''), l.state]));
    expect(states).toMatchObject({ '/about': 'ok', '/missing': 'broken', '/moved': 'broken', '/about#team': 'ok', '/unsubscribe?u=42': 'skipped' });
    expect(hits.filter((h) => h.startsWith('/unsubscribe'))).toEqual([]);
  });

  it('expectNotSoft404 catches a deep address that redirects to the home page, with the real redirect chain', async () => {
    const project = tempProject({
      'journeys/moved.journey.yaml': `name: Moved test\nbaseURL: \${{ env.SITE_URL }}\nsteps:\n  - goto: /books/old-edition/online-test\n  - expectNotSoft404\n`,
    });
    const result = await runCli(['run', '--trace', 'off'], { cwd: project, env: { SITE_URL: url } });
    expect(result.code).toBe(1);
    const journey = latestReport(project).journeys[0];
    const finding = journey.findings[0];
    expect(finding.code).toBe('LINK_SOFT_404');
    expect((finding.details as { chain: { status: number }[] }).chain.map((hop) => hop.status)).toEqual([301, 200]);
    // The links table holds the link the step judged: it agrees with the Problems list.
    expect(journey.links).toEqual([expect.objectContaining({ url: `${url}/books/old-edition/online-test`, state: 'broken', reason: 'soft-404' })]);
  }, 120_000);

  it('crawls a site to the depth asked for', async () => {
    const project = tempProject({
      'journeys/crawl.journey.yaml': `name: Crawl\nbaseURL: \${{ env.SITE_URL }}\nsteps:\n  - goto: /about\n  - checkLinks: { crawl: /, depth: 2, failOn: [] }\n`,
    });
    const result = await runCli(['run', '--trace', 'off'], { cwd: project, env: { SITE_URL: url } });
    expect(result.code, result.stdout).toBe(0);
    const journey = latestReport(project).journeys[0];
    const links = journey.links ?? [];
    expect(links.map((l) => l.url.replace(url, ''))).toEqual(expect.arrayContaining(['/about', '/missing', '/deep/page']));
    // /missing is linked from three pages: one finding, naming the pages it is on.
    const broken = journey.findings.filter((f) => f.code === 'LINK_BROKEN');
    expect(broken).toHaveLength(1);
    expect(broken[0].details).toMatchObject({ url: `${url}/missing`, occurrences: 3 });
    expect(broken[0].message).toContain('3 links on 3 pages');
    expect(broken[0].message).toContain(`About us — ${url}/about (line 2)`);
    expect(broken[0].message).toContain(`Deep — ${url}/deep/page (line 3)`);
    expect(links.find((l) => l.parent === `${url}/about` && l.url === `${url}/missing`)).toMatchObject({ parentTitle: 'About us', where: 'line 2' });
  }, 120_000);
});
