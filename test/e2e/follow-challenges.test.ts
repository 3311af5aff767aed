import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSites } from '../../src/demo/demo-sites.js';
import { freePort, latestReport, runCli, tempProject } from './cli-harness.js';

/**
 * A "verify you are human" link changes the subscriber's state on the audited site (the demo's
 * auto-responder variant re-subscribes whoever follows it). The audit follows it only when the
 * journey says `followChallenges: true`, and lists it among its side effects when it does.
 */
let smtpPort: number;
let demo: Awaited<ReturnType<typeof startDemoSites>>;

beforeAll(async () => {
  smtpPort = await freePort();
  demo = await startDemoSites({ smtp: { host: '127.0.0.1', port: smtpPort } });
});
afterAll(async () => {
  await demo?.close();
});

const parts = {
  'journeys/parts/subscribe-and-confirm.yaml': readFileSync('journeys/parts/subscribe-and-confirm.yaml', 'utf8'),
  'journeys/parts/receive-the-newsletter.yaml': readFileSync('journeys/parts/receive-the-newsletter.yaml', 'utf8'),
};

function journey(follow: string): string {
  return `name: Mailto unsubscribe meets a challenge
baseURL: \${{ env.NEWSLETTER_AUTO_RESPONDER_URL }}
mailboxes: [reader]
${follow}steps:
  - use: { file: parts/receive-the-newsletter.yaml, with: { mailbox: reader, email: "\${{ mailbox.reader.address }}" } }
  - auditUnsubscribe: { in: newsletter, via: mailto }
  - auditReplies: { to: reader, within: 4s }
`;
}

async function run(follow: string) {
  const project = tempProject({ ...parts, 'journeys/challenge.journey.yaml': journey(follow) });
  const result = await runCli(['run', '--smtp-port', String(smtpPort), '--smtp-relay', `${demo.relay.host}:${demo.relay.port}`], { cwd: project, env: demo.env });
  return { result, journey: latestReport(project).journeys[0] };
}

describe('followChallenges', () => {
  it('off by default: the challenge is reported, its link is not opened, and the side effects show only the unsubscribe mail', async () => {
    const { result, journey } = await run('');
    const codes = journey.findings.map((f) => f.code);
    expect(codes, result.stdout + result.stderr).toContain('REPLY_CHALLENGE');
    expect(codes).not.toContain('RESUBSCRIBED');
    expect(journey.findings.find((f) => f.code === 'REPLY_CHALLENGE')?.message).toMatch(/not followed.*followChallenges: true/);
    expect(journey.sideEffects?.map((e) => e.kind)).toEqual(['link-followed', 'mailto-sent']);
    expect(journey.sideEffects?.[0]).toMatchObject({ mailbox: 'reader', target: expect.stringMatching(/confirm/) });
  }, 180_000);

  it('followChallenges: true opens the link, finds the re-subscription, and lists the followed link', async () => {
    const { journey } = await run('followChallenges: true\n');
    expect(journey.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['REPLY_CHALLENGE', 'RESUBSCRIBED']));
    const followed = journey.sideEffects?.find((e) => e.kind === 'challenge-followed');
    expect(followed).toMatchObject({ method: 'GET', mailbox: 'reader', address: journey.mailboxes.reader });
    expect(followed?.target).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  }, 180_000);
});
