import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSites } from '../../src/demo/demo-sites.js';
import type { JourneyResult } from '../../src/model/report.js';
import { freePort, latestReport, runCli, tempProject } from './cli-harness.js';

/**
 * `via: all` on one subscriber proves only the first way of unsubscribing: the later ones act
 * on an address that may already be off the list. And each acting path learns from the next
 * no-mail window on its mailbox whether the mail stopped after it.
 */
let smtpPort: number;
let demo: Awaited<ReturnType<typeof startDemoSites>>;
let journeys: JourneyResult[];

const parts = {
  'journeys/parts/subscribe-and-confirm.yaml': readFileSync('journeys/parts/subscribe-and-confirm.yaml', 'utf8'),
  'journeys/parts/receive-the-newsletter.yaml': readFileSync('journeys/parts/receive-the-newsletter.yaml', 'utf8'),
};

const journey = (name: string, base: string, via: string) => `name: ${name}
baseURL: \${{ env.${base} }}
mailboxes: [reader]
steps:
  - use: { file: parts/receive-the-newsletter.yaml, with: { mailbox: reader, email: "\${{ mailbox.reader.address }}" } }
  - auditUnsubscribe: { in: newsletter, via: ${via} }
  - http: { method: POST, url: /admin/send-campaign }
  - expectNoEmail: { to: reader, for: 2s, reason: unsubscribed }
`;

beforeAll(async () => {
  smtpPort = await freePort();
  demo = await startDemoSites({ smtp: { host: '127.0.0.1', port: smtpPort } });
  const project = tempProject({
    ...parts,
    'journeys/all.journey.yaml': journey('All paths on one subscriber', 'NEWSLETTER_URL', 'all'),
    'journeys/ignored.journey.yaml': journey('Link path on a site that keeps mailing', 'NEWSLETTER_BROKEN_URL', 'link'),
  });
  await runCli(['run', '--smtp-port', String(smtpPort), '--smtp-relay', `${demo.relay.host}:${demo.relay.port}`, '--workers', '2'], { cwd: project, env: demo.env, timeoutMs: 300_000 });
  journeys = latestReport(project).journeys;
}, 320_000);

afterAll(async () => {
  await demo?.close();
});

const verdictsOf = (name: string) => journeys.find((j) => j.name === name)?.unsubscribe ?? [];

describe('each unsubscribe path proven on its own', () => {
  it('via: all on one subscriber: the first path is proven, the later ones are "not separately proven", never "passed"', () => {
    const verdicts = verdictsOf('All paths on one subscriber');
    expect(verdicts.filter((v) => ['one-click', 'mailto', 'link'].includes(v.path)).map((v) => [v.path, v.verdict])).toEqual([
      ['one-click', 'passed'],
      ['mailto', 'inconclusive'],
      ['link', 'inconclusive'],
    ]);
    expect(verdicts.find((v) => v.path === 'mailto')?.summary).toMatch(/^Not separately proven: .*one-click unsubscribe/);
    // All three acted as the one reader, and the mail stopped after them.
    for (const v of verdicts.filter((v) => v.mailbox)) expect(v.mailStopped).toMatchObject({ stopped: true, window: '2s', mails: 0 });
  });

  it('a path whose mail did not stop says so, with the mail that still came as evidence', () => {
    const link = verdictsOf('Link path on a site that keeps mailing').find((v) => v.path === 'link');
    expect(link?.verdict).toBe('passed');
    expect(link?.mailStopped).toMatchObject({ stopped: false, window: '2s' });
    expect(link?.mailStopped?.mails).toBeGreaterThan(0);
    expect(link?.mailStopped?.evidence[0]).toMatch(/\.eml$/);
  });
});
