import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/core/errors.js';
import { MailStore } from '../../../src/mail/mail-store.js';
import { SinkClient } from '../../../src/mail/sink-client.js';
import { startSinkService, type RunningSinkService, type SinkServiceConfig } from '../../../src/mail/sink-service.js';
import { SmtpProbe } from './smtp-probe.js';
import { budget } from '../../support/time-budget.js';

/** `journey-audit sink` as a service: token, TLS, AUTH, and the v1 API (search, count, wait, delete). */
const TOKEN = 'test-token-0123456789abcdef';
const base: SinkServiceConfig = { host: '127.0.0.1', smtpPort: 0, httpPort: 0, domain: 'ci.test', maxSize: 1024 * 1024, retentionMs: 3_600_000, maxMessages: 1000 };
let service: RunningSinkService;
let client: SinkClient;

beforeAll(async () => {
  service = await startSinkService({ ...base, token: TOKEN, tlsSelfSigned: true, smtpsPort: 0, auth: 'robot:s3cret-pass' });
  client = new SinkClient(service.endpoint.api, { token: TOKEN });
});
afterAll(() => service.stop());

function transport(options: { secure?: boolean; port?: number; auth?: boolean } = {}) {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port: options.port ?? service.endpoint.smtpPort,
    secure: options.secure ?? false,
    requireTLS: !options.secure,
    tls: { rejectUnauthorized: false },
    auth: options.auth === false ? undefined : { user: 'robot', pass: 's3cret-pass' },
  });
}

const send = (to: string, subject: string, from = 'shop@example.test') => transport().sendMail({ from, to, subject, text: 'hello' });

