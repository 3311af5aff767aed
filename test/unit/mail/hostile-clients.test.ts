import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailSummary } from '../../../src/mail/received-mail.js';
import { readRaw } from '../../../src/mail/raw-message.js';
import { Sink, type SinkEndpoint } from '../../../src/mail/sink.js';
import { SinkClient } from '../../../src/mail/sink-client.js';
import { SmtpProbe, expectCode } from './smtp-probe.js';
import { budget } from '../../support/time-budget.js';

/**
 * The sink against clients that break the rules, over real TCP with raw sockets. Whatever
 * they send, the sink answers, stays up, keeps accepted mail byte-exact and flags it.
 */
const MAX_SIZE = 4 * 1024 * 1024;
let sink: Sink;
let endpoint: SinkEndpoint;
let client: SinkClient;
let dir: string;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const bytes = (text: string) => Buffer.from(text, 'latin1');

/** Sends one message on a fresh connection and returns what the sink stored for it. */
async function deliver(content: Buffer, to = `m${Math.random().toString(36).slice(2)}@journey-audit.test`): Promise<MailSummary> {
  const probe = await SmtpProbe.open(endpoint.smtpPort);
  try {
    expectCode(await probe.command('EHLO hostile.test'), 250);
    expectCode(await probe.send(content, { to: [to] }), 250);
  } finally {
    probe.destroy();
  }
  const [stored] = await client.list({ to });
  expect(stored, 'the accepted message is listed').toBeDefined();
  return stored;
}

/** Byte-exact: what was sent == the stored file == the summary's hash; and the API still parses it. */
async function expectIntact(sent: Buffer, stored: MailSummary): Promise<void> {
  const raw = await readRaw(stored);
  expect(raw.equals(sent)).toBe(true);
  expect(stored.sha256).toBe(sha256(sent));
  expect(stored.size).toBe(sent.length);
  expect((await client.raw(stored.id)).equals(sent)).toBe(true);
  const parsed = await client.get(stored.id);
  expect(parsed.id).toBe(stored.id);
}

function openFiles(): number {
  return readdirSync('/proc/self/fd').length;
}

function partials(): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.partial'));
}

async function settle<T>(read: () => T, done: (value: T) => boolean, ms = 3000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    value = read();
  }
  return value;
}

