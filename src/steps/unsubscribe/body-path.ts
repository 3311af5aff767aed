import type { ReceivedMail } from '../../mail/received-mail.js';
import type { BodyAudit } from '../../unsubscribe/index.js';
import type { StepContext } from '../step-context.js';
import { recordPath } from './path-result.js';

/** A visible unsubscribe link in the body, as the customer reads the email. */
export async function auditBodyPath(ctx: StepContext, mail: ReceivedMail, evidence: string[]): Promise<{ audit: BodyAudit; errors: number }> {
  const { auditBody } = await import('../../unsubscribe/index.js');
  const audit = auditBody({ html: mail.html, text: mail.text });
  const link = audit.unsubscribeLinks[0];
  const errors = recordPath(ctx, 'body', {
    verdict: link ? 'passed' : 'failed',
    summary: link ? `The email shows an unsubscribe link: “${link.text}”.` : 'The email shows no unsubscribe link the customer could click.',
    problems: audit.problems,
    evidence,
    rules: ['GOOGLE-1'],
  });
  return { audit, errors };
}
