import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import { describe, expect, it } from 'vitest';
import { addressesOf, firstAddress } from '../../../src/mail/addresses.js';
import { composeMessage } from '../../../src/mail/compose-message.js';
import { verifyDkimSignatures } from '../../../src/mail/dkim-verifier.js';

/** What the audit relies on in the package internals it reaches through src/mail/ adapters. */
describe('adapters over package internals (behaviour the audit relies on)', () => {
  it('nodemailer addressparser: bare addresses from names, quotes, groups and comments', () => {
    expect(addressesOf('"News, Weekly" <news@brand.example>, b@example.org')).toEqual(['news@brand.example', 'b@example.org']);
    expect(addressesOf('Team: anna@example.org, ben@example.org;')).toEqual(['anna@example.org', 'ben@example.org']);
    expect(addressesOf('anna@example.org (Anna)')).toEqual(['anna@example.org']);
    expect(firstAddress('no address here')).toBe('no address here');
  });

  it('nodemailer mail-composer: keeps our Message-ID, threading headers and the text as given', async () => {
    const raw = (
      await composeMessage({ from: 'reader@journey-audit.test', to: 'list-request@lists.example', subject: 'unsubscribe', text: 'unsubscribe\r\n', messageId: '<abc.1@journey-audit.test>', inReplyTo: '<x@lists.example>', references: ['<x@lists.example>'] })
    ).toString('utf8');
    expect(raw).toMatch(/^Message-ID: <abc\.1@journey-audit\.test>$/m);
    expect(raw).toMatch(/^In-Reply-To: <x@lists\.example>$/m);
    expect(raw).toMatch(/^References: <x@lists\.example>$/m);
    expect(raw).toMatch(/^Subject: unsubscribe$/m);
    expect(raw.split('\r\n\r\n')[1]).toBe('unsubscribe\r\n');
  });

  it('mailauth dkim verify: result, signing domain, selector and the header names it verified', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const resolver = async (domain: string, rrtype: string) => {
      if (rrtype === 'TXT' && domain === 's1._domainkey.brand.example') return [[`v=DKIM1; k=rsa; p=${p}`]];
      throw Object.assign(new Error(`no ${rrtype} for ${domain}`), { code: 'ENOTFOUND' });
    };
    const message = 'From: news@brand.example\r\nTo: a@example.org\r\nSubject: Hi\r\nList-Unsubscribe: <https://brand.example/u>\r\n\r\nHello\r\n';
    const { signatures } = await dkimSign(message, {
      canonicalization: 'relaxed/relaxed',
      headerList: 'from:to:subject:list-unsubscribe',
      signatureData: [{ signingDomain: 'brand.example', selector: 's1', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }],
    } as never);
    const outcome = await verifyDkimSignatures(Buffer.from(signatures + message), { resolver });
    const [result] = outcome.results;
    expect(result.status.result).toBe('pass');
    expect(result.signingDomain).toBe('brand.example');
    expect(result.selector).toBe('s1');
    expect((result as { signingHeaders?: { keys?: string } }).signingHeaders?.keys?.toLowerCase().split(':').map((k) => k.trim()).sort()).toEqual(['from', 'list-unsubscribe', 'subject', 'to']);
  });
});
