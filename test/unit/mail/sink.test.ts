import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailboxWatcher } from '../../../src/mail/mailbox-watcher.js';
import { Sink, type SinkEndpoint } from '../../../src/mail/sink.js';
import { SinkClient } from '../../../src/mail/sink-client.js';
import { mailLinks } from '../../../src/links/mail-links.js';
import { toPattern } from '../../../src/core/pattern.js';
import { budget } from '../../support/time-budget.js';

/** The sink over real TCP: SMTP in through nodemailer or a raw socket, HTTP/SSE out. */
let sink: Sink;
let endpoint: SinkEndpoint;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ja-sink-'));
  sink = new Sink({ dir, maxSize: 64 * 1024 });
  endpoint = await sink.start();
});
afterAll(() => sink.stop());

function transport() {
  return nodemailer.createTransport({ host: endpoint.smtpHost, port: endpoint.smtpPort, secure: false, ignoreTLS: true });
}

/** Speaks SMTP line by line; resolves with every reply the server sent. */
async function rawSmtp(lines: string[], options: { dropAfter?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(endpoint.smtpPort, endpoint.smtpHost);
    let replies = '';
    let sent = 0;
    socket.on('data', (chunk) => {
      replies += chunk.toString();
      if (sent < lines.length && /\r\n$/.test(replies)) socket.write(`${lines[sent++]}\r\n`);
      if (options.dropAfter !== undefined && sent === options.dropAfter) {
        // Cut the connection mid-DATA, as a crashing client would.
        setTimeout(() => socket.destroy(), 50);
      }
    });
    socket.on('close', () => resolve(replies));
    socket.on('error', reject);
    setTimeout(() => socket.end(), 3000);
  });
}

describe('captive SMTP sink', () => {
  it('stores each message byte-exact and reports its SHA-256', async () => {
    const raw = 'From: Shop <shop@example.test>\r\nTo: a@journey-audit.test\r\nSubject: =?UTF-8?B?UmVjZWlwdCDinJM=?=\r\n\r\nbody line\r\n.dot line\r\n';
    await transport().sendMail({ envelope: { from: 'shop@example.test', to: ['a@journey-audit.test'] }, raw });
    const [message] = await new SinkClient(endpoint.api).list({ to: 'a@journey-audit.test' });
    const stored = readFileSync(message.path);
    expect(stored.toString()).toBe(raw);
    expect(message.sha256).toBe(createHash('sha256').update(raw).digest('hex'));
    expect(message.subject).toBe('Receipt ✓');
    expect(message.from).toContain('shop@example.test');
  });

  it('accepts mail without AUTH and for any address (stray mail is kept)', async () => {
    await transport().sendMail({ from: 'x@example.test', to: 'nobody-known@elsewhere.test', subject: 'stray', text: 'hi' });
    const messages = await new SinkClient(endpoint.api).list({ to: 'nobody-known@elsewhere.test' });
    expect(messages.map((m) => m.subject)).toEqual(['stray']);
  });

  it('refuses an oversized message with 552 and keeps nothing of it', async () => {
    const before = (await new SinkClient(endpoint.api).list()).length;
    const error = await transport()
      .sendMail({ from: 'x@example.test', to: 'big@journey-audit.test', subject: 'big', text: 'x'.repeat(200 * 1024) })
      .catch((e: { responseCode?: number }) => e);
    expect((error as { responseCode?: number }).responseCode).toBe(552);
    expect((await new SinkClient(endpoint.api).list()).length).toBe(before);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('shows no partial message when the client disconnects in the middle of DATA', async () => {
    const before = (await new SinkClient(endpoint.api).list()).length;
    await rawSmtp(['EHLO test', 'MAIL FROM:<a@example.test>', 'RCPT TO:<half@journey-audit.test>', 'DATA', 'Subject: half\r\n\r\nonly half of the'], { dropAfter: 5 });
    await new Promise((r) => setTimeout(r, 200));
    expect((await new SinkClient(endpoint.api).list()).length).toBe(before);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('refuses STARTTLS instead of pretending to offer it', async () => {
    const replies = await rawSmtp(['EHLO test', 'STARTTLS', 'QUIT']);
    expect(replies).not.toMatch(/STARTTLS\r\n/);
    expect(replies).toMatch(/\r\n5\d\d /);
  });

  it('pushes a new message to a waiting watcher in another connection at once', async () => {
    const address = 'push@journey-audit.test';
    const watcher = new MailboxWatcher(new SinkClient(endpoint.api), address, Date.now());
    await watcher.ready;
    const waiting = watcher.next({ subject: toPattern('/hello/i') }, budget(5000));
    await transport().sendMail({ from: 'x@example.test', to: address, subject: 'Hello there', text: 'hi' });
    const received = await waiting;
    watcher.close();
    expect(received?.subject).toBe('Hello there');
  });

  it('a wait ends empty-handed at its timeout when nothing matching arrives', async () => {
    const watcher = new MailboxWatcher(new SinkClient(endpoint.api), 'silent@journey-audit.test', Date.now());
    const started = Date.now();
    expect(await watcher.next({}, 300)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(budget(2000));
    watcher.close();
  });

  it('serves the parsed message with raw header lines and links', async () => {
    await transport().sendMail({
      from: 'news@example.test',
      to: 'parsed@journey-audit.test',
      subject: 'News',
      headers: { 'List-Unsubscribe': '<https://example.test/u?t=1>, <mailto:u@example.test>' },
      html: '<p>Read <a href="https://example.test/a?x=1&amp;y=2">the &amp; article</a></p>',
      text: 'Read: https://example.test/a?x=1&y=2',
    });
    const client = new SinkClient(endpoint.api);
    const [summary] = await client.list({ to: 'parsed@journey-audit.test' });
    const mail = await client.get(summary.id);
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toContain('<mailto:u@example.test>');
    expect(mailLinks(mail)).toContainEqual({ href: 'https://example.test/a?x=1&y=2', text: 'the & article', part: 'html' });
    const raw = await fetch(`${endpoint.api}/api/v1/messages/${summary.id}/raw`);
    expect(await raw.text()).toBe(readFileSync(summary.path, 'utf8'));
  });
});
