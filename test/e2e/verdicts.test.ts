import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JourneyResult, Report } from '../../src/model/report.js';
import { latestReport, runCli, tempProject } from './cli-harness.js';

/**
 * Verdicts on a site nobody tuned for: checks that go on after failing, warnings of optional
 * steps, error pages behind a click, bot walls met by the browser, and a site under a path.
 * The real CLI, Chromium and a loopback site.
 */
let site: Server;
let url: string;

const page = (title: string, body: string) => `<!doctype html><html><head><title>${title}</title></head><body>${body}</body></html>`;
const CHALLENGE = page('Just a moment...', '<h1>Checking your browser</h1><p>Verify you are human to continue.</p><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script>');
const SHOP_HOME = page('Shop', `<h1>Our shop</h1><p>${Array.from({ length: 60 }, (_, i) => `item${i} for reader${i % 7}`).join(', ')}.</p>`);

beforeAll(async () => {
  site = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const html = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end(body);
    };
    if (path === '/') return html(200, page('Home', '<h1>Welcome</h1><form method="post" action="/order"><button>Place order</button></form><a href="/help">Help</a> <a href="/dead">Old offer</a>'));
    if (path === '/order') return html(500, page('Error', '<h1>Something went wrong</h1>'));
    if (path === '/about') return html(200, page('About', `<h1>About us</h1><p>${'We sell books since 1999. '.repeat(20)}</p>`));
    if (path === '/help' || path === '/challenge') return html(403, CHALLENGE);
    if (path === '/mitigated') return html(403, page('Forbidden', '<p>no</p>'), { 'cf-mitigated': 'challenge' });
    // A shop that lives under /shop/: old product pages redirect to the shop's own home,
    // and any other address under /shop/ answers with the shop home itself (200).
    if (path === '/shop/') return html(200, SHOP_HOME);
    if (path === '/shop/old-product') {
      res.writeHead(302, { location: '/shop/' });
      return res.end();
    }
    if (path.startsWith('/shop/')) return html(200, SHOP_HOME);
    return html(404, page('Not found', '<h1>Not found</h1>'));
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
});

afterAll(() => {
  site?.closeAllConnections();
  site?.close();
});

const JOURNEYS = {
  'journeys/soft.journey.yaml': `name: Checks go on after a broken promise
soft: true
baseURL: \${{ env.SITE }}
steps:
  - goto: /about
  - expectText: Opening hours
    timeout: 1s
  - expectNotSoft404
  - expectText: About us
  - expectText: We sell books
`,
  'journeys/hard.journey.yaml': `name: A check marked soft false stops the journey
soft: true
baseURL: \${{ env.SITE }}
steps:
  - goto: /about
  - expectText: Opening hours
    timeout: 1s
    soft: false
  - expectText: About us
`,
  'journeys/audit.journey.yaml': `name: An audit that fails lets the next checks run
baseURL: \${{ env.SITE }}/shop/
steps:
  - goto: no-such-book
  - expectNotSoft404
  - goto: /about
  - expectText: About us
`,
  'journeys/optional.journey.yaml': `name: An optional link check only warns
baseURL: \${{ env.SITE }}
steps:
  - goto: /
  - checkLinks: {}
    optional: true
  - expectText: Welcome
`,
  'journeys/order.journey.yaml': `name: Order form answered with a server error
baseURL: \${{ env.SITE }}
steps:
  - goto: /
  - click: Place order
  - expectText: Thank you for your order
    timeout: 1s
`,
  'journeys/wall-click.journey.yaml': `name: Help page behind a bot wall
baseURL: \${{ env.SITE }}
steps:
  - goto: /
  - click: Help
  - expectText: How can we help
`,
  'journeys/wall-goto.journey.yaml': `name: Challenge page opened directly
baseURL: \${{ env.SITE }}
steps:
  - goto: /challenge
  - expectText: Anything
`,
  'journeys/wall-header.journey.yaml': `name: Challenge told by header
baseURL: \${{ env.SITE }}
steps:
  - goto: /mitigated
`,
  'journeys/role-regex.journey.yaml': `name: A role name written as a regular expression
baseURL: \${{ env.SITE }}
steps:
  - goto: /about
  - expectVisible: { role: heading, name: /^about US$/i }
`,
  'journeys/shop-redirect.journey.yaml': `name: Old product redirects to the shop home
baseURL: \${{ env.SITE }}/shop/
steps:
  - goto: old-product
  - expectNotSoft404: { probe: false }
`,
};

