import { withDeadline } from '../core/deadline.js';
import { verifyDkimSignatures, type DnsResolver } from '../mail/dkim-verifier.js';
import { dkimSignatures, signatureCovers } from './dkim-coverage.js';
import { splitHeaderBlock } from './header-lines.js';

/**
 * RFC8058-4 for real: does a signature that *verifies* cover List-Unsubscribe and
 * List-Unsubscribe-Post? The h= list alone (dkim-coverage.ts) is the sender's claim;
 * this checks the cryptography with mailauth. Needs the signer's DNS key: pass a
 * `resolver` (tests, offline runs); without one, DNS is asked, bounded by `timeoutMs`.
 */
export type { DnsResolver };

export interface VerifiedSignature {
  domain: string;
  selector?: string;
  /** mailauth's result: pass, fail, neutral, temperror, permerror, … */
  result: string;
  comment?: string;
  coversUnsubscribe: boolean;
  /** The signing domain aligns with the From domain (DMARC's relaxed sense): the aligned domain, or false. */
  aligned: string | false;
}

export interface DkimVerification {
  signatures: VerifiedSignature[];
  /** A passing signature covers both headers; undefined when the mail is unsigned or nothing could be verified in time. */
  verifiedCoverage?: boolean;
  /** A passing signature whose domain aligns with From covers both headers (what mailbox providers act on). */
  alignedCoverage?: boolean;
  /** Why nothing could be verified (timeout, DNS). */
  error?: string;
}

const UNSUBSCRIBE_HEADERS = ['list-unsubscribe', 'list-unsubscribe-post'];

export async function verifyDkimCoverage(raw: Buffer | string, opts: { resolver?: DnsResolver; timeoutMs: number; now?: Date }): Promise<DkimVerification> {
  const claimed = dkimSignatures(splitHeaderBlock(raw));
  if (claimed.length === 0) return { signatures: [] };
  try {
    const verifying = verifyDkimSignatures(typeof raw === 'string' ? Buffer.from(raw) : raw, {
      ...(opts.resolver ? { resolver: opts.resolver } : {}),
      ...(opts.now ? { curTime: opts.now } : {}),
    });
    const outcome = await withDeadline(verifying, opts.timeoutMs, () => new Error(`DKIM keys could not be fetched within ${opts.timeoutMs} ms`));
    const signatures = outcome.results.map((r, index): VerifiedSignature => {
      // mailauth reports the names it actually verified; fall back to our reading of h=.
      const verifiedKeys = (r as { signingHeaders?: { keys?: string } }).signingHeaders?.keys;
      const claim = verifiedKeys
        ? { signedHeaders: verifiedKeys.split(':').map((k) => k.trim().toLowerCase()) }
        : (claimed.find((c) => c.domain === r.signingDomain && c.selector === r.selector) ?? claimed[index]);
      return {
        domain: r.signingDomain,
        ...(r.selector ? { selector: r.selector } : {}),
        result: r.status.result,
        ...(r.status.comment ? { comment: r.status.comment } : {}),
        coversUnsubscribe: claim ? signatureCovers(claim, UNSUBSCRIBE_HEADERS) : false,
        aligned: (r.status as { aligned?: string | false }).aligned || false,
      };
    });
    const decided = signatures.some((s) => s.result === 'pass' || s.result === 'fail' || s.result === 'neutral' || s.result === 'permerror');
    const verifiedCoverage = signatures.some((s) => s.result === 'pass' && s.coversUnsubscribe);
    const alignedCoverage = signatures.some((s) => s.result === 'pass' && s.coversUnsubscribe && s.aligned !== false);
    return { signatures, ...(decided || verifiedCoverage ? { verifiedCoverage, alignedCoverage } : {}) };
  } catch (error) {
    return { signatures: [], error: (error as Error).message };
  }
}
