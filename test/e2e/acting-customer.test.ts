import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailbox, type TestMailbox } from '../unit/demo/mailbox.js';
import { freePort, latestReport, runCli, tempProject } from './cli-harness.js';

/**
 * A list server sends one copy of a post to many subscribers (one SMTP transaction, many
 * RCPTs). Whatever the audit sends back (a mailto unsubscribe, a reply) must come from the
 * journey's own mailbox, never from another subscriber. The relay is a loopback SMTP server
 * that records what it was handed; the list is a loopback HTTP site that mails the sink.
 */
const STRANGERS = ['alice.stranger@else.example', 'bob.stranger@else.example'];
let smtpPort: number;
let relay: TestMailbox;
let list: Server;
let listUrl: string;

beforeAll(async () => {
  smtpPort = await freePort();
  relay = await startMailbox();
  list = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://list.test');
    const subscribers = url.searchParams.getAll('to');
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    transport
      .sendMail({
        // The strangers come first: a tool that acts as "the first recipient" acts as one of them.
        envelope: { from: 'owner@lists.example', to: [STRANGERS[0], ...subscribers, STRANGERS[1]] },
        from: 'Cooking list <cooks@lists.example>',
        to: 'cooks@lists.example',
        subject: 'Sunday bread',
        headers: { 'List-Id': '<cooks.lists.example>', 'List-Unsubscribe': '<mailto:cooks-leave@lists.example?subject=unsubscribe>' },
        text: 'Knead for ten minutes.\n\nTo leave the list, write to cooks-leave@lists.example',
        html: '<p>Knead for ten minutes.</p><p><a href="mailto:cooks-leave@lists.example?subject=unsubscribe">Unsubscribe</a></p>',
      })
      .then(
        () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"sent":1}'),
        (error: Error) => res.writeHead(500).end(error.message),
      )
      .finally(() => transport.close());
  });
  await new Promise<void>((r) => list.listen(0, '127.0.0.1', r));
  listUrl = `http://127.0.0.1:${(list.address() as { port: number }).port}`;
});

afterAll(async () => {
  await relay?.close();
  list?.close();
});

function run(journey: string) {
  const project = tempProject({ 'journeys/list.journey.yaml': journey });
  const result = runCli(['run', '--smtp-port', String(smtpPort), '--smtp-relay', `127.0.0.1:${relay.port}`, '--workers', '1'], { cwd: project, env: { LIST_URL: listUrl } });
  return { project, result };
}

describe('acting as the journey’s customer only', () => {
  it('a post to three subscribers: the mailto unsubscribe and the reply go out as the journey’s mailbox, never a stranger', async () => {
    const before = relay.messages.length;
    const { project, result } = run(`name: Leave a mailing list
mailboxes: [reader]
steps:
  - http: { method: POST, url: "\${{ env.LIST_URL }}/post?to=\${{ mailbox.reader.address }}" }
  - waitForEmail: { to: reader, subject: Sunday bread, as: post }
  - auditUnsubscribe: { in: post, via: [mailto, link] }
  - reply: { to: post, body: Thank you for the recipe }
`);
    const { stdout, stderr } = await result;
    const report = latestReport(project);
    const [journey] = report.journeys;
    const reader = journey.mailboxes.reader;
    const sent = relay.messages.slice(before);
    expect(sent.length, stdout + stderr).toBe(2);
    for (const message of sent) {
      expect(message.from).toBe(reader);
      expect(message.parsed.from?.value[0].address).toBe(reader);
      for (const stranger of STRANGERS) expect(message.raw).not.toContain(stranger);
    }
    expect(sent.map((m) => m.to[0]).sort()).toEqual(['cooks-leave@lists.example', 'cooks@lists.example']);
    // A mailto link in the footer is the mailto path's business, not a page the browser fails to walk.
    const link = journey.unsubscribe?.find((v) => v.path === 'link');
    expect(link?.verdict).toBe('not-offered');
    expect(link?.summary).toMatch(/mailto/);
    expect(journey.findings.map((f) => f.code)).not.toContain('UNSUB_EXTRA_STEPS');
    // Every state-changing act is listed, with the mailbox it acted as.
    expect(journey.sideEffects?.map((e) => [e.kind, e.target, e.address])).toEqual([
      ['mailto-sent', 'cooks-leave@lists.example', reader],
      ['reply-sent', 'cooks@lists.example', reader],
    ]);
    const summary = readFileSync(join(project, 'reports', 'latest', 'summary.md'), 'utf8');
    expect(summary).toContain('## What the audit did on the sites');
    expect(summary).toContain('Unsubscribe email sent');
    expect(readFileSync(join(project, 'reports', 'latest', 'report.html'), 'utf8')).toContain('What the audit did on the site (2)');
  }, 180_000);

  it('a mail that reached two of the journey’s mailboxes: a step acts only as the mailbox it names', async () => {
    const before = relay.messages.length;
    const { project, result } = run(`name: Two subscribers of one journey
mailboxes: [reader, editor]
steps:
  - http: { method: POST, url: "\${{ env.LIST_URL }}/post?to=\${{ mailbox.reader.address }}&to=\${{ mailbox.editor.address }}" }
  - waitForEmail: { to: reader, subject: Sunday bread, as: post }
  - waitForEmail: { to: editor, subject: Sunday bread, within: 10s, as: editorsCopy }
  - reply: { to: editorsCopy, body: Noted, as: editor }
  - reply: { to: post, body: Which of us? }
`);
    const { code } = await result;
    const [journey] = latestReport(project).journeys;
    expect(code).toBe(1);
    expect(journey.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'passed', 'passed', 'failed']);
    const refusal = journey.findings.find((f) => f.code === 'MAIL_NOT_FOR_CUSTOMER');
    expect(refusal?.message).toMatch(/reader, editor.*as:/);
    const sent = relay.messages.slice(before);
    expect(sent).toHaveLength(1);
    const editor = journey.mailboxes.editor;
    expect(sent[0].from).toBe(editor);
  }, 180_000);
});
