import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapSource } from '../../../src/mail/imap-source.js';
import { readRaw } from '../../../src/mail/raw-message.js';
import { Sink, type SinkEndpoint } from '../../../src/mail/sink.js';
import { SinkClient } from '../../../src/mail/sink-client.js';
import { budget } from '../../support/time-budget.js';

/**
 * A real inbox as the sink's source: Debian's dovecot started on loopback for the test
 * (skipped when it is not installed), mail delivered into it by IMAP APPEND.
 */
const DOVECOT = '/usr/sbin/dovecot';
const haveDovecot = existsSync(DOVECOT) && process.getuid?.() === 0;
const PASS = 'imap-test-pass';
let dir: string;
let port: number;
let dovecot: ChildProcess | undefined;
let sink: Sink;
let endpoint: SinkEndpoint;
let source: ImapSource;

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = server.address() as { port: number };
      server.close(() => resolve(p));
    });
  });
}

async function appendMail(user: string, raw: string): Promise<void> {
  const { ImapFlow } = await import('imapflow');
  const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: PASS }, logger: false });
  await client.connect();
  await client.append('INBOX', Buffer.from(raw));
  await client.logout();
}

beforeAll(async () => {
  if (!haveDovecot) return;
  dir = mkdtempSync(join(tmpdir(), 'ja-dovecot-'));
  chmodSync(dir, 0o755); // dovecot's mail user must reach the mail folder inside
  port = await freePort();
  const mail = join(dir, 'mail');
  mkdirSync(mail);
  mkdirSync(join(dir, 'run'));
  const nobody = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
  const nogroup = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim());
  chownSync(mail, nobody, nogroup);
  writeFileSync(
    join(dir, 'dovecot.conf'),
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/run
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = ${dir}/dovecot.log
mail_location = maildir:${mail}/%u
mail_uid = ${nobody}
mail_gid = ${nogroup}
first_valid_uid = 1
default_internal_user = dovecot
default_login_user = dovenull
passdb {
  driver = static
  args = password=${PASS}
}
userdb {
  driver = static
  args = uid=${nobody} gid=${nogroup} home=${mail}/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  dovecot = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  const deadline = Date.now() + 15_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('data', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline) throw new Error('dovecot did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Mail that was there before the source started is not imported.
  await appendMail('reader', 'From: old@example.test\r\nTo: reader@example.test\r\nSubject: before\r\n\r\nold\r\n');
  sink = new Sink({ dir: join(dir, 'sink') });
  endpoint = await sink.start();
  source = new ImapSource(sink.store, { host: '127.0.0.1', port, secure: false, user: 'reader', pass: PASS, pollMs: 60_000 });
  await source.start();
});

afterAll(async () => {
  if (!haveDovecot) return;
  await source?.stop();
  await sink?.stop();
  dovecot?.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 200));
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!haveDovecot)('IMAP source (dovecot on loopback)', () => {
  it('copies new mail from the inbox into the sink at once (IDLE), byte-exact', async () => {
    const client = new SinkClient(endpoint.api);
    const raw = 'From: Shop <shop@example.test>\r\nTo: reader@example.test\r\nSubject: Your receipt\r\nMessage-ID: <r1@example.test>\r\n\r\nThank you.\r\n';
    const waiting = client.wait({ to: 'reader@example.test', subject: 'receipt' }, budget(10_000));
    const started = Date.now();
    await appendMail('reader', raw);
    const arrived = await waiting;
    expect(arrived?.subject).toBe('Your receipt');
    expect(arrived?.envelopeFrom).toBe('shop@example.test');
    expect(Date.now() - started).toBeLessThan(budget(10_000));
    expect((await readRaw(arrived!)).toString()).toBe(raw);
    expect((await client.list()).map((m) => m.subject)).toEqual(['Your receipt']); // not "before"
  });

  it('finds new mail by polling when IDLE is not used', async () => {
    const polling = new Sink({ dir: join(dir, 'polling-sink') });
    const api = (await polling.start()).api;
    const poller = new ImapSource(polling.store, { host: '127.0.0.1', port, secure: false, user: 'poller', pass: PASS, idle: false, pollMs: 300 });
    await poller.start();
    try {
      const waiting = new SinkClient(api).wait({ subject: 'polled' }, budget(10_000));
      await appendMail('poller', 'From: a@example.test\r\nTo: poller@example.test\r\nSubject: polled\r\n\r\nhi\r\n');
      expect((await waiting)?.subject).toBe('polled');
    } finally {
      await poller.stop();
      await polling.stop();
    }
  });

  it('works through `journey-audit sink --imap` (the service), and refuses a bad URL or password', async () => {
    const { startSinkService } = await import('../../../src/mail/sink-service.js');
    const base = { host: '127.0.0.1', smtpPort: 0, httpPort: 0, domain: 'example.test', maxSize: 1 << 20, retentionMs: 3_600_000, maxMessages: 100 };
    await expect(startSinkService({ ...base, imap: 'pop3://x@127.0.0.1', imapPassword: PASS })).rejects.toThrow(/imap:\/\/ or imaps:/);
    await expect(startSinkService({ ...base, imap: `imap://other@127.0.0.1:${port}/Nope`, imapPassword: PASS })).rejects.toThrow(/--imap: cannot read/);
    const service = await startSinkService({ ...base, imap: `imap://other@127.0.0.1:${port}/INBOX`, imapPassword: PASS });
    try {
      expect(service.banner.join('\n')).toContain(`IMAP      other@127.0.0.1:${port}/INBOX`);
      expect(service.banner.join('\n')).not.toContain(PASS);
      const waiting = new SinkClient(service.endpoint.api).wait({ to: 'other@example.test' }, budget(10_000));
      await appendMail('other', 'From: a@example.test\r\nTo: other@example.test\r\nSubject: via the service\r\n\r\nhi\r\n');
      expect((await waiting)?.subject).toBe('via the service');
    } finally {
      await service.stop();
    }
  });
});