describe('verdicts an auditor can sign', () => {
  let report: Report;
  let stdout: string;
  let code: number | null;
  const journey = (name: string): JourneyResult => report.journeys.find((j) => j.name === name)!;

  beforeAll(async () => {
    const project = tempProject(JOURNEYS);
    const result = await runCli(['run', '--workers', '2'], { cwd: project, env: { SITE: url }, timeoutMs: 240_000 });
    stdout = result.stdout + result.stderr;
    code = result.code;
    report = latestReport(project);
    (globalThis as { project?: string }).project = project;
  }, 300_000);

  it('checks marked soft record their failure, the journey goes on and fails at the end', () => {
    const j = journey('Checks go on after a broken promise');
    expect(j.status).toBe('failed');
    expect(j.steps.map((s) => s.status)).toEqual(['passed', 'failed', 'passed', 'passed', 'passed']);
    expect(j.findings.map((f) => f.code)).toEqual(['TEXT_NOT_FOUND']);
    expect(j.findings[0].location?.line).toBe(6);
    expect(code).toBe(1);
  });

  it('soft: false on a step stops the journey there', () => {
    const j = journey('A check marked soft false stops the journey');
    expect(j.steps.map((s) => s.status)).toEqual(['passed', 'failed', 'not-run']);
  });

  it('an audit (expectNotSoft404) that fails lets the rest of the journey be checked', () => {
    const j = journey('An audit that fails lets the next checks run');
    expect(j.status).toBe('failed');
    expect(j.steps.map((s) => s.status)).toEqual(['passed', 'failed', 'passed', 'passed']);
    expect(j.findings.map((f) => f.code)).toEqual(['LINK_SOFT_404']);
    // baseURL ${SITE}/shop/: `no-such-book` resolves under the path, `/about` at the host's root.
    expect(j.steps[0].navigations).toEqual([{ url: `${url}/shop/no-such-book`, status: 200 }]);
    expect(j.steps[2].navigations).toEqual([{ url: `${url}/about`, status: 200 }]);
  });

  it('an optional step turns every finding it adds into a warning, and the journey passes with warnings', () => {
    const j = journey('An optional link check only warns');
    expect(j.findings.length).toBeGreaterThan(0);
    // The bot-walled link stays `info` (LINK_BLOCKED); nothing is an error.
    expect(j.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(j.findings.find((f) => f.code === 'LINK_BROKEN')?.severity).toBe('warning');
    expect(j.findings.map((f) => f.code)).toContain('LINK_BROKEN');
    expect(j.status).toBe('passed');
    const summary = readFileSync(join((globalThis as { project?: string }).project!, 'reports', 'latest', 'summary.md'), 'utf8');
    expect(summary).toMatch(/\| An optional link check only warns \| Passed with warnings \|/);
  });

  it('a click answered with HTTP 500 is a finding of its own, with the status, address and a screenshot', () => {
    const j = journey('Order form answered with a server error');
    expect(j.status).toBe('failed');
    const finding = j.findings.find((f) => f.code === 'PAGE_HTTP_ERROR');
    expect(finding, JSON.stringify(j.findings)).toBeDefined();
    expect(finding!.details).toMatchObject({ status: 500, url: `${url}/order` });
    expect(finding!.location?.line).toBe(5);
    expect(finding!.evidence.some((e) => e.endsWith('.png'))).toBe(true);
    expect(j.steps[1].navigations).toEqual([{ url: `${url}/order`, status: 500 }]);
  });

  it('a bot wall met by a click or a goto makes the journey inconclusive, never LINK_BROKEN or PAGE_BROKEN', () => {
    for (const name of ['Help page behind a bot wall', 'Challenge page opened directly', 'Challenge told by header']) {
      const j = journey(name);
      expect(j.status, name).toBe('inconclusive');
      expect(j.findings.map((f) => [f.code, f.severity]), name).toEqual([['PAGE_BOT_WALL', 'warning']]);
      expect(j.findings[0].message).toMatch(/could not verify.*allow-list/i);
      expect(j.inconclusive).toBeTruthy();
    }
    expect(journey('Help page behind a bot wall').steps.map((s) => s.status)).toEqual(['passed', 'inconclusive', 'not-run']);
    expect(report.summary.inconclusive).toBe(3);
    expect(stdout).toMatch(/3 inconclusive \(could not verify\)/);
  });

  it('a role name written /…/ is a regular expression, as everywhere else', () => {
    expect(journey('A role name written as a regular expression').status).toBe('passed');
  });

  it('on a site under a path, a redirect to the site’s own base and a page like the random-path probe under it are soft 404s', () => {
    const redirect = journey('Old product redirects to the shop home');
    expect(redirect.findings.map((f) => f.code)).toEqual(['LINK_SOFT_404']);
    expect(redirect.findings[0].message).toMatch(/home page/);
    const probe = journey('An audit that fails lets the next checks run');
    expect(probe.findings[0].message).toMatch(/does not exist|not found/);
  });
});
