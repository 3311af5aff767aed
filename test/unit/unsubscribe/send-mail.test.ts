import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailtoToMessage, parseMailto } from '../../../src/unsubscribe/mailto.js';
import { sendMailAs } from '../../../src/unsubscribe/send-mail.js';
import { budget } from '../../support/time-budget.js';

/** A real SMTP relay on loopback that keeps what it receives. */
interface Received {
  from: string;
  to: string[];
  raw: Buffer;
  user?: string;
}
const received: Received[] = [];
let relay: SMTPServer;
let port: number;

beforeAll(async () => {
  relay = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'anna' && auth.password === 's3cret-pass') callback(null, { user: 'anna' });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          user: session.user as string | undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  port = (relay.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => relay.close(() => resolve())));

describe('mailto parsing (RFC 6068)', () => {
  it.each([
    ['mailto:leave@list.example', { to: ['leave@list.example'], subject: undefined, body: undefined }],
    ['mailto:leave@list.example?subject=unsubscribe', { to: ['leave@list.example'], subject: 'unsubscribe' }],
    ['mailto:a@x.example,b@x.example?cc=c@x.example&body=bye%0D%0Anow', { to: ['a@x.example', 'b@x.example'], cc: ['c@x.example'], body: 'bye\r\nnow' }],
    ['mailto:?to=leave@list.example&subject=Re%3A%20x', { to: ['leave@list.example'], subject: 'Re: x' }],
    ['MAILTO:Leave@List.Example?Subject=Stop', { to: ['Leave@List.Example'], subject: 'Stop' }],
    ['mailto:d%C3%A9sabonnement@exemple.fr', { to: ['désabonnement@exemple.fr'], nonAsciiAddress: true, problems: [] }],
    ['mailto:leave@list.example?subject=a+b', { subject: 'a+b' }],
  ])('%s', (uri, expected) => {
    expect(parseMailto(uri)).toMatchObject(expected);
  });

  it.each([
    ['mailto:', /names no address/],
    ['mailto:not-an-address?subject=x', /not an email address/],
    ['mailto:a@x.example?subject=%E0%A4%A', /broken %-escape/],
  ])('%s has problems', (uri, problem) => {
    expect(parseMailto(uri)!.problems.join(' ')).toMatch(problem);
  });

  it('builds the message a person sends', () => {
    expect(mailtoToMessage('mailto:leave@list.example?subject=Unsubscribe%20weekly&body=Please%20remove%20me', 'anna@journey-audit.test')).toEqual({
      from: 'anna@journey-audit.test',
      to: 'leave@list.example',
      subject: 'Unsubscribe weekly',
      text: 'Please remove me',
    });
    expect(mailtoToMessage('mailto:leave@list.example', 'anna@journey-audit.test')).toMatchObject({ subject: 'unsubscribe', text: 'unsubscribe' });
    expect(() => mailtoToMessage('https://x.example', 'a@b.c')).toThrow(/not a usable mailto/);
    expect(() => mailtoToMessage('mailto:nobody', 'a@b.c')).toThrow(/no valid address/);
  });
});

describe('sendMailAs through a real relay', () => {
  it('sends the mailto message through the relay, whatever the recipient domain', async () => {
    const message = mailtoToMessage('mailto:unsubscribe@far-away.example?subject=unsubscribe%20me&body=Remove%20anna', 'Anna <anna.x1@journey-audit.test>');
    const sent = await sendMailAs({ relay: { host: '127.0.0.1', port }, ...message });
    const got = received[received.length - 1];
    expect(got.from).toBe('anna.x1@journey-audit.test');
    expect(got.to).toEqual(['unsubscribe@far-away.example']);
    expect(got.raw.toString()).toBe(sent.raw.toString());
    const parsed = await simpleParser(got.raw);
    expect(parsed.subject).toBe('unsubscribe me');
    expect(parsed.text?.trim()).toBe('Remove anna');
    expect(parsed.messageId).toBe(sent.messageId);
  });

  it('a reply carries In-Reply-To and References, and authenticates when asked', async () => {
    const sent = await sendMailAs({
      relay: { host: '127.0.0.1', port, auth: { user: 'anna', pass: 's3cret-pass' } },
      from: 'anna@journey-audit.test',
      to: 'news@shop.example',
      subject: 'Re: Big sale',
      text: 'unsubscribe',
      inReplyTo: '<m1@shop.example>',
      references: ['<m0@shop.example>', '<m1@shop.example>'],
    });
    const parsed = await simpleParser(sent.raw);
    expect(parsed.inReplyTo).toBe('<m1@shop.example>');
    expect(parsed.references).toEqual(['<m0@shop.example>', '<m1@shop.example>']);
    expect(received[received.length - 1].user).toBe('anna');
  });

  it('a wrong password is an error that does not show the password', async () => {
    const error = await sendMailAs({ relay: { host: '127.0.0.1', port, auth: { user: 'anna', pass: 'wrong-pass-123' } }, from: 'a@b.test', to: 'c@d.test' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).not.toContain('wrong-pass-123');
  });

  it('a relay that is not there fails fast; no relay is refused', async () => {
    const started = Date.now();
    await expect(sendMailAs({ relay: { host: '127.0.0.1', port: 1 }, from: 'a@b.test', to: 'c@d.test', timeoutMs: 2000 })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(budget(5000));
    await expect(sendMailAs({ relay: { host: '', port: 25 }, from: 'a@b.test', to: 'c@d.test' })).rejects.toThrow(/never looks up MX/);
    await expect(sendMailAs({ relay: { host: '127.0.0.1', port }, from: 'a@b.test', to: 'nobody' })).rejects.toThrow(/no recipient/);
  });
});
