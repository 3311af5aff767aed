import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNewsletter } from '../../src/demo/newsletter.js';
import type { DemoSite } from '../../src/demo/site.js';
import { latestReport, runCli, tempProject } from './cli-harness.js';
import { runSinkPort, startRunSinkForwarder, type RunSinkForwarder } from './run-sink.js';

/**
 * A "2 days" observation spans runs: the first run unsubscribes and starts watching; later
 * runs (here: days later, by JOURNEY_AUDIT_NOW) resume at the observing step with the same
 * address and the saved state, until a mail breaks the promise or the window closes.
 */
const JOURNEY = `name: No newsletter for two days
baseURL: \${{ env.SITE_URL }}
mailboxes: [reader]
steps:
  - goto: /
  - fill: { label: Email, value: "\${{ mailbox.reader.address }}" }
  - click: Subscribe
  - waitForEmail: { to: reader, subject: /confirm/i, as: confirmation }
  - openLink: { in: confirmation, text: Confirm my subscription }
  - http: { method: POST, url: /admin/send-campaign }
  - waitForEmail: { to: reader, subject: This week, as: newsletter }
  - auditUnsubscribe: { in: newsletter, via: link }
  - expectNoEmail: { to: reader, for: 2 days, watch: 3s, reason: unsubscribed, observe: two-days }
`;

const FRIDAY = '2026-11-27T10:00:00Z';
const SATURDAY = '2026-11-28T10:00:00Z';
const MONDAY = '2026-11-30T10:00:00Z';

let mailTo: RunSinkForwarder;
const sites: DemoSite[] = [];

beforeAll(async () => {
  mailTo = await startRunSinkForwarder();
});

afterAll(async () => {
  await Promise.all(sites.map((s) => s.close()));
  await mailTo?.close();
});

async function site(variant: 'good' | 'keeps-mailing'): Promise<DemoSite> {
  const started = await startNewsletter({ variant, smtp: { host: mailTo.host, port: mailTo.port } });
  sites.push(started);
  return started;
}

function run(project: string, siteUrl: string, now: string) {
  mailTo.use(project);
  return runCli(['run', '--state-dir', 'state', '--trace', 'off'], {
    cwd: project,
    env: { SITE_URL: siteUrl, JOURNEY_AUDIT_NOW: now },
  });
}

/** Sends the campaign once the run's sink is listening, as a site mailing over the weekend would. */
async function campaignDuringRun(project: string, siteUrl: string): Promise<void> {
  expect(await runSinkPort(project)).toBeGreaterThan(0);
  const res = await fetch(`${siteUrl}/admin/send-campaign`, { method: 'POST' });
  expect(res.ok).toBe(true);
}

describe('an observation over days', () => {
  it('catches mail that arrives a day later, in a later run, at the address that unsubscribed', async () => {
    const newsletter = await site('keeps-mailing');
    const project = tempProject({ 'journeys/two-days.journey.yaml': JOURNEY });

    const first = await run(project, newsletter.url, FRIDAY);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const day1 = latestReport(project).journeys[0];
    expect(day1.observations?.[0]).toMatchObject({ id: 'two-days', status: 'open', window: '2 days', startedAt: expect.stringMatching(/^2026-11-27T10:00/) });
    expect(day1.unsubscribe?.find((v) => v.path === 'observation')?.verdict).toBe('inconclusive');
    const address = day1.observations![0].address;
    expect(readdirSync(join(project, 'state'))).toEqual(['two-days.observation.json']);

    const [second] = await Promise.all([run(project, newsletter.url, SATURDAY), campaignDuringRun(project, newsletter.url)]);
    expect(second.code).toBe(1);
    const day2 = latestReport(project).journeys[0];
    expect(day2.steps.slice(0, -1).every((s) => s.status === 'skipped' && s.note?.includes('observation'))).toBe(true);
    expect(day2.mailboxes.reader).toBe(address);
    const observation = day2.observations![0];
    expect(observation.status).toBe('failed');
    expect(observation.runs).toHaveLength(2);
    expect(observation.mails).toHaveLength(1);
    expect(observation.mails[0].offsetMs).toBeGreaterThan(23 * 3_600_000);
    const finding = day2.findings.find((f) => f.code === 'UNSUB_NOT_HONOURED');
    expect(finding?.rule).toBe('GOOGLE-2');
    expect(finding?.message).toContain('This week');
  }, 400_000);

  it('passes once the window closes without mail, and the next run starts a new observation', async () => {
    const newsletter = await site('good');
    const project = tempProject({ 'journeys/two-days.journey.yaml': JOURNEY });

    expect((await run(project, newsletter.url, FRIDAY)).code).toBe(0);
    const after = await run(project, newsletter.url, MONDAY);
    expect(after.code, after.stdout).toBe(0);
    const closed = latestReport(project).journeys[0];
    expect(closed.observations![0]).toMatchObject({ status: 'passed', mails: [] });
    expect(closed.unsubscribe?.find((v) => v.path === 'observation')).toMatchObject({ verdict: 'passed', rules: ['GOOGLE-2'] });
    expect(closed.findings).toEqual([]);

    const fresh = await run(project, newsletter.url, MONDAY);
    expect(fresh.code).toBe(0);
    const restarted = latestReport(project).journeys[0];
    expect(restarted.steps.every((s) => s.status === 'passed')).toBe(true);
    expect(restarted.observations![0]).toMatchObject({ status: 'open', startedAt: expect.stringMatching(/^2026-11-30T10:0/) });
    const files = readdirSync(join(project, 'state'));
    expect(files).toHaveLength(2);
    expect(files).toEqual(expect.arrayContaining(['two-days.observation.json', expect.stringMatching(/^two-days\.passed-.*\.observation\.json$/)]));
  }, 400_000);
});
