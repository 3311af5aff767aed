import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import { describe, expect, it } from 'vitest';
import { verifyDkimCoverage } from '../../../src/unsubscribe/dkim-verify.js';
import { budget } from '../../support/time-budget.js';

/** A real RSA key, a real signature, and a resolver that answers for the selector's TXT record. */
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const resolver = async (domain: string, rrtype: string) => {
  if (rrtype === 'TXT' && domain === 's1._domainkey.brand.example') return [[`v=DKIM1; k=rsa; p=${p}`]];
  throw Object.assign(new Error(`no ${rrtype} for ${domain}`), { code: 'ENOTFOUND' });
};

const message = [
  'From: Brand <news@brand.example>',
  'To: anna@example.org',
  'Subject: Weekly',
  'List-Unsubscribe: <https://brand.example/u/abc>',
  'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
  'Content-Type: text/plain',
  '',
  'Hello',
  '',
].join('\r\n');

async function signed(headerList: string[], msg = message): Promise<string> {
  const result = await dkimSign(msg, { canonicalization: 'relaxed/relaxed', headerList: headerList.join(':'), signatureData: [{ signingDomain: 'brand.example', selector: 's1', privateKey: pem }] } as never);
  return result.signatures + msg;
}

describe('verifyDkimCoverage (mailauth, real signatures)', () => {
  it('a valid signature over both headers', async () => {
    const v = await verifyDkimCoverage(await signed(['from', 'to', 'subject', 'list-unsubscribe', 'list-unsubscribe-post']), { resolver, timeoutMs: 5000 });
    expect(v.verifiedCoverage).toBe(true);
    expect(v.signatures[0]).toMatchObject({ domain: 'brand.example', selector: 's1', result: 'pass', coversUnsubscribe: true });
  });

  it('a valid signature that leaves out List-Unsubscribe-Post does not count', async () => {
    const v = await verifyDkimCoverage(await signed(['from', 'to', 'subject', 'list-unsubscribe']), { resolver, timeoutMs: 5000 });
    expect(v.signatures[0]).toMatchObject({ result: 'pass', coversUnsubscribe: false });
    expect(v.verifiedCoverage).toBe(false);
  });

  it('a List-Unsubscribe changed after signing breaks the signature', async () => {
    const good = await signed(['from', 'to', 'subject', 'list-unsubscribe', 'list-unsubscribe-post']);
    const v = await verifyDkimCoverage(good.replace('https://brand.example/u/abc', 'https://evil.example/u/abc'), { resolver, timeoutMs: 5000 });
    expect(v.signatures[0].result).toBe('fail');
    expect(v.verifiedCoverage).toBe(false);
  });

  it('unsigned mail and unreachable keys', async () => {
    expect(await verifyDkimCoverage(message, { resolver, timeoutMs: 1000 })).toEqual({ signatures: [] });
    const hanging = () => new Promise<string[][]>(() => undefined);
    const started = Date.now();
    const v = await verifyDkimCoverage(await signed(['from', 'list-unsubscribe', 'list-unsubscribe-post']), { resolver: hanging, timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(budget(2000));
    expect(v.verifiedCoverage).toBeUndefined();
    expect(v.error).toMatch(/within 300 ms/);
  });
});
