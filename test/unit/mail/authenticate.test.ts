import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authenticateMail, type DnsResolver } from '../../../src/mail/authenticate.js';

/** Real DKIM: messages signed with a fresh RSA key (mailauth's signer), verified against its DNS record. */
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const record = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
const resolver: DnsResolver = async (name, type) => {
  if (type === 'TXT' && name === 'mail._domainkey.news.example') return [[record]];
  throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
};

const MESSAGE = [
  'From: News <news@news.example>',
  'To: reader@journey-audit.test',
  'Subject: This week',
  'List-Unsubscribe: <https://news.example/u?t=1>, <mailto:u@news.example>',
  'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
  'Date: Mon, 23 Nov 2026 10:00:00 +0000',
  'Message-ID: <w1@news.example>',
  '',
  'Hello reader.',
  '',
].join('\r\n');

async function signed(headerList: string): Promise<Buffer> {
  const { dkimSign } = (await import('mailauth/lib/dkim/sign.js')) as unknown as { dkimSign(input: Buffer, options: unknown): Promise<{ signatures: string }> };
  const { signatures } = await dkimSign(Buffer.from(MESSAGE), {
    canonicalization: 'relaxed/relaxed',
    headerList,
    signatureData: [{ signingDomain: 'news.example', selector: 'mail', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) }],
  });
  return Buffer.from(signatures + MESSAGE);
}

describe('authenticateMail (mailauth)', () => {
  it('passes a valid signature and says it covers List-Unsubscribe and List-Unsubscribe-Post', async () => {
    const auth = await authenticateMail(await signed('from:to:subject:list-unsubscribe:list-unsubscribe-post'), { resolver, ip: '127.0.0.1', helo: 'news.example', sender: 'news@news.example' });
    expect(auth.dkim).toHaveLength(1);
    expect(auth.dkim[0]).toMatchObject({ domain: 'news.example', selector: 'mail', result: 'pass', aligned: 'news.example', coversListUnsubscribe: true, coversListUnsubscribePost: true });
  });

  it('reports a signature that leaves the unsubscribe headers out', async () => {
    const [verdict] = (await authenticateMail(await signed('from:to:subject'), { resolver, ip: '127.0.0.1' })).dkim;
    expect(verdict).toMatchObject({ result: 'pass', coversListUnsubscribe: false, coversListUnsubscribePost: false });
  });

  it('fails a signature once a signed header was changed on the way', async () => {
    const tampered = Buffer.from((await signed('from:to:subject:list-unsubscribe')).toString().replace('u?t=1', 'u?t=2'));
    const [verdict] = (await authenticateMail(tampered, { resolver, ip: '127.0.0.1' })).dkim;
    expect(verdict.result).toBe('fail');
  });

  it('says so when a message is not signed at all', async () => {
    expect((await authenticateMail(Buffer.from(MESSAGE), { resolver, ip: '127.0.0.1' })).dkim).toEqual([]);
  });
});