// Both ways the sink stores mail: a file per message (a run's own sink) and segment files (the service).
describe.each([
  { storage: 'a file per message', segmentBytes: undefined },
  { storage: 'segment files', segmentBytes: 1024 * 1024 },
])('hostile SMTP clients, $storage', ({ segmentBytes }) => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ja-hostile-'));
    sink = new Sink({ dir, maxSize: MAX_SIZE, segmentBytes });
    endpoint = await sink.start();
    client = new SinkClient(endpoint.api);
  });
  afterAll(() => sink.stop());

  it('refuses STARTTLS with a 5xx when it is not offered, and the session goes on', async () => {
    const probe = await SmtpProbe.open(endpoint.smtpPort);
    const ehlo = await probe.command('EHLO hostile.test');
    expect(ehlo.text).not.toMatch(/STARTTLS/);
    const starttls = await probe.command('STARTTLS');
    expect(starttls.code).toBeGreaterThanOrEqual(500);
    expect(starttls.code).toBeLessThan(600);
    expect((await probe.command('NOOP')).code).toBe(250);
    probe.destroy();
  });

  it('stores and parses a message of 10,000 MIME parts within 5 s', async () => {
    const started = Date.now();
    const parts = Array.from({ length: 10_000 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join('');
    const sent = bytes(`From: a@example.test\r\nTo: b@journey-audit.test\r\nSubject: parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`);
    const stored = await deliver(sent);
    await expectIntact(sent, stored);
    expect(stored.flags).toEqual([]);
    expect(Date.now() - started).toBeLessThan(budget(5000));
  });

  it('keeps nothing of 200 messages cut off in mid-DATA: no message, no file handle, no temp file', async () => {
    const before = (await client.count());
    // Half of them small (held in memory), half past 256 KB (spilled to a temporary file).
    let drops = 0;
    const run = async () => {
      const large = drops++ % 2 === 1;
      const probe = await SmtpProbe.open(endpoint.smtpPort);
      expectCode(await probe.command('EHLO hostile.test'), 250);
      expectCode(await probe.command('MAIL FROM:<a@example.test>'), 250);
      expectCode(await probe.command('RCPT TO:<dropped@journey-audit.test>'), 250);
      expectCode(await probe.command('DATA'), 354);
      probe.write(`Subject: cut off\r\n\r\n${'half a body\r\n'.repeat(large ? 32_000 : 2000)}`);
      await new Promise((resolve) => setTimeout(resolve, large ? 30 : 2));
      probe.destroy();
    };
    // A warm-up drop, so lazily opened handles (parser, timers) are counted in the baseline.
    await run();
    await settle(partials, (p) => p.length === 0);
    const fdsBefore = openFiles();
    for (let round = 0; round < 20; round++) await Promise.all(Array.from({ length: 10 }, run));
    const fdsAfter = await settle(openFiles, (n) => n <= fdsBefore);
    expect(fdsAfter).toBeLessThanOrEqual(fdsBefore + 2);
    expect(await settle(partials, (p) => p.length === 0)).toEqual([]);
    expect(await client.count()).toBe(before);
    expect(await client.count({ to: 'dropped@journey-audit.test' })).toBe(0);
  });

  it('answers an oversized message with 552, keeps nothing and returns to its memory baseline', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const memory = () => {
      gc();
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.arrayBuffers;
    };
    const before = memory();
    const probe = await SmtpProbe.open(endpoint.smtpPort);
    expectCode(await probe.command('EHLO hostile.test'), 250);
    const body = `${'x'.repeat(998)}\r\n`.repeat(16 * 1024); // 16 MB, four times the limit
    const reply = await probe.send(bytes(`Subject: huge\r\n\r\n${body}`), { to: ['huge@journey-audit.test'], timeoutMs: 20_000 });
    expect(reply.code).toBe(552);
    expect((await probe.command('NOOP')).code).toBe(250);
    probe.destroy();
    expect(await client.count({ to: 'huge@journey-audit.test' })).toBe(0);
    expect(await settle(partials, (p) => p.length === 0)).toEqual([]);
    const after = await settle(memory, (m) => m - before < 4 * 1024 * 1024);
    expect(after - before).toBeLessThan(4 * 1024 * 1024);
  });

  it('accepts 1,000 recipients on one message, pipelined', async () => {
    const probe = await SmtpProbe.open(endpoint.smtpPort);
    expect((await probe.command('EHLO hostile.test')).text).toMatch(/PIPELINING/);
    const recipients = Array.from({ length: 1000 }, (_, i) => `r${i}@journey-audit.test`);
    probe.write(`MAIL FROM:<a@example.test>\r\n${recipients.map((r) => `RCPT TO:<${r}>\r\n`).join('')}DATA\r\n`);
    expectCode(await probe.reply(), 250);
    for (let i = 0; i < recipients.length; i++) expectCode(await probe.reply(), 250);
    expectCode(await probe.reply(), 354);
    const sent = bytes('Subject: many\r\n\r\nhello all\r\n');
    probe.write(Buffer.concat([sent, bytes('.\r\n')]));
    expectCode(await probe.reply(), 250);
    probe.destroy();
    const [stored] = await client.list({ to: 'r999@journey-audit.test' });
    expect(stored.envelopeTo).toEqual(recipients);
    await expectIntact(sent, stored);
  });

  it('handles two whole transactions pipelined in one write', async () => {
    const probe = await SmtpProbe.open(endpoint.smtpPort);
    expectCode(await probe.command('EHLO hostile.test'), 250);
    const message = (n: number) => `Subject: pipelined ${n}\r\n\r\nbody ${n}\r\n`;
    const transaction = (n: number) => `MAIL FROM:<a@example.test>\r\nRCPT TO:<pipe${n}@journey-audit.test>\r\nDATA\r\n${message(n)}.\r\n`;
    probe.write(`RSET\r\n${transaction(1)}${transaction(2)}QUIT\r\n`);
    const codes: number[] = [];
    for (let i = 0; i < 10; i++) codes.push((await probe.reply()).code);
    expect(codes).toEqual([250, 250, 250, 354, 250, 250, 250, 354, 250, 221]);
    for (const n of [1, 2]) {
      const [stored] = await client.list({ to: `pipe${n}@journey-audit.test` });
      await expectIntact(bytes(message(n)), stored);
    }
  });

  const flagged: [string, Buffer, string[]][] = [
    ['bare LF line endings', bytes('Subject: bare\nFrom: a@example.test\n\nline one\nline two\r\n'), ['bare-lf']],
    ['NUL bytes', bytes('Subject: nul\r\n\r\nbefore\u0000after\r\n'), ['nul']],
    ['a line over 998 octets', bytes(`Subject: long\r\n\r\n${'y'.repeat(5000)}\r\n`), ['long-line']],
    ['invalid UTF-8 and 8-bit headers', Buffer.concat([bytes('Subject: caf'), Buffer.from([0xc3, 0x28]), bytes(' \xe9t\xe9\r\n\r\nbody '), Buffer.from([0xff, 0xfe]), bytes('\r\n')]), ['8bit-header', 'invalid-utf8']],
    ['a multipart without a boundary', bytes('Subject: mime\r\nContent-Type: multipart/mixed\r\n\r\nno parts\r\n'), ['malformed-mime']],
    ['a multipart that never closes', bytes('Subject: mime\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\nContent-Type: text/plain\r\n\r\nopen\r\n'), ['malformed-mime']],
    ['a header line without a colon', bytes('Subject: mime\r\nthis is not a header\r\n\r\nbody\r\n'), ['malformed-mime']],
    ['a base64 part that is not base64', bytes('Subject: b64\r\nContent-Type: multipart/mixed; boundary=q\r\n\r\n--q\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n--q--\r\n'), []],
    ['a message with no body and no blank line', bytes('Subject: headers only\r\n'), []],
    ['lines starting with dots', bytes('Subject: dots\r\n\r\n.\r\n..\r\n.hidden\r\n'), []],
  ];
  for (const [what, sent, flags] of flagged) {
    it(`stores ${what} byte-exact and flags it (${flags.join(', ') || 'clean'})`, async () => {
      const stored = await deliver(sent);
      await expectIntact(sent, stored);
      expect(stored.flags).toEqual(flags);
    });
  }

  it('keeps a message whose 1.2 MB header block the MIME parser refuses, and still serves it', async () => {
    const fillers = Array.from({ length: 13_000 }, (_, i) => `X-Filler-${i}: ${'y'.repeat(80)}`).join('\r\n');
    const sent = bytes(`Subject: huge header\r\n${fillers}\r\n\r\nthe body\r\n`);
    const stored = await deliver(sent);
    expect(stored.subject).toBe('huge header');
    expect(stored.flags).toEqual(['malformed-mime']);
    expect((await readRaw(stored)).equals(sent)).toBe(true);
    const parsed = await client.get(stored.id);
    expect(parsed.parseError).toMatch(/header size/i);
    expect(parsed.text).toBe('the body\r\n');
    expect(parsed.headerLines[0]).toEqual({ key: 'subject', line: 'Subject: huge header' });
  });

  it('is still up and answering after all of the above', async () => {
    expect((await client.health()).ok).toBe(true);
    const probe = await SmtpProbe.open(endpoint.smtpPort);
    expect((await probe.command('EHLO still.test')).code).toBe(250);
    probe.destroy();
  });
});
