import type { ReceivedMail } from '../../mail/received-mail.js';
import type { HeaderAudit } from '../../unsubscribe/index.js';
import type { StepContext } from '../step-context.js';
import { recordPath } from './path-result.js';

/** The List-Unsubscribe headers, as a mail program reads them. */
export async function auditHeaderPath(ctx: StepContext, mail: ReceivedMail, evidence: string[]): Promise<{ audit: HeaderAudit; errors: number }> {
  const { auditListHeaders } = await import('../../unsubscribe/index.js');
  const audit = auditListHeaders(mail.headerLines, { allowHttpOnLoopback: true });
  const offered = audit.uris.http.length + audit.uris.mailto.length > 0;
  const summary = !offered
    ? 'The email has no List-Unsubscribe header, so mail programs show no unsubscribe button.'
    : audit.oneClick.ready
      ? `The email offers one-click unsubscribe (${audit.oneClick.url}) and ${describeUris(audit)}.`
      : `The email offers ${describeUris(audit)} but not one-click unsubscribe.`;
  const errors = recordPath(ctx, 'header', {
    verdict: !offered ? 'not-offered' : audit.problems.length ? 'failed' : 'passed',
    summary,
    problems: audit.problems,
    evidence,
    rules: ['RFC2369', 'RFC8058-1'],
    ...(audit.listId && { listId: audit.listId }),
  });
  return { audit, errors };
}

function describeUris(audit: HeaderAudit): string {
  const parts = [];
  if (audit.uris.http.length) parts.push(`${audit.uris.http.length} web address${audit.uris.http.length > 1 ? 'es' : ''}`);
  if (audit.uris.mailto.length) parts.push(`${audit.uris.mailto.length} mailto address${audit.uris.mailto.length > 1 ? 'es' : ''}`);
  return `unsubscribing by ${parts.join(' and ')}`;
}