describe('journey-audit sink service', () => {
  it('refuses to listen beyond loopback without a token (exit 2), and takes no short token', async () => {
    await expect(startSinkService({ ...base, host: '0.0.0.0' })).rejects.toThrow(InvalidInputError);
    await expect(startSinkService({ ...base, host: '0.0.0.0' })).rejects.toThrow(/without a token/);
    await expect(startSinkService({ ...base, token: 'short' })).rejects.toThrow(/too short/);
  });

  it('answers every API call without the right token with 401', async () => {
    for (const path of ['/api/v1/health', '/api/v1/messages', '/api/v1/events', '/api/v1/messages/wait?timeout=10']) {
      expect((await fetch(`${service.endpoint.api}${path}`)).status).toBe(401);
      expect((await fetch(`${service.endpoint.api}${path}`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    }
    expect((await fetch(`${service.endpoint.api}/api/v1/messages`, { method: 'DELETE' })).status).toBe(401);
    expect((await client.health()).smtp).toMatchObject({ starttls: true, auth: true });
  });

  it('takes mail over STARTTLS and implicit TLS with AUTH, and refuses it without AUTH', async () => {
    await send('tls@ci.test', 'over starttls');
    await transport({ secure: true, port: service.smtpsPort }).sendMail({ from: 'a@example.test', to: 'tls@ci.test', subject: 'over smtps', text: 'x' });
    const refused = await transport({ auth: false })
      .sendMail({ from: 'a@example.test', to: 'tls@ci.test', subject: 'no auth', text: 'x' })
      .catch((error: { responseCode?: number }) => error);
    expect((refused as { responseCode?: number }).responseCode).toBe(530);
    expect((await client.list({ to: 'tls@ci.test' })).map((m) => m.subject)).toEqual(['over starttls', 'over smtps']);
  });

  it('searches by recipient, sender, subject and time, and counts', async () => {
    const t0 = Date.now();
    await send('search@ci.test', 'Your receipt 1', 'billing@shop.test');
    await send('search@ci.test', 'Weekly news', 'news@shop.test');
    await send('other@ci.test', 'Your receipt 2', 'billing@shop.test');
    const t1 = Date.now() + 1;
    expect((await client.list({ to: 'search@ci.test' })).map((m) => m.subject)).toEqual(['Your receipt 1', 'Weekly news']);
    expect((await client.list({ subject: 'receipt', since: t0 })).map((m) => m.subject)).toEqual(['Your receipt 1', 'Your receipt 2']);
    expect((await client.list({ from: 'NEWS@shop', since: t0 })).map((m) => m.subject)).toEqual(['Weekly news']);
    expect(await client.list({ since: t1 })).toEqual([]);
    expect(await client.count({ until: t0 })).toBe(2); // the two TLS messages
    expect(await client.count({ to: 'search@ci.test' })).toBe(2);
    expect((await fetch(`${service.endpoint.api}/api/v1/messages?since=yesterday`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(400);
  });

  it('long-polls: returns a stored match at once, the next one when it arrives, and 204 at the timeout', async () => {
    const present = await client.wait({ to: 'search@ci.test', subject: 'weekly' }, budget(5000));
    expect(present?.subject).toBe('Weekly news');
    const waiting = client.wait({ to: 'later@ci.test' }, budget(5000));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await send('later@ci.test', 'arrived later');
    expect((await waiting)?.subject).toBe('arrived later');
    const started = Date.now();
    expect(await client.wait({ to: 'never@ci.test' }, 200)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(budget(3000));
  });

  it('deletes one message, by recipient, and all (files too)', async () => {
    const [first] = await client.list({ to: 'search@ci.test' });
    expect(await client.delete(first.id)).toBe(true);
    expect(await client.delete(first.id)).toBe(false);
    expect((await fetch(`${service.endpoint.api}/api/v1/messages/${first.id}/raw`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    expect(await client.deleteWhere({ to: 'other@ci.test' })).toBe(1);
    expect(await client.count({ to: 'search@ci.test' })).toBe(1);
    await client.deleteWhere();
    expect(await client.count()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(readdirSync(service.dir).filter((f) => f.endsWith('.eml') || f.endsWith('.raw'))).toEqual([]);
  });

  it('keeps messages byte-exact in its segment files, small and large alike', async () => {
    const { createHash } = await import('node:crypto');
    const small = 'From: a@example.test\r\nSubject: small\r\n\r\nbody\r\n';
    const large = `From: a@example.test\r\nSubject: large\r\n\r\n${'z'.repeat(998)}\r\n`.repeat(400); // ~400 KB: a file of its own
    for (const raw of [small, large, small.replace('small', 'again')]) {
      await transport().sendMail({ envelope: { from: 'a@example.test', to: ['seg@ci.test'] }, raw });
    }
    const stored = await client.list({ to: 'seg@ci.test' });
    expect(stored.map((m) => m.offset !== undefined)).toEqual([true, false, true]);
    for (const [i, raw] of [small, large, small.replace('small', 'again')].entries()) {
      const bytes = await client.raw(stored[i].id);
      expect(bytes.toString('latin1')).toBe(raw);
      expect(stored[i].sha256).toBe(createHash('sha256').update(raw).digest('hex'));
      expect((await client.get(stored[i].id)).subject).toBe(stored[i].subject);
    }
  });
});

describe('authentication results', () => {
  it('reports the DKIM signature of a stored message and which headers it covers', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { dkimSign } = (await import('mailauth/lib/dkim/sign.js')) as unknown as { dkimSign(input: Buffer, options: unknown): Promise<{ signatures: string }> };
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const raw = 'From: news@news.example\r\nTo: dkim@ci.test\r\nSubject: signed\r\nList-Unsubscribe: <https://news.example/u>\r\n\r\nhi\r\n';
    const { signatures } = await dkimSign(Buffer.from(raw), { headerList: 'from:to:subject:list-unsubscribe', signatureData: [{ signingDomain: 'news.example', selector: 's1', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) }] });
    await transport().sendMail({ envelope: { from: 'news@news.example', to: ['dkim@ci.test'] }, raw: signatures + raw });
    const [stored] = await client.list({ to: 'dkim@ci.test' });
    const auth = await client.authentication(stored.id);
    expect(auth.dkim).toHaveLength(1);
    // No DNS record for news.example here: the signature cannot pass, but what it covers is known.
    expect(auth.dkim[0]).toMatchObject({ domain: 'news.example', selector: 's1', coversListUnsubscribe: true, coversListUnsubscribePost: false });
    expect(auth.dkim[0].result).not.toBe('pass');
  });
});

describe('a runner mirroring a shared sink', () => {
  it('copies each message into its own folder as a file of its own', async () => {
    const { readRaw } = await import('../../../src/mail/raw-message.js');
    await send('mirror@ci.test', 'to be mirrored');
    const mirrorDir = mkdtempSync(join(tmpdir(), 'ja-mirror-'));
    const [copy] = await new SinkClient(service.endpoint.api, { token: TOKEN, mirrorDir }).list({ to: 'mirror@ci.test' });
    expect(copy.path.startsWith(mirrorDir)).toBe(true);
    expect(copy.offset).toBeUndefined();
    expect((await readRaw(copy)).equals(await client.raw(copy.id))).toBe(true);
  });
});

describe('store bounds', () => {
  async function fill(store: MailStore, n: number) {
    const { Readable } = await import('node:stream');
    for (let i = 0; i < n; i++) await store.store({ from: 'a@x.test', to: [`n${i}@x.test`] }, Readable.from([Buffer.from(`Subject: ${i}\r\n\r\nbody\r\n`)]));
  }

  it('keeps at most maxMessages, dropping the oldest first', async () => {
    const store = new MailStore(mkdtempSync(join(tmpdir(), 'ja-store-')), { maxMessages: 3 });
    await fill(store, 5);
    expect(store.list().map((m) => m.subject)).toEqual(['2', '3', '4']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readdirSync(store.dir).filter((f) => f.endsWith('.eml'))).toHaveLength(3);
    store.close();
  });

  it('cleans a folder used before: temporary files at once, old mail at once, younger mail once it expires', async () => {
    const { writeFileSync, utimesSync, existsSync } = await import('node:fs');
    const folder = mkdtempSync(join(tmpdir(), 'ja-store-'));
    const file = (name: string, ageMs: number) => {
      writeFileSync(join(folder, name), 'Subject: old\r\n\r\n');
      const at = new Date(Date.now() - ageMs);
      utimesSync(join(folder, name), at, at);
      return join(folder, name);
    };
    const partial = file('.abc.partial', 0);
    const expired = file('00001-aaa.eml', 120_000);
    const young = file('segment-1-0000.raw', 10_000);
    const store = new MailStore(folder, { retentionMs: 60_000 });
    expect([existsSync(partial), existsSync(expired), existsSync(young)]).toEqual([false, false, true]);
    expect(store.count).toBe(0);
    store.expire(Date.now() + 55_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(young)).toBe(false);
    store.close();
  });

  it('deletes messages older than the retention', async () => {
    const store = new MailStore(mkdtempSync(join(tmpdir(), 'ja-store-')), { retentionMs: 60_000 });
    await fill(store, 2);
    expect(store.expire(Date.now() + 30_000)).toBe(0);
    expect(store.expire(Date.now() + 61_000)).toBe(2);
    expect(store.count).toBe(0);
    store.close();
  });
});

describe('STARTTLS offered', () => {
  it('advertises STARTTLS and upgrades with 220 when there is a certificate', async () => {
    const probe = await SmtpProbe.open(service.endpoint.smtpPort);
    expect((await probe.command('EHLO probe.test')).text).toMatch(/STARTTLS/);
    expect((await probe.command('STARTTLS')).code).toBe(220);
    probe.destroy();
  });
});
