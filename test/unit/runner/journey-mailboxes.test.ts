import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Sink, type SinkEndpoint } from '../../../src/mail/sink.js';
import { SinkClient } from '../../../src/mail/sink-client.js';
import { JourneyMailboxes } from '../../../src/runner/journey-mail.js';

/** A journey's mailboxes over a real sink: one SMTP transaction to several of them. */
let sink: Sink;
let endpoint: SinkEndpoint;
let dir: string;
let mailboxes: JourneyMailboxes | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ja-mailboxes-'));
  sink = new Sink({ dir });
  endpoint = await sink.start();
});
afterEach(() => mailboxes?.close());
afterAll(async () => {
  await sink.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function deliver(to: string[], subject: string): Promise<void> {
  const transport = nodemailer.createTransport({ host: endpoint.smtpHost, port: endpoint.smtpPort, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope: { from: 'list@lists.example', to }, from: 'list@lists.example', to: 'members@lists.example', subject, text: 'Hello all' });
  } finally {
    transport.close();
  }
}

describe('JourneyMailboxes: one mail, several mailboxes', () => {
  it('a mail delivered to two mailboxes is matched once per mailbox', async () => {
    mailboxes = new JourneyMailboxes(new SinkClient(endpoint.api), ['reader', 'editor'], endpoint.domain, Date.now() - 1000);
    await deliver(['stranger@else.example', mailboxes.address('reader'), mailboxes.address('editor')], 'Post to all');
    const forReader = await mailboxes.waitFor('reader', {}, 10_000);
    expect(forReader?.subject).toBe('Post to all');
    const forEditor = await mailboxes.waitFor('editor', {}, 3_000);
    expect(forEditor?.id).toBe(forReader?.id);
    expect(await mailboxes.waitFor('reader', {}, 300)).toBeUndefined();
  });

  it('a no-mail window for one mailbox counts a mail that a step of another mailbox already matched', async () => {
    const start = Date.now() - 1000;
    mailboxes = new JourneyMailboxes(new SinkClient(endpoint.api), ['reader', 'editor'], endpoint.domain, start);
    await deliver([mailboxes.address('reader'), mailboxes.address('editor')], 'Still sending');
    expect((await mailboxes.waitFor('reader', {}, 10_000))?.subject).toBe('Still sending');
    const editorWindow = await mailboxes.collect('editor', { since: start }, 0);
    expect(editorWindow.map((m) => m.subject)).toEqual(['Still sending']);
  });

  it('each mailbox’s no-mail window starts where that mailbox was last read, not where another mailbox’s window ended', async () => {
    mailboxes = new JourneyMailboxes(new SinkClient(endpoint.api), ['oneClick', 'mailto'], endpoint.domain, Date.now() - 1000);
    await deliver([mailboxes.address('oneClick'), mailboxes.address('mailto')], 'Welcome');
    await mailboxes.waitFor('oneClick', {}, 10_000);
    await mailboxes.waitFor('mailto', {}, 10_000);
    await deliver([mailboxes.address('oneClick'), mailboxes.address('mailto')], 'Next issue');
    expect((await mailboxes.collect('oneClick', {}, 500)).map((m) => m.subject)).toEqual(['Next issue']);
    expect((await mailboxes.collect('mailto', {}, 0)).map((m) => m.subject)).toEqual(['Next issue']);
  });

  it('after unsubscribing, a no-mail window starts when the customer unsubscribed; answers to the unsubscribe are still collected', async () => {
    mailboxes = new JourneyMailboxes(new SinkClient(endpoint.api), ['reader', 'twin'], endpoint.domain, Date.now() - 1000);
    const both = [mailboxes.address('reader'), mailboxes.address('twin')];
    await deliver(both, 'Read');
    await mailboxes.waitFor('reader', {}, 10_000);
    await mailboxes.waitFor('twin', {}, 10_000);
    await deliver(both, 'Sent before the unsubscribe took effect');
    await new Promise((resolve) => setTimeout(resolve, 100));
    mailboxes.unsubscribedNow('reader');
    mailboxes.unsubscribedNow('twin');
    await deliver(both, 'Sent after');
    expect((await mailboxes.collect('reader', {}, 300, { afterUnsubscribe: true })).map((m) => m.subject)).toEqual(['Sent after']);
    expect((await mailboxes.collect('twin', {}, 0)).map((m) => m.subject)).toEqual(['Sent before the unsubscribe took effect', 'Sent after']);
  });

  it('a no-mail window opens when the customer first acts after reading, so mail that came before they did anything is not counted', async () => {
    mailboxes = new JourneyMailboxes(new SinkClient(endpoint.api), ['reader'], endpoint.domain, Date.now() - 1000);
    await deliver([mailboxes.address('reader')], 'This week');
    await mailboxes.waitFor('reader', {}, 10_000);
    await deliver([mailboxes.address('reader')], 'Another subscriber’s campaign, before the customer acted');
    await new Promise((resolve) => setTimeout(resolve, 100));
    mailboxes.customerActs(); // the click on "Unsubscribe"
    mailboxes.customerActs(); // a later request does not move the window again
    await deliver([mailboxes.address('reader')], 'Sent after the click');
    expect((await mailboxes.collect('reader', {}, 300, { afterUnsubscribe: true })).map((m) => m.subject)).toEqual(['Sent after the click']);
  });

  it('names the journey mailboxes a mail reached, never a stranger', async () => {
    mailboxes = new JourneyMailboxes(new SinkClient(endpoint.api), ['reader', 'editor'], endpoint.domain, Date.now() - 1000);
    await deliver(['first@else.example', mailboxes.address('reader').toUpperCase(), 'last@else.example'], 'One of us');
    const mail = await mailboxes.waitFor('reader', {}, 10_000);
    expect(mailboxes.mailboxesOf(mail!)).toEqual(['reader']);
  });
});
