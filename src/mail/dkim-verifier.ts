/**
 * mailauth's DKIM verifier: the one door to that part of mailauth's internals
 * (test/unit/mail/adapters.test.ts pins what we rely on). Loaded on first use.
 */
export type DnsResolver = (domain: string, rrtype: string) => Promise<string[][] | string[]>;

export async function verifyDkimSignatures(raw: Buffer, options: { resolver?: DnsResolver; curTime?: Date }) {
  const { dkimVerify } = await import('mailauth/lib/dkim/verify.js');
  return dkimVerify(raw, options);
}
