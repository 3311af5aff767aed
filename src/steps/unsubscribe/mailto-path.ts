import { errorMessage } from '../../core/errors.js';
import type { BodyAudit, HeaderAudit, ParsedMailto } from '../../unsubscribe/index.js';
import type { ActingMailbox } from '../acting-mailbox.js';
import type { HostPort } from '../../core/host-port.js';
import type { StepContext } from '../step-context.js';
import { recordPath } from './path-result.js';

/**
 * The customer unsubscribes by email: a message to the List-Unsubscribe mailto address (else
 * a mailto: unsubscribe link in the body), sent through the run's relay.
 */
export async function auditMailtoPath(ctx: StepContext, header: HeaderAudit, body: BodyAudit, customer: ActingMailbox, relay: HostPort | undefined, evidence: string[]): Promise<number> {
  const target = header.uris.mailto[0] ?? (await bodyMailto(body));
  if (!target) {
    return recordPath(ctx, 'mailto', { verdict: 'not-offered', summary: 'Unsubscribing by email is not offered, so it was not tried.', problems: [], evidence, rules: ['RFC2369'] });
  }
  if (!relay) {
    return recordPath(ctx, 'mailto', {
      verdict: 'inconclusive',
      summary: `Unsubscribing by email to ${target.address} was not tried: no SMTP relay is configured (--smtp-relay).`,
      problems: [],
      evidence,
    });
  }
  const { mailtoToMessage, sendMailAs } = await import('../../unsubscribe/index.js');
  const message = mailtoToMessage(target.uri, customer.address);
  try {
    const sent = await sendMailAs({ relay, ...message });
    ctx.recordSideEffect({ kind: 'mailto-sent', target: target.address, mailbox: customer.mailbox, address: customer.address });
    const sentFile = await ctx.attach('mailto-unsubscribe.eml', sent.raw, 'message/rfc822');
    return recordPath(ctx, 'mailto', {
      verdict: 'passed',
      summary: `An unsubscribe email was sent to ${target.address}${message.subject ? ` with the subject “${message.subject}”` : ''}; the next steps show whether it was honoured.`,
      problems: [],
      evidence: [...evidence, sentFile],
      rules: ['CANSPAM-MECH'],
    });
  } catch (error) {
    return recordPath(ctx, 'mailto', {
      verdict: 'failed',
      summary: `The unsubscribe address ${target.address} does not accept mail.`,
      problems: [{ code: 'UNSUB_MAILTO_FAILED', message: `The unsubscribe address ${target.address} refused the customer's email: ${errorMessage(error).split('\n')[0]}` }],
      evidence,
    });
  }
}

async function bodyMailto(body: BodyAudit): Promise<ParsedMailto | undefined> {
  const link = body.unsubscribeLinks.find((l) => /^mailto:/i.test(l.url));
  if (!link) return undefined;
  const { parseMailto } = await import('../../unsubscribe/index.js');
  return parseMailto(link.url);
}
