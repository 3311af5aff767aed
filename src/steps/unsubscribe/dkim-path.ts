import { errorMessage } from '../../core/errors.js';
import type { ReceivedMail } from '../../mail/received-mail.js';
import type { HeaderAudit } from '../../unsubscribe/index.js';
import type { StepContext } from '../step-context.js';
import { recordPath, type PathProblem } from './path-result.js';

/** Fetching the signer's key may take a DNS round trip or two; never longer than this. */
const DKIM_TIMEOUT_MS = 5_000;

/**
 * RFC 8058 section 4: a valid DKIM signature, aligned with the From domain, must cover
 * List-Unsubscribe and List-Unsubscribe-Post, or mailbox providers ignore one-click. The
 * signature is verified with mailauth (keys from JOURNEY_AUDIT_DNS, else the system's DNS).
 */
export async function auditDkimPath(ctx: StepContext, mail: ReceivedMail, header: HeaderAudit, evidence: string[]): Promise<number> {
  const listId = header.listId;
  const oneClick = header.oneClick.ready;
  const base = { evidence, rules: ['RFC8058-4'], ...(listId && { listId }) };
  const onList = listId ? ` (List-Id <${listId}>)` : '';
  if (header.dkim.length === 0) {
    // As the header audit: unsigned mail is common on test sites; a sender that signs is judged.
    return recordPath(ctx, 'dkim', {
      ...base,
      verdict: 'not-offered',
      summary: `The email${onList} is not DKIM-signed${oneClick ? ': mailbox providers only trust one-click unsubscribe under a valid signature that covers both headers (RFC 8058 section 4)' : ''}.`,
      problems: [],
    });
  }
  const [{ readRaw }, { verifyDkimCoverage }, { configuredDnsLookup }] = await Promise.all([
    import('../../mail/raw-message.js'),
    import('../../unsubscribe/index.js'),
    import('../../mail/dns-resolver.js'),
  ]);
  let verification;
  try {
    verification = await verifyDkimCoverage(await readRaw(mail), { resolver: configuredDnsLookup(), timeoutMs: DKIM_TIMEOUT_MS, now: new Date(ctx.run.clock.now()) });
  } catch (error) {
    verification = { signatures: [], error: errorMessage(error) };
  }
  const signatures = verification.signatures.map((s) => ({ domain: s.domain, ...(s.selector && { selector: s.selector }), result: s.result, aligned: s.aligned, coversUnsubscribe: s.coversUnsubscribe }));
  const described = signatures.map((s) => `${s.domain}${s.selector ? ` (${s.selector})` : ''}: ${s.result}${s.aligned ? ', aligned with From' : ', not aligned with From'}${s.coversUnsubscribe ? ', covers both headers' : ''}`).join('; ');
  if (verification.alignedCoverage === undefined) {
    return recordPath(ctx, 'dkim', {
      ...base,
      signatures,
      verdict: 'inconclusive',
      summary: `Could not verify the DKIM signature${onList}: ${verification.error ?? 'the signer’s key could not be fetched'}${described ? ` (${described})` : ''}.`,
      problems: [],
    });
  }
  const problems: PathProblem[] = [];
  // The h= claim is already judged by the header audit; here only what the cryptography adds.
  const claimed = header.dkimCoversUnsubscribe === true;
  if (!verification.alignedCoverage && claimed && (oneClick || header.uris.http.length + header.uris.mailto.length > 0)) {
    const why = !verification.verifiedCoverage
      ? 'no signature that covers them verifies'
      : 'the signature that covers them is from a domain not aligned with the From address';
    problems.push({ code: 'UNSUB_DKIM_UNCOVERED', message: `The DKIM signature claims to cover List-Unsubscribe and List-Unsubscribe-Post, but ${why} (${described}).` });
  }
  return recordPath(ctx, 'dkim', {
    ...base,
    signatures,
    verdict: verification.alignedCoverage ? 'passed' : 'failed',
    summary: verification.alignedCoverage
      ? `A valid DKIM signature aligned with the From domain covers List-Unsubscribe and List-Unsubscribe-Post${onList}: ${described}.`
      : `No valid, aligned DKIM signature covers both unsubscribe headers${onList}: ${described}.`,
    problems,
  });
}
