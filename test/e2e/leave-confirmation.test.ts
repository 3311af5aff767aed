import { afterEach, describe, expect, it } from 'vitest';
import { freePort, latestReport, runCli, tempProject } from './cli-harness.js';
import { startListServer, type ListServer, type ListServerOptions } from './confirming-list-server.js';

/**
 * A list server on loopback that asks the customer to confirm leaving (mlmmj by reply,
 * Sympa by link), run through the real CLI, sink and Chromium. The round trip is a
 * warning of its own, the customer answers it from the journey's own mailbox, and the
 * next issue must not come. Replying to a welcome mail without having opted out is not
 * a re-subscription.
 */
let list: ListServer | undefined;
afterEach(async () => {
  await list?.close();
  list = undefined;
});

const LEAVE = (auditReplies: string) => `name: Leaving a list that asks to confirm
mailboxes: [reader]
steps:
  - http: { method: POST, url: "\${{ env.LIST_URL }}/subscribe?email=\${{ mailbox.reader.address }}" }
  - waitForEmail: { to: reader, subject: Welcome }
  - http: { method: POST, url: "\${{ env.LIST_URL }}/post" }
  - waitForEmail: { to: reader, subject: Issue 1, as: issue }
  - auditUnsubscribe: { in: issue, via: mailto }
  - ${auditReplies}
  - http: { method: POST, url: "\${{ env.LIST_URL }}/post" }
  - expectNoEmail: { to: reader, subject: Issue 2, for: 2s, reason: unsubscribed }
`;

async function runAgainst(options: Omit<ListServerOptions, 'sinkPort'>, journey: string) {
  const sinkPort = await freePort();
  list = await startListServer({ ...options, sinkPort });
  const project = tempProject({ 'journeys/leave.journey.yaml': journey });
  const result = await runCli(['run', '--workers', '1', '--smtp-port', String(sinkPort), '--smtp-relay', `127.0.0.1:${list.smtpPort}`], {
    cwd: project,
    env: { LIST_URL: list.url },
    timeoutMs: 150_000,
  });
  const [report] = latestReport(project).journeys;
  // A list that offers only mailto: has no one-click unsubscribe: a warning of its own, true of every run here.
  const codes = report.findings.map((f) => f.code).filter((code) => code !== 'UNSUB_NO_ONE_CLICK');
  return { result, report: { ...report, findings: report.findings.filter((f) => f.code !== 'UNSUB_NO_ONE_CLICK') }, codes };
}

describe('a list server that asks to confirm leaving', () => {
  it('mlmmj-style, by reply: the request is answered from the journey’s mailbox, reported as a round trip, and the mail stops', async () => {
    const { result, report, codes } = await runAgainst({ confirm: 'reply' }, LEAVE('auditReplies: { to: reader, within: 3s }'));
    expect(codes).not.toContain('REPLY_AUTO_RESPONDER');
    expect(codes).not.toContain('MAIL_UNEXPECTED');
    expect(codes).toEqual(['UNSUB_CONFIRM_ROUND_TRIP']);
    const roundTrip = report.findings[0];
    expect(roundTrip).toMatchObject({ severity: 'warning', rule: 'CFR316.5' });
    expect(roundTrip.message).toMatch(/confirmed leaving by replying to news\+confunsub-[0-9a-f]+@lists\.test/);
    const reader = list!.received.find((m) => m.to.includes('news+unsubscribe@lists.test'))!.from;
    const confirmation = list!.received.filter((m) => m.to.some((to) => to.startsWith('news+confunsub-')));
    expect(confirmation).toHaveLength(1);
    expect(confirmation[0].from).toBe(reader);
    expect(confirmation[0].subject).toBe('Re: Confirm unsubscribe from news@lists.test');
    expect(list!.subscribers.size).toBe(0);
    const verdict = report.unsubscribe?.find((v) => v.path === 'reply');
    expect(verdict).toMatchObject({ verdict: 'passed', findings: ['UNSUB_CONFIRM_ROUND_TRIP'] });
    expect(verdict?.rules).toEqual(expect.arrayContaining(['CFR316.5', 'RFC8058-3']));
    expect(result.code).toBe(0);
  }, 180_000);

  it('Sympa-style, by link: the confirm page is opened and its button pressed in the browser', async () => {
    const { report, codes } = await runAgainst({ confirm: 'link' }, LEAVE('auditReplies: { to: reader, within: 3s }'));
    expect(codes).toEqual(['UNSUB_CONFIRM_ROUND_TRIP']);
    expect(report.findings[0].message).toMatch(/confirmed leaving by opening http:\/\/127\.0\.0\.1:\d+\/confirm\/[0-9a-f]+ and pressing one button/);
    expect(list!.subscribers.size).toBe(0);
    expect(report.status).toBe('passed');
  }, 180_000);

  it('switched off (confirm: { reply: false, link: false }): the request is not answered, the verdict is inconclusive and the mail keeps coming', async () => {
    const { report, codes } = await runAgainst({ confirm: 'reply' }, LEAVE('auditReplies: { to: reader, within: 3s, confirm: { reply: false, link: false } }'));
    expect(codes).toEqual(['UNSUB_CONFIRM_ROUND_TRIP', 'UNSUB_NOT_HONOURED']);
    expect(report.unsubscribe?.find((v) => v.path === 'reply')).toMatchObject({ verdict: 'inconclusive' });
    expect(list!.received.filter((m) => m.to.some((to) => to.startsWith('news+confunsub-')))).toHaveLength(0);
  }, 180_000);

  it('a goodbye mail with a coupon is UNSUB_GOODBYE_MARKETING (PRACTICE-NO-RESUB)', async () => {
    const { report, codes } = await runAgainst({ confirm: 'reply', goodbye: 'coupon' }, LEAVE('auditReplies: { to: reader, within: 3s }'));
    expect(codes).toEqual(['UNSUB_CONFIRM_ROUND_TRIP', 'UNSUB_GOODBYE_MARKETING']);
    expect(report.findings[1]).toMatchObject({ severity: 'warning', rule: 'PRACTICE-NO-RESUB' });
    expect(report.findings[1].message).toContain('20% off');
  }, 180_000);
});

describe('a reply to a welcome mail', () => {
  it('is not a re-subscription when the customer never opted out', async () => {
    const journey = `name: Thanks for the welcome
mailboxes: [reader]
steps:
  - http: { method: POST, url: "\${{ env.LIST_URL }}/subscribe?email=\${{ mailbox.reader.address }}" }
  - waitForEmail: { to: reader, subject: Welcome, as: welcome }
  - reply: { to: welcome, body: Thanks! }
  - auditReplies: { to: reader, within: 3s }
`;
    const { result, report, codes } = await runAgainst({ confirm: 'reply' }, journey);
    expect(codes).toEqual([]);
    expect(report.unsubscribe?.find((v) => v.path === 'reply')?.summary).toMatch(/had not opted out/);
    expect(result.code).toBe(0);
  }, 180_000);
});
